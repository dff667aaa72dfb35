import { describe, expect, it } from 'vitest';
import { compile } from '../../../engine/compiler/compile';
import type { ExactTableResult } from '../../../main/api/contract';
import { niceStep } from '../../../renderer/src/exact/ExactBars';
import { AUTO_ENUMERATE_UNITS, enumeratesByItself, modelKey } from '../../../renderer/src/exact/useExactTable';
import { xorDiagram } from '../../engine/helpers/models';
import { chartPatterns, DEFAULT_SORT, formatProbability, nextSort, sortStates, stateIndex, statesCsv, visibleCsv } from '../../../renderer/src/exact/exactRows';

const table: ExactTableResult = {
  unitNames: ['a', 'b', 'h'],
  visibleIndices: [0, 1],
  logPartition: 1.5,
  states: [
    { state: '110', energy: -2, probability: 0.5 },
    { state: '001', energy: -1, probability: 0.3 },
    { state: '100', energy: 0, probability: 0.2 },
  ],
  totalStates: 8,
  visible: [
    { pattern: '11', model: 0.5, data: 0.1 },
    { pattern: '00', model: 0.3, data: 0 },
    { pattern: '10', model: 0.15, data: 0.9 },
    { pattern: '01', model: 0.05, data: 0 },
  ],
  kl: 0.7,
};

describe('exact view rows', () => {
  it('reads state strings with character i as bit i', () => {
    expect(stateIndex('100')).toBe(1);
    expect(stateIndex('001')).toBe(4);
    expect(stateIndex('110')).toBe(3);
  });

  it('sorts by state index, energy or probability in either direction, and flips on a second click', () => {
    expect(sortStates(table.states, { key: 'state', descending: false }).map((r) => r.state)).toEqual(['100', '110', '001']);
    expect(sortStates(table.states, { key: 'energy', descending: true }).map((r) => r.state)).toEqual(['100', '001', '110']);
    expect(sortStates(table.states, DEFAULT_SORT).map((r) => r.state)).toEqual(['110', '001', '100']);
    expect(nextSort(DEFAULT_SORT, 'probability')).toEqual({ key: 'probability', descending: false });
    expect(nextSort(DEFAULT_SORT, 'energy')).toEqual({ key: 'energy', descending: false });
  });

  it('charts the patterns most probable under model or data, keeping the server order', () => {
    expect(chartPatterns(table.visible, 2).map((r) => r.pattern)).toEqual(['11', '10']);
    expect(chartPatterns(table.visible, 10)).toHaveLength(4);
  });

  it('writes the states and the visible distribution as CSV', () => {
    expect(statesCsv(table)).toBe('a,b,h,energy,probability\n1,1,0,-2,0.5\n0,0,1,-1,0.3\n1,0,0,0,0.2\n');
    expect(visibleCsv(table).split('\n').slice(0, 2)).toEqual(['a,b,model,data', '1,1,0.5,0.1']);
    expect(visibleCsv({ ...table, kl: undefined, visible: [{ pattern: '01', model: 1 }] })).toBe('a,b,model\n0,1,1\n');
  });

  it('formats probabilities and picks round tick spacings', () => {
    expect(formatProbability(0.25)).toBe('0.250000');
    expect(formatProbability(1.234e-7)).toBe('1.234e-7');
    expect(formatProbability(0)).toBe('0');
    expect(niceStep(0.0625)).toBeCloseTo(0.1, 12);
    expect(niceStep(0.05)).toBeCloseTo(0.05, 12);
    expect(niceStep(0.011)).toBeCloseTo(0.02, 12);
  });
});

describe('modelKey', () => {
  it('ignores node positions but changes with labels, couplings and encoding', () => {
    const keyOf = (d: ReturnType<typeof xorDiagram>) => {
      const compiled = compile(d);
      if (!compiled.ok) throw new Error('expected the XOR diagram to compile');
      return modelKey(compiled.model);
    };
    const base = xorDiagram();
    const moved = { ...base, nodes: base.nodes.map((n) => ({ ...n, position: { x: n.position.x + 40, y: 7 } })) };
    expect(keyOf(moved)).toBe(keyOf(base));
    expect(keyOf({ ...base, nodes: base.nodes.map((n, i) => (i === 0 ? { ...n, label: 'renamed' } : n)) })).not.toBe(keyOf(base));
    expect(keyOf({ ...base, edges: base.edges.slice(1) })).not.toBe(keyOf(base));
    expect(keyOf(xorDiagram('binary01'))).not.toBe(keyOf(base));
  });
});

describe('when the exact view enumerates by itself', () => {
  it('up to 2^20 states at once; 21–24 units only when asked; beyond that at once, for main to refuse with its reason', () => {
    expect([7, 20, 21, 24, 25, 784].map((unitCount) => enumeratesByItself({ unitCount }))).toEqual([true, true, false, false, true, true]);
    expect(AUTO_ENUMERATE_UNITS).toBe(20);
  });
});
