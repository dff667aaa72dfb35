import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { currentBackend } from '../../../engine/backend/selectBackend';
import { builtinDataset } from '../../../engine/data/builtin';
import { trainModel } from '../../../engine/train/train';
import { fullyCoupledModel } from '../helpers/models';

// This file never calls selectBackend: trainModel must select one itself (vitest isolates module state per file).
describe('trainModel without a selected backend', () => {
  it('selects one before training and reports it through currentBackend', async () => {
    expect(currentBackend()).toBe('');
    await trainModel(fullyCoupledModel(3, 1), builtinDataset('xor')!, { algorithm: 'boltzmann-exact', epochs: 2, seed: 0, config: {} }, undefined, {
      onEpoch: () => {},
    });
    expect(['tensorflow', 'wasm', 'cpu']).toContain(currentBackend());
    expect(tf.getBackend()).toBe(currentBackend());
  });
});
