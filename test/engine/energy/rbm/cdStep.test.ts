import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnergyModelSpec } from '../../../../engine/compiler/types';
import { contrastiveDivergenceStep, resolveCdArgs, type CdArgs, type CdState } from '../../../../engine/energy/rbm/cd';
import { createUniformNoise, type UniformNoise } from '../../../../engine/energy/rbm/noise';
import { rbmView, type RbmView } from '../../../../engine/energy/rbm/view';
import { createRandom } from '../../../../engine/random/seeded';
import { randomParameters, rbmModel, useTestBackend } from '../../helpers/models';
import { hiddenFieldsRef, maxDifference, meanOf, multiBlockRbm, visibleFieldsRef } from './helpers';

beforeAll(useTestBackend);

/** Samples in float64 from the same noise words the engine draws: s = high state when mean − u > 0. */
function sampleRef(means: Float64Array, encoding: RbmView['encoding'], noise: UniformNoise): Float64Array {
  const low = encoding === 'pm1' ? -1 : 0;
  const u = noise.fill(means.length, low, 1);
  return means.map((m, k) => (m - u[k] > 0 ? 1 : low));
}

/**
 * Mehlig Algorithm 3 written out per pattern in float64 (the increments of eqs. 4.38–4.39, averaged over the minibatch),
 * with PCD chains, momentum and weight decay as documented on CdArgs.
 */
function referenceStep(state: CdState, batch: Float32Array, size: number, args: CdArgs, noise: UniformNoise): CdState {
  const config = resolveCdArgs(args);
  const { view } = state;
  const { visibleCount: v, hiddenCount: h, encoding } = view;
  const mean = (fields: Float64Array) => fields.map((f) => meanOf(f, encoding));
  const positive = mean(hiddenFieldsRef(view, batch, size));
  const chains = config.persistent ? state.chainHidden!.length / h : size;
  let hidden: Float64Array = config.persistent ? Float64Array.from(state.chainHidden!) : sampleRef(positive, encoding, noise);
  let visible: Float64Array = Float64Array.from(batch);
  let negative: Float64Array = positive;
  for (let t = 1; t <= config.k; t++) {
    visible = sampleRef(mean(visibleFieldsRef(view, hidden, chains)), encoding, noise);
    negative = mean(hiddenFieldsRef(view, visible, chains));
    if (t < config.k || config.persistent) hidden = sampleRef(negative, encoding, noise);
  }
  const eta = config.learningRate;
  const dW = new Float64Array(v * h);
  const db = new Float64Array(v);
  const dc = new Float64Array(h);
  for (let i = 0; i < v; i++) {
    for (let j = 0; j < h; j++) {
      let plus = 0;
      let minus = 0;
      for (let b = 0; b < size; b++) plus += positive[j * size + b] * batch[i * size + b];
      for (let r = 0; r < chains; r++) minus += negative[j * chains + r] * visible[i * chains + r];
      const w = view.weights[i * h + j];
      dW[i * h + j] = ((eta * plus) / size - (eta * minus) / chains) * (view.mask ? view.mask[i * h + j] : 1) - eta * config.weightDecay * w;
    }
  }
  for (let i = 0; i < v; i++) {
    for (let b = 0; b < size; b++) db[i] += (eta * batch[i * size + b]) / size;
    for (let r = 0; r < chains; r++) db[i] -= (eta * visible[i * chains + r]) / chains;
  }
  for (let j = 0; j < h; j++) {
    for (let b = 0; b < size; b++) dc[j] += (eta * positive[j * size + b]) / size;
    for (let r = 0; r < chains; r++) dc[j] -= (eta * negative[j * chains + r]) / chains;
  }
  const mu = config.momentum;
  const withMomentum = (step: Float64Array, previous: Float32Array | undefined) => (mu > 0 ? step.map((s, k) => s + mu * (previous?.[k] ?? 0)) : step);
  const stepW = withMomentum(dW, state.velocity?.weights);
  const stepB = withMomentum(db, state.velocity?.visibleBias);
  const stepC = withMomentum(dc, state.velocity?.hiddenBias);
  return {
    view: {
      ...view,
      weights: Float32Array.from(view.weights, (w, k) => w + stepW[k]),
      visibleBias: Float32Array.from(view.visibleBias, (b, k) => b + stepB[k]),
      hiddenBias: Float32Array.from(view.hiddenBias, (c, k) => c + stepC[k]),
    },
    ...(mu > 0 ? { velocity: { weights: Float32Array.from(stepW), visibleBias: Float32Array.from(stepB), hiddenBias: Float32Array.from(stepC) } } : {}),
    ...(config.persistent ? { chainHidden: Float32Array.from(hidden) } : {}),
  };
}

