import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { meanFieldBound } from '../../../engine/belief/bound/meanField';
import { exactLogLikelihoodGradient } from '../../../engine/belief/exact';
import { GibbsChains } from '../../../engine/belief/gibbsChains';
import { createBoundTrainer } from '../../../engine/belief/learning/boundLearning';
import { exactMeanLogLikelihood, rowsEvidence } from '../../../engine/belief/learning/common';
import { createGibbsTrainer } from '../../../engine/belief/learning/gibbsLearning';
import { asBatch, beliefNetwork, type BeliefNetwork } from '../../../engine/belief/network';
import { layeredBeliefSpec, randomLayeredNetwork } from '../../../engine/belief/randomNetworks';
import { ancestralSample, visibleBits } from '../../../engine/belief/sampling';
import type { BinaryDataset } from '../../../engine/data/dataset';
import { completeParameters } from '../../../engine/model/parameters';
import { useTestBackend } from '../helpers/models';

beforeAll(useTestBackend);

/** 200 fantasies of a strongly coupled 2-3-6 teacher network, and the teacher itself. */
function teacherData(): { data: BinaryDataset; teacher: BeliefNetwork } {
  const teacher = randomLayeredNetwork([2, 3, 6], 4, { scale: 3 });
  const samples = ancestralSample(teacher, { count: 200, seed: 1 });
  const bits = visibleBits(samples, teacher.visibleIndices);
  return { teacher, data: { id: 'teacher', name: 'teacher fantasies', width: 6, rowCount: 200, bits } };
}

const student = (): BeliefNetwork => {
  const spec = layeredBeliefSpec([2, 3, 6]);
  return beliefNetwork(spec, completeParameters(spec, undefined, 7, 0.3));
};

describe('delta-rule statistics', () => {
  it('Gibbs-sampled E[(S_i − σ_i) S_j | v] agree with exact enumeration (many chains, many sweeps)', () => {
    const net = randomLayeredNetwork([2, 3, 4], 3, { scale: 1.5 });
    const evidence = { units: net.visibleIndices, values: Uint8Array.of(1, 0, 1, 1, 0, 0, 1, 0), count: 2 };
    const exact = exactLogLikelihoodGradient(net, evidence);
    const chains = new GibbsChains(asBatch(net), evidence, 256, 5);
    const sweeps = 80;
    const sums = new Float64Array(81);
    for (let s = 0; s < 20; s++) chains.sweep();
    for (let s = 0; s < sweeps; s++) {
      chains.sweep();
      const stats = chains.deltaRule();
      stats.weights.dataSync().forEach((v, e) => (sums[e] += v / (256 * sweeps)));
      tf.dispose([stats.weights, stats.biases]);
    }
    chains.dispose();
    // Each chain-sweep term lies in [−1, 1]; 256 chains × 80 correlated sweeps keep the standard error below ≈ 0.01.
    for (let e = 0; e < 81; e++) if (net.linkMask[e]) expect(Math.abs(sums[e] - exact.weights[e])).toBeLessThan(0.05);
  });
});

describe('learning a sigmoid belief network from fantasies of a teacher', () => {
  // Drawn on the test backend (seeded TF.js draws differ between backends), so inside beforeAll.
  let data: BinaryDataset;
  let teacherLikelihood: number;
  let initialLikelihood: number;
  beforeAll(() => {
    const made = teacherData();
    data = made.data;
    teacherLikelihood = exactMeanLogLikelihood(made.teacher, data)!;
    initialLikelihood = exactMeanLogLikelihood(student(), data)!;
  });

  it('gradient ascent on the mean-field bound raises the exact log-likelihood, and the bound stays below it', () => {
    const before = tf.memory().numTensors;
    const trainer = createBoundTrainer(student(), data, { learningRate: 1, batchSize: 20 });
    let last = trainer.epoch();
    for (let e = 0; e < 9; e++) last = trainer.epoch();
    expect(tf.memory().numTensors).toBe(before);
    // From ≈ ln 2⁻⁶ to within 0.15 nats of the teacher that generated the data.
    expect(last.logLikelihood!).toBeGreaterThan(initialLikelihood + 0.8);
    expect(last.logLikelihood!).toBeGreaterThan(teacherLikelihood - 0.15);
    const evidence = rowsEvidence(trainer.network(), data, Array.from({ length: 200 }, (_, r) => r));
    const bound = meanFieldBound(trainer.network(), evidence).bound.reduce((a, b) => a + b, 0) / 200;
    expect(bound).toBeLessThanOrEqual(last.logLikelihood!);
  });

  it('gradient ascent on the mixture bound (M = 3) also learns', () => {
    const trainer = createBoundTrainer(student(), data, { learningRate: 1, batchSize: 50, components: 3, sweeps: 10 });
    let last = trainer.epoch();
    for (let e = 0; e < 5; e++) last = trainer.epoch();
    expect(last.logLikelihood!).toBeGreaterThan(teacherLikelihood - 0.3);
    // The bound averaged over the epoch (parameters still moving) stays below the end-of-epoch likelihood.
    expect(last.bound).toBeLessThanOrEqual(last.logLikelihood! + 0.05);
  });

  it('the delta rule with Gibbs-sampled and with exact statistics both raise the log-likelihood', () => {
    for (const statistics of ['sampled', 'exact'] as const) {
      const before = tf.memory().numTensors;
      const trainer = createGibbsTrainer(student(), data, { learningRate: 1, batchSize: 20, statistics, seed: 3 });
      let last = trainer.epoch();
      for (let e = 0; e < 9; e++) last = trainer.epoch();
      expect(tf.memory().numTensors).toBe(before);
      expect(last.logLikelihood!, statistics).toBeGreaterThan(initialLikelihood + 0.8);
      expect(last.logLikelihood!, statistics).toBeGreaterThan(teacherLikelihood - 0.15);
    }
  });
});
