import { describe, expect, it } from 'vitest';
import type { DiagramEdge, DiagramNode, EdgeKind, NodeKind } from '../../engine/diagram/types';
import { autoLayout, chooseLayout, directedRanks, distanceRanks, orderRanks } from '../../renderer/src/canvas/layout/autoLayout';
import { anchorPositions, placeRing, placeRows, RANK_GAP, ROW_GAP } from '../../renderer/src/canvas/layout/placement';
import { NODE_SIZE } from '../../renderer/src/canvas/flowTypes';
import type { DiagramStructure } from '../../renderer/src/store/document';

function node(id: string, role: 'visible' | 'hidden', kind: NodeKind = 'unit', x = 0, y = 0): DiagramNode {
  const position = { x, y };
  if (kind === 'rbm') return { id, kind, label: id, position, visibleSize: 4, hiddenSize: 2 } as DiagramNode;
  if (kind === 'layer') return { id, kind, label: id, position, role, size: 4 } as DiagramNode;
  return { id, kind, label: id, position, role } as DiagramNode;
}
const edge = (kind: EdgeKind, source: string, target: string): DiagramEdge => ({ id: `${source}-${target}`, kind, source, target }) as DiagramEdge;

function structure(nodes: DiagramNode[], edges: DiagramEdge[]): DiagramStructure {
  return { format: 'attractor-diagram', version: 1, id: 'd' as never, name: 'd', settings: { encoding: 'pm1' }, nodes, edges };
}

/** Boxes of every placed node overlap nowhere. */
function overlapFree(s: DiagramStructure, positions: Map<string, { x: number; y: number }>): boolean {
  const boxes = s.nodes.map((n) => ({ ...positions.get(n.id)!, ...NODE_SIZE[n.kind] }));
  return boxes.every((a, i) => boxes.every((b, j) => i === j || a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y));
}

describe('auto-layout: which arrangement', () => {
  it('parent links → layered; fully coupled small net → ring; visible–hidden couplings only → two rows; else layered', () => {
    const sbn = structure([node('a', 'hidden', 'layer'), node('b', 'hidden', 'layer'), node('v', 'visible', 'layer')], [edge('parent', 'a', 'b'), edge('parent', 'b', 'v')]);
    expect(chooseLayout(sbn)).toBe('layered');
    const ids = ['v1', 'v2', 'h1', 'h2'];
    const full = structure(ids.map((id) => node(id, id[0] === 'v' ? 'visible' : 'hidden')), ids.flatMap((a, i) => ids.slice(i + 1).map((b) => edge('coupling', a, b))));
    expect(chooseLayout(full)).toBe('ring');
    const rbm = structure([node('v', 'visible', 'layer'), node('h', 'hidden', 'layer')], [edge('coupling', 'v', 'h')]);
    expect(chooseLayout(rbm)).toBe('bipartite');
    const chain = structure([node('v', 'visible', 'layer'), node('h1', 'hidden', 'layer'), node('h2', 'hidden', 'layer')], [edge('coupling', 'v', 'h1'), edge('coupling', 'h1', 'h2')]);
    expect(chooseLayout(chain)).toBe('layered');
  });

  it('a fully coupled net above the ring limit is not a ring', () => {
    const ids = Array.from({ length: 17 }, (_, i) => `s${i}`);
    const big = structure(ids.map((id) => node(id, 'visible')), ids.flatMap((a, i) => ids.slice(i + 1).map((b) => edge('coupling', a, b))));
    expect(chooseLayout(big)).toBe('layered');
  });
});

