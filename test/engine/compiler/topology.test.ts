import { describe, expect, it } from 'vitest';
import { findCycles, longestPathDepths, type Link } from '../../../engine/compiler/topology';
import { edgeId, nodeId, type NodeId } from '../../../engine/diagram/ids';

/** Deterministic pseudo-random graphs (mulberry32), so failures reproduce. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomGraph(seed: number, n: number, density: number, acyclic: boolean): { nodes: NodeId[]; links: Link[] } {
  const random = mulberry32(seed);
  const nodes = Array.from({ length: n }, (_, i) => nodeId(`n${i}`));
  const links: Link[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j || (acyclic && i > j) || random() > density) continue;
      links.push({ id: edgeId(`${i}>${j}`), source: nodes[i], target: nodes[j] });
    }
  }
  return { nodes, links };
}

/** Reference: a node is on a cycle iff it can reach itself (depth-first search from each node). */
function nodesOnCycles(nodes: NodeId[], links: Link[]): Set<NodeId> {
  const onCycle = new Set<NodeId>();
  for (const start of nodes) {
    const seen = new Set<NodeId>();
    const stack = links.filter((l) => l.source === start).map((l) => l.target);
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node === start) onCycle.add(start);
      if (seen.has(node)) continue;
      seen.add(node);
      for (const l of links) if (l.source === node) stack.push(l.target);
    }
  }
  return onCycle;
}

/** Reference: longest path length into each node by enumerating all paths. */
function longestPathsByEnumeration(nodes: NodeId[], links: Link[]): Map<NodeId, number> {
  const depth = new Map(nodes.map((id) => [id, 0]));
  const walk = (node: NodeId, length: number): void => {
    depth.set(node, Math.max(depth.get(node)!, length));
    for (const l of links) if (l.source === node) walk(l.target, length + 1);
  };
  for (const node of nodes) walk(node, 0);
  return depth;
}

describe('findCycles', () => {
  it('finds a cycle exactly when one exists, and every reported cycle is real', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const { nodes, links } = randomGraph(seed, 7, 0.18, false);
      const cycles = findCycles(nodes, links);
      const reference = nodesOnCycles(nodes, links);
      expect(cycles.length > 0, `seed ${seed}`).toBe(reference.size > 0);
      const reported = new Set<NodeId>();
      for (const cycle of cycles) {
        cycle.nodeIds.forEach((from, k) => {
          const to = cycle.nodeIds[(k + 1) % cycle.nodeIds.length];
          const link = links.find((l) => l.id === cycle.edgeIds[k])!;
          expect([link.source, link.target]).toEqual([from, to]);
          expect(reported.has(from), 'components are disjoint').toBe(false);
          reported.add(from);
        });
      }
      for (const id of reported) expect(reference.has(id)).toBe(true);
    }
  });

  it('ignores self-links', () => {
    expect(findCycles([nodeId('a')], [{ id: edgeId('s'), source: nodeId('a'), target: nodeId('a') }])).toEqual([]);
  });
});

describe('longestPathDepths', () => {
  it('matches enumeration of all paths on random DAGs', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const { nodes, links } = randomGraph(seed, 8, 0.3, true);
      expect(longestPathDepths(nodes, links), `seed ${seed}`).toEqual(longestPathsByEnumeration(nodes, links));
    }
  });

  it('handles a chain of 20,000 nodes without recursion limits', () => {
    const nodes = Array.from({ length: 20_000 }, (_, i) => nodeId(`n${i}`));
    const links = nodes.slice(1).map((id, i) => ({ id: edgeId(`l${i}`), source: nodes[i], target: id }));
    expect(longestPathDepths(nodes, links).get(nodes[19_999])).toBe(19_999);
    expect(findCycles(nodes, [...links, { id: edgeId('back'), source: nodes[19_999], target: nodes[0] }])[0].nodeIds).toHaveLength(20_000);
  });
});
