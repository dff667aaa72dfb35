import type { DiagramEdge, DiagramNode } from '../../../../engine/diagram/types';
import type { DiagramStructure } from '../../store/document';
import { anchorPositions, placeRing, placeRows, type LayoutNode, type Positions } from './placement';

/** Which arrangement auto-layout picks (see chooseLayout). */
export type LayoutKind = 'layered' | 'bipartite' | 'ring';

/** Fully coupled nets of at most this many nodes are drawn as a ring. */
export const RING_LIMIT = 16;

const roleOf = (node: DiagramNode): 'visible' | 'hidden' | 'both' => (node.kind === 'rbm' ? 'both' : node.role);
const links = (structure: DiagramStructure): DiagramEdge[] => structure.edges.filter((e) => e.source !== e.target);

/** True when every two distinct nodes are joined by a coupling (in either direction). */
export function isFullyCoupled(structure: DiagramStructure): boolean {
  const pairs = new Set(links(structure).filter((e) => e.kind === 'coupling').map((e) => [e.source, e.target].sort().join('\u0000')));
  const ids = structure.nodes.map((n) => n.id as string);
  for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) if (!pairs.has([ids[i], ids[j]].sort().join('\u0000'))) return false;
  return true;
}

/** True when there are couplings and every one joins a visible node to a hidden node (an RBM drawn as layers or units). */
export function isRoleBipartite(structure: DiagramStructure): boolean {
  const byId = new Map(structure.nodes.map((n) => [n.id as string, n]));
  const couplings = links(structure);
  if (couplings.length === 0 || couplings.some((e) => e.kind !== 'coupling')) return false;
  return couplings.every((e) => {
    const a = byId.get(e.source);
    const b = byId.get(e.target);
    return a !== undefined && b !== undefined && roleOf(a) !== 'both' && roleOf(b) !== 'both' && roleOf(a) !== roleOf(b);
  });
}

/**
 * Layered top to bottom when parent links dominate (a DAG, parents above children); a ring for a fully coupled net of
 * 3 to RING_LIMIT nodes; two rows (hidden above visible) when every coupling joins visible to hidden; otherwise
 * layered by coupling distance from the visible nodes, visible at the bottom.
 */
export function chooseLayout(structure: DiagramStructure): LayoutKind {
  if (mostlyDirected(structure)) return 'layered';
  const n = structure.nodes.length;
  if (n >= 3 && n <= RING_LIMIT && isFullyCoupled(structure)) return 'ring';
  return isRoleBipartite(structure) ? 'bipartite' : 'layered';
}

/** True when parent links outnumber couplings (the compiler then reads the diagram as a belief network). */
function mostlyDirected(structure: DiagramStructure): boolean {
  const edges = links(structure);
  const parents = edges.filter((e) => e.kind === 'parent').length;
  return parents > edges.length - parents;
}

function neighbours(structure: DiagramStructure): Map<string, string[]> {
  const adjacent = new Map<string, string[]>(structure.nodes.map((n) => [n.id, []]));
  for (const e of links(structure)) {
    adjacent.get(e.source)?.push(e.target);
    adjacent.get(e.target)?.push(e.source);
  }
  return adjacent;
}

/**
 * Ranks of a directed graph, roots first: each node one below its deepest parent (longest path), and visible nodes
 * without children in the last rank (a belief network's data layer at the bottom, even when some of its parents sit
 * higher than the deepest hidden layer). Links that close a cycle (back edges of a depth-first search in diagram
 * order) are ignored, so a cyclic diagram still lays out.
 */
export function directedRanks(structure: DiagramStructure): string[][] {
  const ids = structure.nodes.map((n) => n.id as string);
  const children = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of links(structure)) if (e.kind === 'parent') children.get(e.source)?.push(e.target);
  const state = new Map<string, 'open' | 'done'>();
  const order: string[] = [];
  const kept = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const root of ids) {
    if (state.has(root)) continue;
    const stack: { id: string; next: number }[] = [{ id: root, next: 0 }];
    state.set(root, 'open');
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const out = children.get(frame.id)!;
      if (frame.next < out.length) {
        const child = out[frame.next++];
        if (state.get(child) === 'open') continue;
        kept.get(frame.id)!.push(child);
        if (!state.has(child)) {
          state.set(child, 'open');
          stack.push({ id: child, next: 0 });
        }
        continue;
      }
      state.set(frame.id, 'done');
      order.push(frame.id);
      stack.pop();
    }
  }
  const depth = new Map<string, number>(ids.map((id) => [id, 0]));
  for (const id of order.reverse()) for (const child of kept.get(id)!) depth.set(child, Math.max(depth.get(child)!, depth.get(id)! + 1));
  const last = Math.max(0, ...depth.values());
  for (const node of structure.nodes) if (roleOf(node) === 'visible' && kept.get(node.id)!.length === 0) depth.set(node.id, last);
  return groupByRank(ids, depth);
}