/** A random batch of unit values in column layout. */
function randomBatch(width: number, size: number, encoding: RbmView['encoding'], seed: number): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from({ length: width * size }, () => (random.next() < 0.5 ? 1 : encoding === 'pm1' ? -1 : 0));
}

/** Runs `steps` updates through the engine and through the reference with twin noise streams; returns the largest gap. */
function compare(model: EnergyModelSpec, args: CdArgs, size: number, steps: number, chains = 0): number {
  const view = rbmView(model, randomParameters(model, 5, 0.5, 0.3));
  const twin = () => createUniformNoise(createRandom(11));
  const [engineNoise, referenceNoise] = [twin(), twin()];
  const start: CdState = { view };
  if (args.persistent) start.chainHidden = randomBatch(view.hiddenCount, chains, view.encoding, 3);
  let engine = start;
  let reference = start;
  let gap = 0;
  for (let s = 0; s < steps; s++) {
    const batch = randomBatch(view.visibleCount, size, view.encoding, 100 + s);
    engine = contrastiveDivergenceStep(engine, batch, size, args, engineNoise);
    reference = referenceStep(reference, batch, size, args, referenceNoise);
    gap = Math.max(
      gap,
      maxDifference(engine.view.weights, reference.view.weights),
      maxDifference(engine.view.visibleBias, reference.view.visibleBias),
      maxDifference(engine.view.hiddenBias, reference.view.hiddenBias),
    );
    if (args.persistent) expect(Array.from(engine.chainHidden!)).toEqual(Array.from(reference.chainHidden!));
  }
  return gap;
}

// float32 products of ≤ 16 terms of size ≤ ~3 against float64: differences stay below 1e-5.
const TOLERANCE = 1e-5;

describe('contrastiveDivergenceStep agrees with Mehlig Algorithm 3 written out in float64', () => {
  it('CD-1, ±1 units', () => {
    expect(compare(rbmModel(6, 4, 'pm1'), { k: 1, learningRate: 0.3 }, 5, 3)).toBeLessThan(TOLERANCE);
  });

  it('CD-3, 0/1 units, with momentum and weight decay carried over several minibatches', () => {
    expect(compare(rbmModel(5, 7, 'binary01'), { k: 3, learningRate: 0.2, momentum: 0.7, weightDecay: 0.05 }, 8, 4)).toBeLessThan(TOLERANCE);
  });

  it('PCD-2 with more chains than patterns, ±1 and 0/1 units', () => {
    expect(compare(rbmModel(4, 3, 'pm1'), { k: 2, persistent: true, learningRate: 0.1 }, 3, 4, 7)).toBeLessThan(TOLERANCE);
    expect(compare(rbmModel(4, 3, 'binary01'), { k: 1, persistent: true, momentum: 0.5 }, 6, 3, 2)).toBeLessThan(TOLERANCE);
  });

  it('multi-block models: weights between units no block joins stay exactly 0', () => {
    const model = multiBlockRbm('binary01');
    expect(compare(model, { k: 1, learningRate: 0.5, weightDecay: 0.01, momentum: 0.5 }, 4, 3)).toBeLessThan(TOLERANCE);
    const view = rbmView(model, randomParameters(model, 2));
    const next = contrastiveDivergenceStep({ view }, randomBatch(view.visibleCount, 4, 'binary01', 1), 4, { learningRate: 1 }, createUniformNoise(createRandom(1)));
    view.mask!.forEach((m, k) => {
      if (m === 0) expect(next.view.weights[k]).toBe(0);
    });
  });

  it('leaves tf.memory().numTensors unchanged and refuses malformed input', () => {
    const view = rbmView(rbmModel(3, 2), randomParameters(rbmModel(3, 2), 1));
    const noise = createUniformNoise(createRandom(1));
    const before = tf.memory().numTensors;
    contrastiveDivergenceStep({ view }, randomBatch(3, 2, 'pm1', 1), 2, { momentum: 0.5 }, noise);
    contrastiveDivergenceStep({ view, chainHidden: new Float32Array(4).fill(1) }, randomBatch(3, 2, 'pm1', 1), 2, { persistent: true }, noise);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => contrastiveDivergenceStep({ view }, new Float32Array(5), 2, {}, noise)).toThrow(/needs 6 values, got 5/);
    expect(() => contrastiveDivergenceStep({ view }, new Float32Array(6), 2, { k: 0 }, noise)).toThrow(/k ≥ 1/);
    expect(() => contrastiveDivergenceStep({ view }, new Float32Array(6), 2, { persistent: true }, noise)).toThrow(/chains' hidden states/);
  });
});

