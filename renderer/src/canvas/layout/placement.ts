import type { NodeKind, Position } from '../../../../engine/diagram/types';
import { NODE_SIZE } from '../flowTypes';

/** A node to place: its id and kind (the kind gives its size on the canvas). */
export interface LayoutNode {
  id: string;
  kind: NodeKind;
}

/** Top-left position of every placed node, by node id. */
export type Positions = Map<string, Position>;

/** Horizontal gap between neighbours in a row and vertical gap between rows, in flow units. */
export const ROW_GAP = 56;
export const RANK_GAP = 96;

/**
 * Rows of nodes, the first row at the top: each row left to right in the given order and centred on x = 0;
 * a row is as tall as its tallest node and the nodes of a row share its vertical centre line.
 */
export function placeRows(rows: LayoutNode[][]): Positions {
  const positions: Positions = new Map();
  let top = 0;
  for (const row of rows) {
    if (row.length === 0) continue;
    const sizes = row.map((n) => NODE_SIZE[n.kind]);
    const width = sizes.reduce((sum, s) => sum + s.width, 0) + ROW_GAP * (row.length - 1);
    const height = Math.max(...sizes.map((s) => s.height));
    let left = -width / 2;
    row.forEach((node, i) => {
      positions.set(node.id, { x: Math.round(left), y: Math.round(top + (height - sizes[i].height) / 2) });
      left += sizes[i].width + ROW_GAP;
    });
    top += height + RANK_GAP;
  }
  return positions;
}

/**
 * Nodes evenly spaced on a circle, the first at the top, clockwise; the radius leaves at least ROW_GAP between
 * neighbouring nodes (measured along the circle) and is never below 120.
 */
export function placeRing(nodes: LayoutNode[]): Positions {
  const positions: Positions = new Map();
  if (nodes.length === 0) return positions;
  const sizes = nodes.map((n) => NODE_SIZE[n.kind]);
  const largest = Math.max(...sizes.map((s) => Math.max(s.width, s.height)));
  const radius = Math.max(120, (nodes.length * (largest + ROW_GAP)) / (2 * Math.PI));
  nodes.forEach((node, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / nodes.length;
    const cx = radius * Math.cos(angle);
    const cy = radius * Math.sin(angle);
    positions.set(node.id, { x: Math.round(cx - sizes[i].width / 2), y: Math.round(cy - sizes[i].height / 2) });
  });
  return positions;
}

/** The positions moved so that their bounding box's top-left corner lands on `anchor`. */
export function anchorPositions(positions: Positions, anchor: Position): Positions {
  if (positions.size === 0) return positions;
  const values = [...positions.values()];
  const dx = anchor.x - Math.min(...values.map((p) => p.x));
  const dy = anchor.y - Math.min(...values.map((p) => p.y));
  return new Map([...positions].map(([id, p]) => [id, { x: Math.round(p.x + dx), y: Math.round(p.y + dy) }]));
}

/** Positions rounded to the nearest multiple of `grid` (snap to grid). */
export function snapPosition(position: Position, grid: number): Position {
  return { x: Math.round(position.x / grid) * grid, y: Math.round(position.y / grid) * grid };
}
