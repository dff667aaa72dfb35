import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { denseCouplings } from '../../../../engine/energy/dense';
import { rbmParameters, rbmStructureProblem, rbmView } from '../../../../engine/energy/rbm/view';
import { layeredModel, randomParameters, rbmModel, useTestBackend } from '../../helpers/models';
import { multiBlockRbm } from './helpers';

beforeAll(useTestBackend);

describe('rbmView', () => {
  it('assembles W, b, c of a multi-block model exactly as the dense couplings place them (either block orientation)', () => {
    const model = multiBlockRbm();
    expect(model.family).toBe('rbm');
    const params = randomParameters(model, 4);
    const view = rbmView(model, params);
    const dense = denseCouplings(model, params);
    const n = model.unitCount;
    expect([view.visibleCount, view.hiddenCount]).toEqual([6, 5]);
    model.visibleIndices.forEach((vi, a) => {
      expect(view.visibleBias[a]).toBeCloseTo(dense.biases[vi], 6);
      model.hiddenIndices.forEach((hj, b) => {
        expect(view.weights[a * view.hiddenCount + b]).toBeCloseTo(dense.couplings[vi * n + hj], 6);
        expect(view.mask![a * view.hiddenCount + b]).toBe(dense.couplingMask[vi * n + hj]);
      });
    });
    model.hiddenIndices.forEach((hj, b) => expect(view.hiddenBias[b]).toBeCloseTo(dense.biases[hj], 6));
    expect(view.mask!.some((m) => m === 0)).toBe(true);
  });

  it('leaves out the mask when every visible unit meets every hidden unit', () => {
    expect(rbmView(rbmModel(4, 3), randomParameters(rbmModel(4, 3), 1)).mask).toBeUndefined();
  });

  it('writes trained values back into every block and bias (round trip)', () => {
    const model = multiBlockRbm('binary01');
    const params = randomParameters(model, 9);
    const back = rbmParameters(model, rbmView(model, params));
    expect(Object.keys(back.weights).sort()).toEqual(Object.keys(params.weights).sort());
    for (const key of Object.keys(params.weights)) expect(Array.from(back.weights[key])).toEqual(Array.from(params.weights[key]));
    for (const key of Object.keys(params.biases)) expect(Array.from(back.biases[key])).toEqual(Array.from(params.biases[key]));
  });

  it('refuses models with visible–visible or hidden–hidden weights, naming the block and the fix', () => {
    const layered = layeredModel(3, 2);
    expect(rbmStructureProblem(layered)).toMatch(/'vv' join visible units to visible units.*delete visible–visible/);
    expect(() => rbmView(layered, randomParameters(layered, 1))).toThrow(/restricted Boltzmann machine only couples visible to hidden/);
    expect(rbmStructureProblem(multiBlockRbm())).toBeUndefined();
  });

  it('creates no tensors', () => {
    const before = tf.memory().numTensors;
    rbmParameters(multiBlockRbm(), rbmView(multiBlockRbm(), randomParameters(multiBlockRbm(), 2)));
    expect(tf.memory().numTensors).toBe(before);
  });
});
