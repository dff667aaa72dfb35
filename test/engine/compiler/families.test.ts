import { describe, expect, it } from 'vitest';
import { compile } from '../../../engine/compiler/compile';
import { summarize } from '../../../engine/compiler/summary';
import type { CompiledModel, EnergyFamily } from '../../../engine/compiler/types';
import type { Diagram } from '../../../engine/diagram/types';
import { coupling, diagram, layer, parentLink, rbm, unit, xorBoltzmann } from '../diagram/examples';
import { beliefOf, deepFreeze, energyOf, modelOf } from './helpers';

/** Every unit pair with a weight, enumerated from the blocks one entry at a time (reference for the range arithmetic). */
function unitPairs(model: CompiledModel): Set<string> {
  const pairs = new Set<string>();
  for (const block of model.weightBlocks) {
    for (let i = block.rows.start; i < block.rows.end; i++) {
      for (let j = block.cols.start; j < block.cols.end; j++) {
        if (i === j) continue;
        const key = `${Math.min(i, j)},${Math.max(i, j)}`;
        expect(pairs.has(key) && !block.lateral, `pair ${key} appears twice`).toBe(false);
        pairs.add(key);
      }
    }
  }
  return pairs;
}

/** The family defined unit by unit: no hidden → Hopfield; every pair visible–hidden → RBM; else Boltzmann. */
function referenceFamily(model: CompiledModel, pairs: Set<string>): EnergyFamily {
  if (model.hiddenIndices.length === 0) return 'hopfield';
  const hidden = new Set(model.hiddenIndices);
  const bipartite = [...pairs].every((key) => {
    const [i, j] = key.split(',').map(Number);
    return hidden.has(i) !== hidden.has(j);
  });
  return pairs.size > 0 && bipartite ? 'rbm' : 'boltzmann';
}

function checkAgainstReference(d: Diagram): void {
  const model = modelOf(d);
  const pairs = unitPairs(model);
  expect(model.connectionCount).toBe(pairs.size);
  expect(model.parameterCount).toBe(pairs.size + model.unitCount);
  if (model.type === 'energy') expect(model.family).toBe(referenceFamily(model, pairs));
}

