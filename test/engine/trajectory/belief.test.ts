import { beforeAll, describe, expect, it } from 'vitest';
import { attractorRelax, meanFieldResiduals } from '../../../engine/belief/attractor/relax';
import { meanFieldBound } from '../../../engine/belief/bound/meanField';
import { repeatedEvidence } from '../../../engine/belief/evidence';
import { exactBeliefInference } from '../../../engine/belief/exact';
import { beliefNetwork } from '../../../engine/belief/network';
import { layeredBeliefSpec, randomBeliefParameters } from '../../../engine/belief/randomNetworks';
import { computeTrajectory } from '../../../engine/trajectory/computeTrajectory';
import { useTestBackend } from '../helpers/models';
import { acrossRuns, largestFall, largestRise, timeAverage } from './helpers';

beforeAll(async () => {
  await useTestBackend();
});

// A 2-3-4 network: units 0–1 top, 2–4 middle (hidden), 5–8 visible.
const model = layeredBeliefSpec([2, 3, 4]);
const params = randomBeliefParameters(model, 31, { scale: 2 });
const network = beliefNetwork(model, params);
const pattern = [1, 0, 1, 1] as const;
const clamp = [...pattern];
const evidence = repeatedEvidence(model.visibleIndices, pattern);

describe('Gibbs trajectories of belief networks (Neal 1992)', () => {
  it('time-averaged hidden states match the exact posterior within 4 standard errors; clamped units never change; trace is −ln P(s)', async () => {
    const exact = exactBeliefInference(network, evidence).marginals;
    const runs: number[][] = [];
    for (let seed = 0; seed < 12; seed++) {
      const result = await computeTrajectory(model, params, { method: 'gibbs', steps: 250, seed, clamp });
      if (seed === 0) {
        expect(result.traceName).toBe('−ln P(s)');
        const f = result.frames[7];
        let logP = 0;
        for (let i = 0; i < network.unitCount; i++) {
          let z = network.biases[i];
          for (let j = 0; j < network.unitCount; j++) z += network.weights[i * network.unitCount + j] * f.values[j];
          logP += f.values[i] * z - Math.log1p(Math.exp(z));
        }
        expect(f.trace).toBeCloseTo(-logP, 4);
      }
      for (const f of result.frames) model.visibleIndices.forEach((u, k) => expect(f.values[u]).toBe(pattern[k]));
      runs.push(timeAverage(result.frames));
    }
    const { mean, standardError } = acrossRuns(runs);
    for (const i of model.hiddenIndices) expect(Math.abs(mean[i] - exact[i])).toBeLessThanOrEqual(4 * standardError[i] + 1e-9);
  });

  it('samples the prior with nothing clamped, free visible units starting at `start`', async () => {
    const result = await computeTrajectory(model, params, { method: 'gibbs', steps: 5, seed: 2, start: [0, 0, 0, 0] });
    model.visibleIndices.forEach((u) => expect(result.frames[0].values[u]).toBe(0));
    expect(result.frames.every((f) => f.values.every((v) => v === 0 || v === 1))).toBe(true);
  });
});

describe('mean-field trajectories of belief networks (Saul, Jaakkola & Jordan 1996)', () => {
  it('never lower the bound F, stay below ln P(v), and end where meanFieldBound ends from the same start', async () => {
    const result = await computeTrajectory(model, params, { method: 'meanfield', steps: 120, seed: 0, clamp });
    expect(result.traceName).toMatch(/bound F/);
    // The bound is evaluated in float64 at float32 means; coordinate ascent may wobble by float32 rounding.
    expect(largestFall(result.frames)).toBeLessThanOrEqual(1e-5);
    const logLikelihood = exactBeliefInference(network, evidence).logLikelihood[0];
    for (const f of result.frames.slice(1)) expect(f.trace).toBeLessThanOrEqual(logLikelihood + 1e-9);
    const n = network.unitCount;
    const start = { means: Float32Array.from(result.frames[0].values), xi: new Float32Array(n).fill(0.5) };
    const solved = meanFieldBound(network, evidence, { start, tolerance: 1e-7, maxSweeps: 2000 });
    const last = result.frames[result.frames.length - 1];
    last.values.forEach((m, i) => expect(Math.abs(m - solved.means[i])).toBeLessThan(1e-4));
    expect(last.trace).toBeCloseTo(solved.bound[0], 4);
    for (const f of result.frames) model.visibleIndices.forEach((u, k) => expect(f.values[u]).toBe(pattern[k]));
  });
});

describe('attractor trajectories (Saul & Jordan §3.3)', () => {
  it('follow attractorRelax step by step, lower L from the top-down start, and settle on the mean-field equations', async () => {
    const steps = 120;
    const result = await computeTrajectory(model, params, { method: 'attractor', steps, seed: 0, clamp });
    expect(result.traceName).toBe('Lyapunov function L');
    const relaxed = await attractorRelax(network, evidence, { iterations: steps });
    result.frames.forEach((f, t) => expect(f.trace).toBeCloseTo(relaxed.trace![t], 4));
    const last = result.frames[steps];
    last.values.forEach((m, i) => expect(m).toBeCloseTo(relaxed.means[i], 5));
    expect(last.trace).toBeLessThan(result.frames[0].trace);
    // Past the first few iterations L settles monotonically onto its minimum.
    expect(largestRise(result.frames.slice(20))).toBeLessThanOrEqual(1e-5);
    const residuals = await meanFieldResiduals(network, evidence, relaxed);
    expect(residuals.means[0]).toBeLessThan(1e-4);
  });
});
