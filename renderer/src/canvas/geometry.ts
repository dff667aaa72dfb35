import type { XYPosition } from '@xyflow/react';

/** A node's box on the canvas; round nodes are circles inscribed in it. */
export interface NodeBox {
  x: number;
  y: number;
  width: number;
  height: number;
  round: boolean;
}

/** An edge's SVG path and the point where its label (a fault mark) goes. */
export interface EdgeGeometry {
  path: string;
  labelX: number;
  labelY: number;
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

/** True when the segment a→b passes through the box grown by `margin` (Liang–Barsky clipping). */
export function segmentHitsBox(a: XYPosition, b: XYPosition, box: NodeBox, margin = 4): boolean {
  const minX = box.x - margin;
  const maxX = box.x + box.width + margin;
  const minY = box.y - margin;
  const maxY = box.y + box.height + margin;
  let t0 = 0;
  let t1 = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const edges: [number, number][] = [
    [-dx, a.x - minX],
    [dx, maxX - a.x],
    [-dy, a.y - minY],
    [dy, maxY - a.y],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

/**
 * The path between two boxes, border to border: straight when nothing is in the way, otherwise a quadratic curve
 * bent away from `awayFrom` (the centroid of the diagram) so the edge does not hide behind the nodes between its ends.
 * A non-zero `offset` moves the middle of the edge that far along the normal (−dy, dx) of its direction, so edges
 * joining the same two nodes (see parallelOffsets) are drawn apart.
 */
export function edgePath(source: NodeBox, target: NodeBox, obstacles: NodeBox[], awayFrom: XYPosition, offset = 0): EdgeGeometry {
  const s = centre(source);
  const t = centre(target);
  const start = boundaryPoint(source, t);
  const end = boundaryPoint(target, s);
  const minX = Math.min(start.x, end.x);
  const maxX = Math.max(start.x, end.x);
  const minY = Math.min(start.y, end.y);
  const maxY = Math.max(start.y, end.y);
  // A box beside the segment's bounding box cannot be in its way: skip the clipping test for most nodes.
  const blocked = obstacles.some(
    (box) =>
      box !== source &&
      box !== target &&
      box.x <= maxX + 4 &&
      box.x + box.width >= minX - 4 &&
      box.y <= maxY + 4 &&
      box.y + box.height >= minY - 4 &&
      segmentHitsBox(start, end, box),
  );
  const length = Math.hypot(t.x - s.x, t.y - s.y);
  if ((!blocked && offset === 0) || length === 0) {
    return { path: `M ${start.x},${start.y} L ${end.x},${end.y}`, labelX: (start.x + end.x) / 2, labelY: (start.y + end.y) / 2 };
  }
  const mid = { x: (s.x + t.x) / 2, y: (s.y + t.y) / 2 };
  const nx = -(t.y - s.y) / length;
  const ny = (t.x - s.x) / length;
  const away = nx * (mid.x - awayFrom.x) + ny * (mid.y - awayFrom.y) < 0 ? -1 : 1;
  // A quadratic curve's middle lies halfway to its control point, so the control point sits at twice the offset.
  const bend = (blocked ? away * Math.min(220, Math.max(70, length * 0.32)) : 0) + 2 * offset;
  const control = { x: mid.x + nx * bend, y: mid.y + ny * bend };
  const a = boundaryPoint(source, control);
  const b = boundaryPoint(target, control);
  return {
    path: `M ${a.x},${a.y} Q ${control.x},${control.y} ${b.x},${b.y}`,
    labelX: (a.x + 2 * control.x + b.x) / 4,
    labelY: (a.y + 2 * control.y + b.y) / 4,
  };
}

/** A loop above the box's top-right corner, for a layer coupled to itself. */
export function selfLoopPath(box: NodeBox): EdgeGeometry {
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
