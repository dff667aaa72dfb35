import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { meanFieldBound } from '../../../engine/belief/bound/meanField';
import { beliefNetwork } from '../../../engine/belief/network';
import { layeredBeliefSpec, randomBeliefParameters } from '../../../engine/belief/randomNetworks';
import { importanceBeliefMethod, inferBelief } from '../../../engine/infer/beliefInference';
import { inferenceRows, inferRows, methodsFor } from '../../../engine/infer/runInference';
import { reference64 } from '../belief/reference';
import { randomDataset, useTestBackend } from '../helpers/models';
import { noLeak } from '../helpers/noLeak';
import { rowOf } from './partialReference';

beforeAll(useTestBackend);

const model = layeredBeliefSpec([2, 4, 6]);
const params = randomBeliefParameters(model, 8, { scale: 1.5 });
const network = beliefNetwork(model, params);
const data = randomDataset(6, 8, 3);
const visible = model.visibleIndices;
const hidden = model.hiddenIndices;

/** Settings of the other belief methods, unused by importance sampling. */
const OPTIONS = { chains: 0, burnIn: 0, sweeps: 0, iterations: 0, stepSize: 0 };

/** Exact ln P(known units) and marginals of row r, the visible positions in `known` observed. */
const exactRow = (r: number, known: number[]) => {
  const bits = rowOf(data.bits, 6, r);
  return reference64(network, known.map((p) => visible[p]), known.map((p) => bits[p]));
};

describe("inferRows method 'importance' on belief networks", () => {
  it('is offered with its options and refuses out-of-range samples', async () => {
    const info = methodsFor(model).find((m) => m.name === 'importance')!;
    expect(info.quantity).toBe('logProbabilityEstimate');
    expect(info.label).toBe('Importance sampling (mean-field proposal)');
    expect(info.options.map((o) => [o.key, o.default])).toEqual([['samples', 1000], ['components', 1], ['tolerance', 1e-6], ['maxSweeps', 500]]);
    await expect(inferRows(model, params, data, { method: 'importance', samples: 1 })).rejects.toThrow(/Samples per row \(samples\) must lie in \[2,/);
    await expect(inferRows(model, params, data, { method: 'importance', chains: 4 })).rejects.toThrow(/has no option 'chains'; it takes samples, components, tolerance, maxSweeps/);
  });

  it('estimates ln P(V) per row within a few standard errors of exact, beside the mean-field bound, with importance posterior means', async () => {
    const result = await noLeak(() => inferRows(model, params, data, { method: 'importance', samples: 3000, seed: 2 }));
    expect(result.quantity).toBe('logProbabilityEstimate');
    expect(result.standardErrors).toHaveLength(8);
    const bound = meanFieldBound(network, { units: visible, values: data.bits, count: 8 }).bound;
    for (let r = 0; r < 8; r++) {
      const exact = exactRow(r, [0, 1, 2, 3, 4, 5]);
      expect(Math.abs(result.values![r] - exact.logLikelihood)).toBeLessThan(4.5 * result.standardErrors![r]);
      // Noise in the means: at most 0.5/√ESS ≈ 0.01.
      hidden.forEach((u, k) => expect(Math.abs(result.hiddenMeans[r * hidden.length + k] - exact.marginals[u])).toBeLessThan(0.05));
    }
    expect(result.summary.meanBound).toBeCloseTo(bound.reduce((s, b) => s + b, 0) / 8, 9);
    expect(result.summary.meanValue as number).toBeGreaterThan(result.summary.meanBound as number);
    expect(result.summary.meanEffectiveSamples as number).toBeGreaterThan(300);
    expect(result.summary.samples).toBe(3000);
    expect(result.summary.warning).toBeUndefined();
    const likelihood = result.likelihood!;
    expect(likelihood.quantity).toBe('meanLogLikelihood');
    expect(likelihood.forward.value).toBeCloseTo(result.summary.meanValue as number, 12);
    expect(likelihood.bound).toBeCloseTo(result.summary.meanBound as number, 12);
    expect(likelihood.rows).toBe(8);
    expect(likelihood.provenance).toEqual({ method: 'importance', runs: 3000, seed: 2, proposal: 'meanfield' });
    expect(likelihood.warnings).toEqual([]);
    expect(inferenceRows(result)[3].standardError).toBe(result.standardErrors![3]);
  });

  it('with a clamp, estimates ln P(known units) and completes the unknown ones; components ≥ 2 use the mixture proposal', async () => {
    const known = [0, 2, 3];
    const result = await noLeak(() => inferRows(model, params, data, { method: 'importance', samples: 3000, components: 2, maxSweeps: 100, seed: 4, clamp: { positions: known } }));
    expect(result.summary.components).toBe(2);
    expect(result.likelihood!.provenance.proposal).toBe('mixture:2');
    for (let r = 0; r < 8; r++) {
      const exact = exactRow(r, known);
      expect(Math.abs(result.values![r] - exact.logLikelihood)).toBeLessThan(4.5 * result.standardErrors![r]);
      [1, 4, 5].forEach((p) => expect(Math.abs(result.visibleMeans![r * 6 + p] - exact.marginals[visible[p]])).toBeLessThan(0.05));
      known.forEach((p) => expect(result.visibleMeans![r * 6 + p]).toBe(data.bits[r * 6 + p]));
    }
    expect(result.completed).toHaveLength(48);
  });

  it('draws independent samples for each batch of rows', async () => {
    const row = Array.from(data.bits.subarray(0, 6));
    const same = { ...data, rowCount: 4, bits: Uint8Array.from([...row, ...row, ...row, ...row]) };
    const method = importanceBeliefMethod({ ...OPTIONS, samples: 100, components: 1, tolerance: 1e-6, maxSweeps: 500, seed: 1 });
    const result = await inferBelief(network, same, new Uint8Array(24).fill(1), method, undefined, 2);
    // Row 2 sits where row 0 did in the first batch of two: with one stream for both batches they would agree exactly.
    expect(result.values![2]).not.toBe(result.values![0]);
    expect(result.likelihood!.rows).toBe(4);
  });

  it('reports progress within a batch of rows and stops with its tensors freed when the hook throws', async () => {
    const calls: [number, number][] = [];
    await inferRows(model, params, data, { method: 'importance', samples: 50_000, onProgress: (d, t) => void calls.push([d, t]) });
    // Chunks of samples report fractions of the batch's rows before the batch ends.
    expect(calls.length).toBeGreaterThan(3);
    expect(calls.at(-1)).toEqual([8, 8]);
    calls.slice(1).forEach(([d], c) => expect(d).toBeGreaterThanOrEqual(calls[c][0]));
    const before = tf.memory().numTensors;
    let seen = 0;
    const stop = new Error('cancelled');
    const run = inferRows(model, params, data, {
      method: 'importance',
      samples: 50_000,
      onProgress: () => {
        if (++seen === 2) throw stop;
      },
    });
    await expect(run).rejects.toBe(stop);
    expect(seen).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
  });
});