describe('auto-layout: ranks', () => {
  it('puts each node one rank below its deepest parent (longest path), roots on top', () => {
    const s = structure(
      ['a', 'b', 'c', 'd'].map((id) => node(id, 'hidden')),
      [edge('parent', 'a', 'b'), edge('parent', 'b', 'c'), edge('parent', 'a', 'c'), edge('parent', 'd', 'c')],
    );
    expect(directedRanks(s)).toEqual([['a', 'd'], ['b'], ['c']]);
  });

  it('still ranks a diagram with a directed cycle (the link closing it is ignored)', () => {
    const s = structure(['a', 'b', 'c'].map((id) => node(id, 'hidden')), [edge('parent', 'a', 'b'), edge('parent', 'b', 'c'), edge('parent', 'c', 'a')]);
    expect(directedRanks(s)).toEqual([['a'], ['b'], ['c']]);
  });

  it('ranks couplings by distance from the visible nodes, visible at the bottom', () => {
    const s = structure([node('h2', 'hidden', 'layer'), node('v', 'visible', 'layer'), node('h1', 'hidden', 'layer')], [edge('coupling', 'v', 'h1'), edge('coupling', 'h1', 'h2')]);
    expect(distanceRanks(s)).toEqual([['h2'], ['h1'], ['v']]);
  });

  it('barycentre ordering uncrosses two crossed edges', () => {
    const s = structure(
      [node('a', 'hidden', 'unit', 0), node('b', 'hidden', 'unit', 100), node('x', 'visible', 'unit', 0), node('y', 'visible', 'unit', 100)],
      [edge('coupling', 'a', 'y'), edge('coupling', 'b', 'x')],
    );
    const ordered = orderRanks([['a', 'b'], ['x', 'y']], s);
    const topIndex = (id: string) => ordered[0].indexOf(id);
    const bottomIndex = (id: string) => ordered[1].indexOf(id);
    // a–y and b–x do not cross when a and y are on the same side.
    expect(Math.sign(topIndex('a') - topIndex('b'))).toBe(Math.sign(bottomIndex('y') - bottomIndex('x')));
  });
});

describe('auto-layout: placement', () => {
  it('rows are centred, ROW_GAP apart within a row and RANK_GAP apart between rows', () => {
    const positions = placeRows([[{ id: 'a', kind: 'layer' }, { id: 'b', kind: 'layer' }], [{ id: 'c', kind: 'unit' }]]);
    const a = positions.get('a')!;
    const b = positions.get('b')!;
    expect(b.x - (a.x + NODE_SIZE.layer.width)).toBe(ROW_GAP);
    expect(a.x + (b.x + NODE_SIZE.layer.width) ).toBeCloseTo(0, 0);
    const c = positions.get('c')!;
    expect(c.y).toBe(NODE_SIZE.layer.height + RANK_GAP);
    expect(c.x + NODE_SIZE.unit.width / 2).toBe(0);
  });

  it('a ring puts every node at the same distance from the centre, the first at the top', () => {
    const nodes = Array.from({ length: 7 }, (_, i) => ({ id: `s${i}`, kind: 'unit' as const }));
    const positions = placeRing(nodes);
    const centres = nodes.map((n) => ({ x: positions.get(n.id)!.x + 32, y: positions.get(n.id)!.y + 32 }));
    const radii = centres.map((c) => Math.hypot(c.x, c.y));
    for (const r of radii) expect(r).toBeCloseTo(radii[0], -0.5);
    expect(Math.abs(centres[0].x)).toBeLessThanOrEqual(1);
    expect(centres[0].y).toBeLessThan(0);
  });

  it('anchoring moves the bounding box to the anchor without changing shapes', () => {
    const moved = anchorPositions(new Map([['a', { x: -10, y: 5 }], ['b', { x: 30, y: -20 }]]), { x: 100, y: 200 });
    expect(moved.get('a')).toEqual({ x: 100, y: 225 });
    expect(moved.get('b')).toEqual({ x: 140, y: 200 });
  });

  it('every arrangement keeps the diagram in place (top-left corner) and nodes apart', () => {
    const ids = ['v1', 'v2', 'v3', 'h1', 'h2'];
    const s = structure(
      ids.map((id, i) => node(id, id[0] === 'v' ? 'visible' : 'hidden', 'unit', 300 + i * 7, 400 - i * 3)),
      ids.flatMap((a, i) => ids.slice(i + 1).map((b) => edge('coupling', a, b))),
    );
    for (const kind of ['ring', 'bipartite', 'layered'] as const) {
      const { positions } = autoLayout(s, kind);
      expect(Math.min(...[...positions.values()].map((p) => p.x))).toBe(300);
      expect(Math.min(...[...positions.values()].map((p) => p.y))).toBe(388);
      expect(overlapFree(s, positions)).toBe(true);
    }
  });

  it('two rows put hidden nodes above visible ones', () => {
    const s = structure([node('v', 'visible', 'layer'), node('h', 'hidden', 'layer')], [edge('coupling', 'v', 'h')]);
    const { kind, positions } = autoLayout(s);
    expect(kind).toBe('bipartite');
    expect(positions.get('h')!.y).toBeLessThan(positions.get('v')!.y);
  });
});
