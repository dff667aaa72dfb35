import type { DiagramStructure } from './document';

/** Node ids in reading order: top to bottom by rows of ROW_BAND flow units, then left to right. */
export function readingOrder(structure: DiagramStructure): string[] {
  const ROW_BAND = 48;
  return [...structure.nodes]
    .sort((a, b) => Math.round(a.position.y / ROW_BAND) - Math.round(b.position.y / ROW_BAND) || a.position.x - b.position.x || a.position.y - b.position.y)
    .map((n) => n.id);
}

/**
 * The node after (step = 1) or before (step = −1) the most recently selected one in reading order, wrapping around;
 * the first (or last) node when nothing is selected; undefined for an empty diagram.
 */
export function adjacentNode(structure: DiagramStructure, selectedIds: readonly string[], step: 1 | -1): string | undefined {
  const order = readingOrder(structure);
  if (order.length === 0) return undefined;
  const current = selectedIds.length > 0 ? order.indexOf(selectedIds[selectedIds.length - 1]) : -1;
  if (current < 0) return step === 1 ? order[0] : order[order.length - 1];
  return order[(current + step + order.length) % order.length];
}
