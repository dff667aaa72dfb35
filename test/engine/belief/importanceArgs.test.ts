import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BeliefEvidence } from '../../../engine/belief/evidence';
import { beliefImportanceSampling, importanceSummary, importanceWarnings } from '../../../engine/belief/importance';
import { meanFieldBound } from '../../../engine/belief/bound/meanField';
import { randomLayeredBatch, randomLayeredNetwork } from '../../../engine/belief/randomNetworks';
import { summariseLogWeights } from '../../../engine/likelihood/weights';
import { createRandom } from '../../../engine/random/seeded';
import { useTestBackend } from '../helpers/models';
import { noLeak } from '../helpers/noLeak';

beforeAll(useTestBackend);

const network = randomLayeredNetwork([3, 8, 12], 2);
const patterns = (count: number, seed: number): BeliefEvidence => {
  const random = createRandom(seed);
  return { units: network.visibleIndices, values: Uint8Array.from({ length: count * 12 }, () => random.int(2)), count };
};

describe('beliefImportanceSampling: chunks, progress and seeds', () => {
  it('combines chunks exactly as summariseLogWeights does on all the weights at once', async () => {
    // 600 patterns × 100 samples split into 2 pattern × 2 sample chunks; 2 patterns × 30,000 samples into 3 sample chunks.
    for (const [count, samples, chunks] of [[600, 100, 4], [2, 30_000, 3]]) {
      const calls: [number, number][] = [];
      const evidence = patterns(count, count);
      const result = await noLeak(() => beliefImportanceSampling(network, evidence, { samples, seed: 1, keepLogWeights: true, progress: (d, t) => void calls.push([d, t]) }));
      // One report per chunk and one before sampling; the proposal's fit may repeat the last figure (every 0.1 s of sweeps).
      expect(new Set(calls.map(([d]) => d)).size).toBe(chunks + 1);
      expect(calls[0]).toEqual([0, count * samples]);
      expect(calls.at(-1)).toEqual([count * samples, count * samples]);
      calls.slice(1).forEach(([d], c) => expect(d).toBeGreaterThanOrEqual(calls[c][0]));
      for (let q = 0; q < count; q++) {
        const logWeights = result.logWeights!.subarray(q * samples, (q + 1) * samples);
        const direct = summariseLogWeights(logWeights);
        expect(result.values[q]).toBeCloseTo(direct.logMean, 10);
        expect(result.standardErrors[q] / direct.standardError).toBeCloseTo(1, 9);
        expect(result.effectiveSamples[q] / direct.effective).toBeCloseTo(1, 9);
        expect(result.meanLogWeights[q]).toBeCloseTo(logWeights.reduce((s, w) => s + w, 0) / samples, 10);
      }
    }
  });

  it('fits and samples many networks × patterns group by group, as one call would', async () => {
    // 40 networks × 80 patterns: the proposal is fitted for patterns 0–70, then 71–79.
    const batch = randomLayeredBatch([3, 8, 12], 40, 1);
    const evidence = patterns(80, 4);
    const calls: number[] = [];
    const result = await noLeak(() => beliefImportanceSampling(batch, evidence, { samples: 50, seed: 3, maxSweeps: 10, progress: (d) => void calls.push(d) }));
    const direct = meanFieldBound(batch, evidence, { maxSweeps: 10 });
    direct.bound.forEach((b, q) => expect(result.bounds[q]).toBeCloseTo(b, 6));
    // Reported after the first group's samples and again before the second group's (its fit may repeat it).
    expect(calls.filter((d) => d === 71 * 50).length).toBeGreaterThanOrEqual(2);
    expect(calls.at(-1)).toBe(80 * 50);
    calls.slice(1).forEach((d, c) => expect(d).toBeGreaterThanOrEqual(calls[c]));
    // Every problem got its own weights: each estimate clears its bound up to its noise, and on average.
    result.values.forEach((v, q) => expect(v).toBeGreaterThan(result.bounds[q] - 4 * result.standardErrors[q]));
    expect(result.summary.forward.value).toBeGreaterThan(result.summary.bound!);
  });

  it('repeats itself for one seed and differs for another', async () => {
    const evidence = patterns(3, 9);
    const a = await beliefImportanceSampling(network, evidence, { samples: 200, seed: 4, proposal: 'mixture', maxSweeps: 20 });
    const b = await beliefImportanceSampling(network, evidence, { samples: 200, seed: 4, proposal: 'mixture', maxSweeps: 20 });
    const c = await beliefImportanceSampling(network, evidence, { samples: 200, seed: 5, proposal: 'mixture', maxSweeps: 20 });
    expect(Array.from(b.values)).toEqual(Array.from(a.values));
    expect(Array.from(c.values)).not.toEqual(Array.from(a.values));
  });

  it('stops promptly with its tensors freed when the progress hook throws, before or between chunks', async () => {
    const evidence = patterns(2, 3);
    for (const at of [1, 2]) {
      let calls = 0;
      const stop = new Error('stop');
      const before = tf.memory().numTensors;
      const progress = () => {
        if (++calls === at) throw stop;
      };
      await expect(beliefImportanceSampling(network, evidence, { samples: 30_000, progress })).rejects.toBe(stop);
      expect(calls).toBe(at);
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});

describe('beliefImportanceSampling: summary, warnings and bad input', () => {
  it('summarises the estimate beside the bound with its provenance, and warns with a fix when few samples carry it', async () => {
    const easy = await beliefImportanceSampling(network, patterns(2, 1), { samples: 500, seed: 2 });
    expect(easy.summary.quantity).toBe('meanLogLikelihood');
    expect(easy.summary.forward.value).toBeCloseTo((easy.values[0] + easy.values[1]) / 2, 12);
    expect(easy.summary.forward.standardError).toBeCloseTo(Math.hypot(easy.standardErrors[0], easy.standardErrors[1]) / 2, 12);
    expect(easy.summary.bound).toBeCloseTo((easy.bounds[0] + easy.bounds[1]) / 2, 12);
    expect(easy.summary.runs).toBe(500);
    expect(easy.summary.provenance).toEqual({ method: 'importance', runs: 500, seed: 2, proposal: 'meanfield' });
    expect(easy.summary.provenanceText).toContain('500 samples per pattern from the meanfield posterior');
    expect(easy.summary.warnings).toEqual([]);
    const summary = importanceSummary(Float64Array.of(-5, -6), Float64Array.of(0.1, 0.2), Float64Array.of(3, 12), Float64Array.of(-5.5, -6.5), 100, 2, {
      method: 'importance',
      runs: 100,
      seed: 0,
      proposal: 'meanfield',
    });
    expect(summary.forward).toEqual({ value: -5.5, standardError: Math.hypot(0.1, 0.2) / 2, effective: 7.5 });
    expect(summary.interval[0]).toBeCloseTo(-5.5 - Math.hypot(0.1, 0.2), 12);
    expect(summary.warnings.map((w) => w.code)).toEqual(['fewEffectiveSamples']);
    expect(summary.warnings[0].message).toMatch(/only 7\.5 of 100 samples per pattern carry the estimate.*more samples \(e\.g\. 1000\) or a mixture proposal/);
  });

  it('warns when the mean effective samples fall under 10 % of S or an estimate falls clearly below its bound', () => {
    const one = (value: number, se: number, effective: number, bound: number) =>
      importanceWarnings(Float64Array.of(value), Float64Array.of(se), Float64Array.of(effective), Float64Array.of(bound), 100, 'mixture:2');
    expect(one(-5, 0.1, 10, -6)).toEqual([]);
    expect(one(-5, 0.1, 9.9, -6)[0].message).toMatch(/only 9\.9 of 100 samples.*more mixture components/);
    expect(one(-5, 0.1, 50, -4.7)).toEqual([]);
    expect(one(-5, 0.1, 50, -4.69)[0].message).toMatch(/1 of 1 estimates lie more than 3 standard errors below their variational bound/);
  });

  it('refuses bad settings and evidence with messages naming the fix', async () => {
    const evidence = patterns(1, 1);
    const refuse = (args: object, message: RegExp) => expect(beliefImportanceSampling(network, evidence, args)).rejects.toThrow(message);
    await refuse({ samples: 1 }, /samples per pattern in 2…/);
    await refuse({ samples: 2.5 }, /whole number of samples/);
    await refuse({ proposal: 'gibbs' }, /Proposal 'gibbs' is not known; use 'meanfield'/);
    await refuse({ proposal: 'mixture', components: 0 }, /components ≥ 1, got 0/);
    await refuse({ components: 3 }, /pass proposal: 'mixture' for a mixture of 3/);
    await refuse({ seed: 0.5 }, /seed must be a whole number/);
    await refuse({ tolerance: -1 }, /tolerance must be positive/);
    await refuse({ maxSweeps: 0 }, /sweeps at most must be a whole number ≥ 1/);
    await expect(beliefImportanceSampling(network, { ...evidence, values: new Uint8Array(5) })).rejects.toThrow(/patterns × 12 observed units need 12/);
    await expect(beliefImportanceSampling(network, { ...evidence, units: [99, ...evidence.units.slice(1)] })).rejects.toThrow(/outside 0…22/);
  });
});