/** Ranks by coupling distance from the visible nodes (top rank farthest, visible nodes at the bottom). */
export function distanceRanks(structure: DiagramStructure): string[][] {
  const adjacent = neighbours(structure);
  const distance = new Map<string, number>();
  const visit = (sources: string[]) => {
    const queue = sources.filter((id) => !distance.has(id));
    for (const id of queue) distance.set(id, 0);
    for (let head = 0; head < queue.length; head++) {
      for (const next of adjacent.get(queue[head]) ?? []) {
        if (distance.has(next)) continue;
        distance.set(next, distance.get(queue[head])! + 1);
        queue.push(next);
      }
    }
  };
  visit(structure.nodes.filter((n) => roleOf(n) !== 'hidden').map((n) => n.id));
  for (const node of structure.nodes) if (!distance.has(node.id)) visit([node.id]);
  return groupByRank(
    structure.nodes.map((n) => n.id),
    distance,
  ).reverse();
}

function groupByRank(ids: string[], rank: Map<string, number>): string[][] {
  const ranks: string[][] = [];
  for (const id of ids) (ranks[rank.get(id) ?? 0] ??= []).push(id);
  return ranks.filter((r) => r !== undefined && r.length > 0);
}

/**
 * Orders each rank to shorten edges (barycentre heuristic, Sugiyama et al. 1981): starting from the current left-to-right
 * order, each node moves to the mean position of its neighbours in the rank above, then below, for a few sweeps.
 */
export function orderRanks(ranks: string[][], structure: DiagramStructure, sweeps = 4): string[][] {
  const adjacent = neighbours(structure);
  const x = new Map(structure.nodes.map((n) => [n.id as string, n.position.x]));
  let result = ranks.map((rank) => [...rank].sort((a, b) => x.get(a)! - x.get(b)!));
  const reorder = (rank: string[], reference: string[]) => {
    const index = new Map(reference.map((id, i) => [id, i]));
    const key = new Map(
      rank.map((id, i) => {
        const near = (adjacent.get(id) ?? []).filter((n) => index.has(n)).map((n) => index.get(n)! * (rank.length / Math.max(1, reference.length)));
        return [id, near.length > 0 ? near.reduce((a, b) => a + b, 0) / near.length : i];
      }),
    );
    return [...rank].sort((a, b) => key.get(a)! - key.get(b)!);
  };
  for (let s = 0; s < sweeps; s++) {
    const down = s % 2 === 0;
    const next = [...result];
    for (let k = 1; k < next.length; k++) {
      const r = down ? k : next.length - 1 - k;
      next[r] = reorder(next[r], next[down ? r - 1 : r + 1]);
    }
    result = next;
  }
  return result;
}

/** New positions for every node of the diagram, arranged as chooseLayout says, keeping its top-left corner in place. */
export function autoLayout(structure: DiagramStructure, kind: LayoutKind = chooseLayout(structure)): { kind: LayoutKind; positions: Positions } {
  const byId = new Map<string, LayoutNode>(structure.nodes.map((n) => [n.id, { id: n.id, kind: n.kind }]));
  const asNodes = (ids: string[]) => ids.map((id) => byId.get(id)!);
  let positions: Positions;
  if (kind === 'ring') positions = placeRing(asNodes(structure.nodes.map((n) => n.id)));
  else {
    const ranks =
      kind === 'bipartite'
        ? [structure.nodes.filter((n) => roleOf(n) === 'hidden'), structure.nodes.filter((n) => roleOf(n) !== 'hidden')].map((r) => r.map((n) => n.id as string))
        : mostlyDirected(structure)
          ? directedRanks(structure)
          : distanceRanks(structure);
    positions = placeRows(orderRanks(ranks, structure).map(asNodes));
  }
  const anchor = structure.nodes.length > 0 ? { x: Math.min(...structure.nodes.map((n) => n.position.x)), y: Math.min(...structure.nodes.map((n) => n.position.y)) } : { x: 0, y: 0 };
  return { kind, positions: anchorPositions(positions, anchor) };
}