describe('CD-k with long chains estimates the exact log-likelihood gradient (Mehlig eq. 4.32)', () => {
  // With η = 1 one step's increment is ⟨E[h|x] x⟩_data − (1/C) Σ_r E[h|v_r(k)] v_r(k); for k = 30 on weights of scale 0.4 the
  // chains have mixed, so the second term is a C-sample Monte-Carlo estimate of ⟨h v⟩_model. Tolerance: 4 standard errors,
  // the per-entry spread over chains bounded by its maximum, 1 (|E[h|v] v| ≤ 1), so SE ≤ 1/√C.
  it.each(['pm1', 'binary01'] as const)('%s units', async (encoding) => {
    const { exactModelStatistics } = await import('../../../../engine/energy/exact');
    const model = rbmModel(4, 3, encoding);
    const params = randomParameters(model, 8, 0.4, 0.3);
    const view = rbmView(model, params);
    const copies = 1000;
    const patterns = [[1, 0, 0, 1], [0, 1, 1, 1], [1, 1, 0, 0], [0, 0, 0, 1]];
    const size = patterns.length * copies;
    const low = encoding === 'pm1' ? -1 : 0;
    const batch = new Float32Array(4 * size);
    for (let i = 0; i < 4; i++) for (let b = 0; b < size; b++) batch[i * size + b] = patterns[b % patterns.length][i] ? 1 : low;
    const next = contrastiveDivergenceStep({ view }, batch, size, { k: 30, learningRate: 1 }, createUniformNoise(createRandom(4)));
    const stats = exactModelStatistics(model, params);
    const n = model.unitCount;
    const dataMean = (fn: (x: number[], hidden: number[]) => number) =>
      patterns.reduce((sum, x) => {
        const xs: number[] = x.map((bit) => (bit ? 1 : low));
        const hidden = [0, 1, 2].map((j) => meanOf(view.hiddenBias[j] + xs.reduce((a: number, xi: number, i: number) => a + xi * view.weights[i * 3 + j], 0), encoding));
        return sum + fn(xs, hidden) / patterns.length;
      }, 0);
    const tolerance = 4 / Math.sqrt(size);
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 3; j++) {
        const exact = dataMean((x, h) => x[i] * h[j]) - stats.correlations[i * n + 4 + j];
        expect(Math.abs(next.view.weights[i * 3 + j] - view.weights[i * 3 + j] - exact)).toBeLessThan(tolerance);
      }
      expect(Math.abs(next.view.visibleBias[i] - view.visibleBias[i] - (dataMean((x) => x[i]) - stats.meanStates[i]))).toBeLessThan(tolerance);
    }
    for (let j = 0; j < 3; j++) {
      expect(Math.abs(next.view.hiddenBias[j] - view.hiddenBias[j] - (dataMean((_, h) => h[j]) - stats.meanStates[4 + j]))).toBeLessThan(tolerance);
    }
  });
});
