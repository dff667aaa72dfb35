import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnergyModelSpec } from '../../../../engine/compiler/types';
import { anneal } from '../../../../engine/energy/sampling/anneal';
import { gibbsSample } from '../../../../engine/energy/sampling/gibbs';
import { parseSchedule, scheduleStages, type AnnealSchedule } from '../../../../engine/energy/sampling/schedule';
import type { ModelParameters } from '../../../../engine/model/parameters';
import { createRandom } from '../../../../engine/random/seeded';
import { bruteForce } from '../../helpers/bruteForce';
import { fullyCoupledModel, randomParameters, useTestBackend } from '../../helpers/models';

beforeAll(useTestBackend);

/** A ±J spin glass on a sparse random graph: single-unit nodes, each pair coupled with probability `density`, weights ±1. */
function spinGlass(units: number, density: number, seed: number): { model: EnergyModelSpec; params: ModelParameters } {
  const full = fullyCoupledModel(units, 0, 'pm1');
  const random = createRandom(seed);
  const model = { ...full, weightBlocks: full.weightBlocks.filter(() => random.next() < density) };
  const params: ModelParameters = { weights: {}, biases: {} };
  for (const b of model.weightBlocks) params.weights[b.key] = Float32Array.of(random.next() < 0.5 ? -1 : 1);
  for (const b of model.biasBlocks) params.biases[b.nodeId] = new Float32Array(1);
  return { model, params };
}

/** H(s) = −Σ_blocks w s_i s_j − Σ b_i s_i evaluated in float64 straight from the blocks. */
function energyOf(model: EnergyModelSpec, params: ModelParameters, s: ArrayLike<number>): number {
  let h = 0;
  for (const b of model.weightBlocks) {
    const w = params.weights[b.key];
    for (let r = 0; r < b.shape[0]; r++) {
      for (let c = 0; c < b.shape[1]; c++) {
        const i = b.rows.start + r;
        const j = b.cols.start + c;
        if (i !== j) h -= (b.lateral ? 0.5 : 1) * w[r * b.shape[1] + c] * s[i] * s[j];
      }
    }
  }
  for (const b of model.biasBlocks) params.biases[b.nodeId].forEach((v, k) => (h -= v * s[b.range.start + k]));
  return h;
}

const meanAndError = (xs: Float32Array): [number, number] => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
  return [m, Math.sqrt(v / xs.length)];
};

