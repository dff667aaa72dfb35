import type { DiagramEdge } from '../../../engine/diagram/types';

/** Least distance between the middles of two edges joining the same pair of nodes, in flow units. */
export const PARALLEL_SPACING = 28;

/**
 * Sideways offsets of the middles of edges that join the same two nodes (a → b and b → a, or duplicates), so that
 * none hides another: the k edges of a pair fan out about PARALLEL_SPACING apart, centred on the straight line. Each
 * offset is measured along the normal (−dy, dx) of the edge's own direction (source → target), so a → b and b → a
 * with the same offset lie on opposite sides. Edges alone between their ends (and self-loops) are not listed.
 */
export function parallelOffsets(edges: readonly DiagramEdge[]): Map<string, number> {
  const groups = new Map<string, DiagramEdge[]>();
  for (const edge of edges) {
    if (edge.source === edge.target) continue;
    const key = edge.source < edge.target ? `${edge.source}\u0000${edge.target}` : `${edge.target}\u0000${edge.source}`;
    const group = groups.get(key);
    if (group) group.push(edge);
    else groups.set(key, [edge]);
  }
  const offsets = new Map<string, number>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    group.forEach((edge, i) => {
      const offset = (i - (group.length - 1) / 2) * PARALLEL_SPACING;
      // Offsets are laid out for the pair's canonical direction; an edge running the other way sees its normal flipped.
      const forward = edge.source < edge.target;
      offsets.set(edge.id, forward ? offset : -offset);
    });
  }
  return offsets;
}
