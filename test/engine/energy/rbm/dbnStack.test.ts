import { describe, expect, it } from 'vitest';
import { layerStack, stackProblem } from '../../../../engine/energy/rbm/stack';
import { coupling, layer, rbm } from '../../diagram/examples';
import { compileEnergy } from './helpers';
import { stackModel } from './dbnHelpers';

describe('layerStack (a stack of RBMs read from an energy model)', () => {
  it('orders the layers bottom up whatever the edge directions, one RBM per adjacent pair', () => {
    // Edges listed top down and in shuffled order: the chain is found from the visible layer.
    const model = compileEnergy(
      [layer('H2', 'hidden', 2), layer('V', 'visible', 4), layer('H1', 'hidden', 3)],
      [coupling('up', 'H2', 'H1'), coupling('low', 'V', 'H1')],
      undefined,
      'binary01',
    );
    const stack = layerStack(model);
    if (typeof stack === 'string') throw new Error(stack);
    expect(stack.layers.map((n) => n.label)).toEqual(['V', 'H1', 'H2']);
    expect(stack.rbms.map((r) => [r.visibleIndices.length, r.hiddenIndices.length, r.weightBlocks[0].key])).toEqual([
      [4, 3, 'low'],
      [3, 2, 'up'],
    ]);
    expect(stack.rbms[1].biasBlocks.map((b) => b.nodeId).sort()).toEqual(['H1', 'H2']);
  });

  it('refuses what is not a chain with at least two hidden layers, saying what to change', () => {
    expect(stackProblem(stackModel([4, 3]))).toMatch(/at least two hidden layers .* this has 1: train a single RBM with CD or PCD/);
    const branching = compileEnergy(
      [layer('V', 'visible', 3), layer('H1', 'hidden', 2), layer('H2', 'hidden', 2), layer('H3', 'hidden', 2)],
      [coupling('a', 'V', 'H1'), coupling('b', 'H1', 'H2'), coupling('c', 'H1', 'H3')],
      undefined,
      'binary01',
    );
    expect(stackProblem(branching)).toMatch(/'H1' is coupled to 3 layers/);
    const lateral = compileEnergy(
      [layer('V', 'visible', 3), layer('H1', 'hidden', 2), layer('H2', 'hidden', 2)],
      [coupling('a', 'V', 'H1'), coupling('b', 'H1', 'H2'), coupling('self', 'H2', 'H2')],
      undefined,
      'binary01',
    );
    expect(stackProblem(lateral)).toMatch(/couple units within one layer \('H2'\)/);
    const loop = compileEnergy(
      [layer('V', 'visible', 3), layer('H1', 'hidden', 2), layer('H2', 'hidden', 2)],
      [coupling('a', 'V', 'H1'), coupling('b', 'H1', 'H2'), coupling('c', 'H2', 'V')],
      undefined,
      'binary01',
    );
    expect(stackProblem(loop)).toMatch(/'V' is coupled to 2 layers/);
    const block = compileEnergy([rbm('R', 3, 2), layer('H2', 'hidden', 2)], [coupling('a', 'R', 'H2')], undefined, 'binary01');
    expect(stackProblem(block)).toMatch(/'R' holds visible and hidden units/);
    const loose = compileEnergy(
      [layer('V', 'visible', 3), layer('H1', 'hidden', 2), layer('H2', 'hidden', 2), layer('X', 'hidden', 2)],
      [coupling('a', 'V', 'H1'), coupling('b', 'H1', 'H2')],
      undefined,
      'binary01',
    );
    expect(stackProblem(loose)).toMatch(/'X' is not part of the chain/);
    expect(stackProblem(stackModel([16, 12, 8]))).toBeUndefined();
  });
});