describe('simulated annealing', () => {
  const { model, params } = spinGlass(60, 0.07, 5);

  it('reaches lower energies than a zero-temperature quench of the same length on a frustrated net', async () => {
    const before = tf.memory().numTensors;
    const schedule: AnnealSchedule = { kind: 'geometric', from: 3, to: 0.1, steps: 20, sweepsPerStep: 5 };
    const annealed = await anneal(model, params, { schedule, chains: 64, seed: 1 });
    const quenched = await anneal(model, params, { schedule: { kind: 'list', stages: [{ temperature: 0, sweeps: 100 }] }, chains: 64, seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
    const [a, aErr] = meanAndError(annealed.finalEnergies);
    const [q, qErr] = meanAndError(quenched.finalEnergies);
    expect(q - a).toBeGreaterThan(4 * Math.hypot(aErr, qErr));
    expect(Math.min(...annealed.bestEnergies)).toBeLessThanOrEqual(Math.min(...quenched.bestEnergies));
  });

  it('records every chain after every sweep: the trace, final and best energies agree with energies recomputed from the states', async () => {
    const before = tf.memory().numTensors;
    const schedule: AnnealSchedule = { kind: 'list', stages: [{ temperature: 2, sweeps: 70 }, { temperature: 0.5, sweeps: 60 }, { temperature: 0, sweeps: 3 }] };
    const result = await anneal(model, params, { schedule, chains: 8, seed: 2, method: 'metropolis' });
    expect(tf.memory().numTensors).toBe(before);
    const n = model.unitCount;
    expect(result.energyTrace.length).toBe(133 * 8);
    expect(Array.from(result.temperatures.subarray(68, 72))).toEqual([2, 2, 0.5, 0.5]);
    expect(result.temperatures[132]).toBe(0);
    for (let c = 0; c < 8; c++) {
      const final = energyOf(model, params, result.finalStates.subarray(c * n, (c + 1) * n));
      expect(result.finalEnergies[c]).toBeCloseTo(final, 4);
      expect(result.energyTrace[132 * 8 + c]).toBeCloseTo(final, 4);
      const lowest = Math.min(...Array.from({ length: 133 }, (_, t) => result.energyTrace[t * 8 + c]));
      expect(result.bestEnergies[c]).toBeCloseTo(lowest, 4);
      expect(energyOf(model, params, result.bestStates.subarray(c * n, (c + 1) * n))).toBeCloseTo(lowest, 4);
    }
    // Zero-temperature sweeps never raise the energy.
    for (let c = 0; c < 8; c++) for (let t = 130; t < 133; t++) expect(result.energyTrace[t * 8 + c]).toBeLessThanOrEqual(result.energyTrace[(t - 1) * 8 + c] + 1e-5);
  });

  it('finds the exact ground state of a 14-unit frustrated machine with thresholds and 0/1 units', async () => {
    const small = fullyCoupledModel(10, 4, 'binary01');
    const smallParams = randomParameters(small, 9, 1.5, 1);
    const reference = bruteForce(small, smallParams);
    const ground = Math.min(...reference.energies);
    const result = await anneal(small, smallParams, { schedule: parseSchedule('linear:4,0.05,25,4'), chains: 16, seed: 3 });
    expect(Math.min(...result.bestEnergies)).toBeCloseTo(ground, 4);
  });

  it('anneals before sampling: annealed chains at T = 1 still match the exact marginals', async () => {
    const small = fullyCoupledModel(4, 2, 'pm1');
    const smallParams = randomParameters(small, 4, 0.6, 0.4);
    const reference = bruteForce(small, smallParams);
    const result = await gibbsSample(small, smallParams, { chains: 32, groups: 32, burnIn: 0, sweeps: 200, seed: 5, annealing: parseSchedule('5:3,2:3,1.2:3') });
    for (let i = 0; i < 6; i++) expect(Math.abs(result.meanStates[i] - reference.means[i]) / result.meanStatesError[i]).toBeLessThan(4);
  });
});

describe('annealing schedules', () => {
  it('expand geometric and linear schedules into stages', () => {
    const geometric = scheduleStages({ kind: 'geometric', from: 8, to: 1, steps: 4, sweepsPerStep: 2 });
    expect(geometric.map((s) => s.temperature)).toEqual([8, 4, 2, 1].map((t) => expect.closeTo(t, 12)));
    expect(geometric.every((s) => s.sweeps === 2)).toBe(true);
    expect(scheduleStages({ kind: 'linear', from: 3, to: 0, steps: 4, sweepsPerStep: 1 }).map((s) => s.temperature)).toEqual([3, 2, 1, 0]);
    expect(scheduleStages({ kind: 'geometric', from: 5, to: 1, steps: 1, sweepsPerStep: 7 })).toEqual([{ temperature: 1, sweeps: 7 }]);
  });

  it('parse the CLI forms', () => {
    expect(parseSchedule('geometric:10,0.1,20,5')).toEqual({ kind: 'geometric', from: 10, to: 0.1, steps: 20, sweepsPerStep: 5 });
    expect(parseSchedule(' linear:2,0,3,1 ')).toEqual({ kind: 'linear', from: 2, to: 0, steps: 3, sweepsPerStep: 1 });
    expect(parseSchedule('4:10, 2:10,1:50,0:5')).toEqual({
      kind: 'list',
      stages: [
        { temperature: 4, sweeps: 10 },
        { temperature: 2, sweeps: 10 },
        { temperature: 1, sweeps: 50 },
        { temperature: 0, sweeps: 5 },
      ],
    });
  });

  it('refuse bad schedules with errors that name the problem', () => {
    const bad: [AnnealSchedule | string, RegExp][] = [
      [{ kind: 'geometric', from: 2, to: 0, steps: 5, sweepsPerStep: 1 }, /end temperature must be a finite temperature > 0.*cannot reach T = 0/],
      [{ kind: 'linear', from: -1, to: 0, steps: 5, sweepsPerStep: 1 }, /start temperature must be a finite temperature ≥ 0; got -1/],
      [{ kind: 'linear', from: 1, to: 0, steps: 2.5, sweepsPerStep: 1 }, /Steps must be a whole number ≥ 1; got 2.5/],
      [{ kind: 'geometric', from: 1, to: 0.5, steps: 3, sweepsPerStep: 0 }, /Sweeps per step must be a whole number ≥ 1; got 0/],
      [{ kind: 'list', stages: [] }, /at least one \(temperature, sweeps\) stage/],
      [{ kind: 'list', stages: [{ temperature: 1, sweeps: 3 }, { temperature: NaN, sweeps: 3 }] }, /Stage 2's temperature must be a finite temperature ≥ 0; got NaN/],
      [{ kind: 'list', stages: [{ temperature: 1, sweeps: 1e8 }] }, /asks for 100000000 sweeps; at most/],
      [{ kind: 'cosine' } as unknown as AnnealSchedule, /Unknown schedule kind 'cosine'/],
      ['geometric:1,2,3', /geometric:FROM,TO,STEPS,SWEEPS \(4 numbers\)/],
      ['linear:1,x,3,4', /'x' is not a number/],
      ['2:10,1', /Schedule stage '1' should read TEMPERATURE:SWEEPS/],
      ['2:10,1:-4', /Stage 2's sweeps must be a whole number ≥ 1; got -4/],
    ];
    for (const [schedule, message] of bad) {
      expect(() => (typeof schedule === 'string' ? parseSchedule(schedule) : scheduleStages(schedule))).toThrow(message);
    }
  });

  it('anneal refuses a bad schedule before touching the backend', async () => {
    const model = fullyCoupledModel(3, 0);
    const before = tf.memory().numTensors;
    await expect(anneal(model, randomParameters(model, 1), { schedule: { kind: 'list', stages: [{ temperature: 1, sweeps: 0 }] } })).rejects.toThrow(/Stage 1's sweeps/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
