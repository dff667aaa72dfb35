import type { XYPosition } from '@xyflow/react';

/** A node's box on the canvas; round nodes are circles inscribed in it. */
export interface NodeBox {
  x: number;
  y: number;
  width: number;
  height: number;
  round: boolean;
}

export const centre = (b: NodeBox): XYPosition => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

/** Where the ray from the box centre towards `toward` leaves the box (circle or rectangle). */
export function boundaryPoint(box: NodeBox, toward: XYPosition): XYPosition {
  const c = centre(box);
  const dx = toward.x - c.x;
  const dy = toward.y - c.y;
  const length = Math.hypot(dx, dy);
  if (length === 0) return c;
  if (box.round) {
    const r = Math.min(box.width, box.height) / 2;
    return { x: c.x + (dx / length) * r, y: c.y + (dy / length) * r };
  }
  const scale = Math.min(Math.abs(box.width / 2 / (dx || 1e-9)), Math.abs(box.height / 2 / (dy || 1e-9)));
  return { x: c.x + dx * scale, y: c.y + dy * scale };
}

/** A straight segment between two boxes, from border to border; also its midpoint for a label. */
export function straightPath(source: NodeBox, target: NodeBox): { path: string; labelX: number; labelY: number } {
  const start = boundaryPoint(source, centre(target));
  const end = boundaryPoint(target, centre(source));
  return { path: `M ${start.x},${start.y} L ${end.x},${end.y}`, labelX: (start.x + end.x) / 2, labelY: (start.y + end.y) / 2 };
}

/** A loop above the box's top-right corner, for a layer coupled to itself. */
export function selfLoopPath(box: NodeBox): { path: string; labelX: number; labelY: number } {
  const sx = box.x + box.width * 0.62;
  const sy = box.y;
  const ex = box.x + box.width;
  const ey = box.y + box.height * 0.38;
  const reach = 46;
  return {
    path: `M ${sx},${sy} C ${sx},${sy - reach} ${ex + reach},${ey} ${ex},${ey}`,
    labelX: ex + reach * 0.45,
    labelY: sy - reach * 0.45,
  };
}