describe('energy model families', () => {
  it('XOR Boltzmann machine: 7 units, 21 couplings, 28 parameters', () => {
    const model = energyOf(deepFreeze(xorBoltzmann()));
    expect(model.family).toBe('boltzmann');
    expect(model.encoding).toBe('pm1');
    expect(model.unitCount).toBe(7);
    expect(model.connectionCount).toBe(21);
    expect(model.parameterCount).toBe(21 + 7);
    expect(model.visibleIndices).toEqual([0, 1, 2]);
    expect(model.hiddenIndices).toEqual([3, 4, 5, 6]);
    expect(model.weightBlocks).toHaveLength(21);
    expect(model.weightBlocks[0]).toEqual({ key: 'v1-v2', edgeId: 'v1-v2', rows: { start: 0, end: 1 }, cols: { start: 1, end: 2 }, shape: [1, 1], lateral: false });
    expect(model.biasBlocks.map((b) => b.range.start)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(summarize(model)).toBe('Boltzmann machine · 7 units · 21 couplings');
  });

  it('Hopfield network: visible units only (separate units and a self-coupled layer)', () => {
    const units = ['a', 'b', 'c'].map((id) => unit(id, 'visible'));
    const net = energyOf(diagram(units, [coupling('ab', 'a', 'b'), coupling('bc', 'b', 'c'), coupling('ca', 'c', 'a')]));
    expect(net.family).toBe('hopfield');
    const lateral = energyOf(diagram([layer('L', 'visible', 10)], [coupling('self', 'L', 'L')]));
    expect(lateral.family).toBe('hopfield');
    expect(lateral.weightBlocks).toEqual([
      { key: 'self', edgeId: 'self', rows: { start: 0, end: 10 }, cols: { start: 0, end: 10 }, shape: [10, 10], lateral: true },
    ]);
    expect(lateral.connectionCount).toBe(45);
    expect(lateral.parameterCount).toBe(55);
    expect(summarize(lateral)).toBe('Hopfield network · 10 units · 45 couplings');
  });

  it('RBM from a block alone, with no edges', () => {
    const model = energyOf(diagram([rbm('R', 784, 500, { visibleImageShape: { rows: 28, cols: 28 } })], [], undefined, 'binary01'));
    expect(model.family).toBe('rbm');
    expect(model.weightBlocks).toEqual([
      { key: 'R#internal', nodeId: 'R', rows: { start: 0, end: 784 }, cols: { start: 784, end: 1284 }, shape: [784, 500], lateral: false },
    ]);
    expect(model.nodes[0]).toEqual({
      nodeId: 'R',
      label: 'R',
      range: { start: 0, end: 1284 },
      visible: { start: 0, end: 784 },
      hidden: { start: 784, end: 1284 },
      imageShape: { rows: 28, cols: 28 },
    });
    expect(model.biasBlocks).toEqual([{ nodeId: 'R', range: { start: 0, end: 1284 } }]);
    expect(model.connectionCount).toBe(392_000);
    expect(model.parameterCount).toBe(392_000 + 1284);
    expect(summarize(model)).toBe('restricted Boltzmann machine · 1,284 units · 392,000 couplings');
  });

  it('RBM from a visible layer coupled to a hidden layer, in either direction', () => {
    const model = energyOf(diagram([layer('v', 'visible', 6), layer('h', 'hidden', 3)], [coupling('e', 'h', 'v')]));
    expect(model.family).toBe('rbm');
    expect(model.weightBlocks[0]).toMatchObject({ rows: { start: 6, end: 9 }, cols: { start: 0, end: 6 }, shape: [3, 6] });
  });

  it('RBM from a block plus a second visible layer coupled to separate hidden units', () => {
    const d = diagram([rbm('R', 4, 2), layer('labels', 'visible', 3), layer('h2', 'hidden', 2)], [coupling('e', 'labels', 'h2')]);
    expect(energyOf(d).family).toBe('rbm');
    checkAgainstReference(d);
  });

  it('Boltzmann machine whenever a weight is not visible–hidden', () => {
    const cases: Diagram[] = [
      diagram([layer('v', 'visible', 4), layer('h', 'hidden', 3)], [coupling('vh', 'v', 'h'), coupling('hh', 'h', 'h')]),
      diagram([layer('v', 'visible', 4), layer('v2', 'visible', 2), layer('h', 'hidden', 3)], [coupling('vh', 'v', 'h'), coupling('vv', 'v', 'v2')]),
      diagram([rbm('R', 4, 2), layer('extra', 'visible', 2)], [coupling('toBlock', 'extra', 'R')]),
      diagram([rbm('R', 4, 2), rbm('S', 2, 2)], [coupling('stack', 'R', 'S')]),
      diagram([unit('v', 'visible'), unit('h', 'hidden')]),
    ];
    for (const d of cases) {
      expect(energyOf(d).family).toBe('boltzmann');
      checkAgainstReference(d);
    }
  });

  it('counts of mixed structures match a unit-by-unit enumeration', () => {
    checkAgainstReference(xorBoltzmann());
    checkAgainstReference(
      diagram(
        [unit('a', 'visible'), layer('L', 'hidden', 5), rbm('R', 3, 2), layer('M', 'visible', 4)],
        [coupling('aL', 'a', 'L'), coupling('LL', 'L', 'L'), coupling('RM', 'R', 'M'), coupling('MM', 'M', 'M'), coupling('aR', 'R', 'a')],
      ),
    );
  });
});

describe('unit index assignment', () => {
  it('gives each node a contiguous range in diagram order; RBM blocks visible then hidden', () => {
    const model = energyOf(
      diagram([unit('u', 'visible'), rbm('R', 2, 3), layer('H', 'hidden', 4, { imageShape: { rows: 2, cols: 2 } }), layer('V', 'visible', 2)]),
    );
    expect(model.unitCount).toBe(12);
    expect(model.nodes.map((n) => [n.nodeId, n.range.start, n.range.end])).toEqual([
      ['u', 0, 1],
      ['R', 1, 6],
      ['H', 6, 10],
      ['V', 10, 12],
    ]);
    expect(model.nodes[1]).toMatchObject({ visible: { start: 1, end: 3 }, hidden: { start: 3, end: 6 } });
    expect(model.nodes[2]).toMatchObject({ visible: { start: 6, end: 6 }, hidden: { start: 6, end: 10 }, imageShape: { rows: 2, cols: 2 } });
    expect(model.nodes[3]).toMatchObject({ visible: { start: 10, end: 12 }, hidden: { start: 12, end: 12 } });
    expect(model.visibleIndices).toEqual([0, 1, 2, 10, 11]);
    expect(model.hiddenIndices).toEqual([3, 4, 5, 6, 7, 8, 9]);
  });
});

describe('sigmoid belief networks', () => {
  it('orders nodes topologically and groups them by longest path from a root', () => {
    // A diamond with a shortcut: A→B→D, A→C→D, A→D; E is an isolated root; D→F.
    const nodes = [layer('F', 'visible', 2), layer('D', 'hidden', 3), unit('E', 'hidden'), layer('C', 'hidden', 2), layer('B', 'hidden', 2), layer('A', 'hidden', 1)];
    const links = [parentLink('AB', 'A', 'B'), parentLink('AC', 'A', 'C'), parentLink('BD', 'B', 'D'), parentLink('CD', 'C', 'D'), parentLink('AD', 'A', 'D'), parentLink('DF', 'D', 'F')];
    const model = beliefOf(diagram(nodes, links, undefined, 'binary01'));
    expect(model.layers).toEqual([['E', 'A'], ['C', 'B'], ['D'], ['F']]);
    expect(model.topologicalOrder).toEqual(['E', 'A', 'C', 'B', 'D', 'F']);
    const position = new Map(model.topologicalOrder.map((id, i) => [id, i]));
    for (const link of links) expect(position.get(link.source)!).toBeLessThan(position.get(link.target)!);
    const ranges = new Map(model.nodes.map((n) => [n.nodeId, n.range]));
    for (const block of model.weightBlocks) {
      const link = links.find((l) => l.id === block.edgeId)!;
      expect(block).toMatchObject({ key: link.id, rows: ranges.get(link.source), cols: ranges.get(link.target), lateral: false });
    }
    checkAgainstReference(diagram(nodes, links));
  });

  it('summarises layers, units and links with thousands separators', () => {
    const d = diagram(
      [layer('top', 'hidden', 10), layer('mid', 'hidden', 100), layer('image', 'visible', 784)],
      [parentLink('l1', 'top', 'mid'), parentLink('l2', 'mid', 'image')],
    );
    const model = beliefOf(d);
    expect(model.connectionCount).toBe(1_000 + 78_400);
    expect(summarize(model)).toBe('sigmoid belief network · 3 layers · 894 units · 79,400 links');
  });

  it('does not mutate the diagram', () => {
    const d = deepFreeze(diagram([layer('a', 'hidden', 2), layer('b', 'visible', 2)], [parentLink('ab', 'a', 'b')]));
    expect(compile(d).ok).toBe(true);
  });
});
