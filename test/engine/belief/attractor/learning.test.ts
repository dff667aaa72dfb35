import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { attractorLearningDirection } from '../../../../engine/belief/attractor/learning';
import { attractorRelax } from '../../../../engine/belief/attractor/relax';
import { createAttractorTrainer } from '../../../../engine/belief/attractor/training';
import { exactBeliefInference } from '../../../../engine/belief/exact';
import { asBatch, networkAt, stackNetworks, type BeliefNetwork } from '../../../../engine/belief/network';
import { layeredBeliefDiagram, randomDagNetwork, randomLayeredNetwork } from '../../../../engine/belief/randomNetworks';
import { ancestralSample, visibleBits } from '../../../../engine/belief/sampling';
import { compile } from '../../../../engine/compiler/compile';
import type { BinaryDataset } from '../../../../engine/data/dataset';
import { trainModel } from '../../../../engine/train/train';
import { useTestBackend } from '../../helpers/models';
import { referenceLyapunov } from './reference';

beforeAll(async () => {
  await useTestBackend();
});

/** Relaxed L* of each network under the evidence (one batched relaxation), evaluated in float64 at the engine's fixed points. */
async function relaxedLyapunovs(nets: BeliefNetwork[], units: number[], values: Uint8Array): Promise<number[]> {
  const result = await attractorRelax(stackNetworks(nets), { units, values, count: 1 }, { iterations: 400, stepSize: 0.5, recordTrace: false });
  const n = nets[0].unitCount;
  return nets.map((net, k) => referenceLyapunov(net, result.means.subarray(k * n, (k + 1) * n), result.signals.subarray(k * n, (k + 1) * n)));
}

/** `count` samples of the visible units of a random teacher network. */
function teacherData(sizes: number[], count: number, seed: number): Uint8Array {
  const teacher = randomLayeredNetwork(sizes, seed, { scale: 2 });
  return visibleBits(ancestralSample(teacher, { count, seed }), teacher.visibleIndices);
}

describe('mean-field learning (Saul & Jordan §3.4)', () => {
  it('rule 3.17 equals −dL*/dJ, the total derivative of the relaxed L, by central finite differences', async () => {
    const { network } = randomDagNetwork(8, 3, 21, { linkProbability: 0.6 });
    const units = network.visibleIndices.slice(0, 2);
    const values = Uint8Array.of(1, 0);
    const direction = await attractorLearningDirection(network, { units, values, count: 1 }, { iterations: 400, stepSize: 0.5 });
    const n = network.unitCount;
    const links = Array.from(network.linkMask.keys()).filter((e) => network.linkMask[e] !== 0);
    const eps = 1e-3;
    const edits: { kind: 'weights' | 'biases'; index: number }[] = [
      ...links.slice(0, 8).map((index) => ({ kind: 'weights' as const, index })),
      ...[0, 3, network.visibleIndices[0]].map((index) => ({ kind: 'biases' as const, index })),
    ];
    const shifted = edits.flatMap(({ kind, index }) =>
      [eps, -eps].map((shift) => {
        const copy = { ...network, weights: Float32Array.from(network.weights), biases: Float32Array.from(network.biases) };
        copy[kind][index] += shift;
        return copy;
      }),
    );
    const relaxed = await relaxedLyapunovs(shifted, units, values);
    // A fixed point is stationary in µ and ξ (eq. 3.16), so float32 state errors enter L* only to second order; the
    // central difference errs by O(ε²) ≈ 1e-6, and the float32 weight J ± ε by ~1e-7·|J|/ε ≈ 1e-5 relative (observed ≤ 8e-6).
    edits.forEach(({ kind, index }, k) => {
      const numeric = -(relaxed[2 * k] - relaxed[2 * k + 1]) / (2 * eps);
      expect(Math.abs(direction[kind][index] - numeric)).toBeLessThan(5e-5);
    });
    for (let e = 0; e < n * n; e++) if (network.linkMask[e] === 0) expect(Math.abs(direction.weights[e])).toBe(0);
  });

  it('raises −L and the exact log-likelihood of data drawn from a teacher network, and −L tracks ln P(V)', async () => {
    const data = teacherData([2, 4, 6], 200, 3);
    const student = randomLayeredNetwork([2, 4, 6], 4, { scale: 0.1 });
    const evidence = { units: student.visibleIndices, values: data, count: 200 };
    const meanExact = (net: BeliefNetwork): number => exactBeliefInference(net, evidence).logLikelihood.reduce((a, b) => a + b, 0) / 200;
    const trainer = createAttractorTrainer(asBatch(student), [{ rowCount: 200, bits: data }], 1, { learningRate: 0.2, batchSize: 4 });
    try {
      const history: number[] = [];
      for (let epoch = 0; epoch < 3; epoch++) history.push((await trainer.epoch())[0]);
      const trained = networkAt(await trainer.networks(), 0);
      // The teacher's own mean ln P(V) on these 200 patterns is −3.17; the untrained student's −4.23.
      expect(history[2]).toBeGreaterThan(history[0] + 0.05);
      expect(meanExact(trained)).toBeGreaterThan(meanExact(student) + 0.8);
      const relaxed = await attractorRelax(trained, evidence, { recordTrace: false });
      expect(Math.abs(-relaxed.lyapunov.reduce((a, b) => a + b, 0) / 200 - meanExact(trained))).toBeLessThan(0.02);
    } finally {
      trainer.dispose();
    }
  });

  it('trains K networks side by side exactly as it trains each alone', async () => {
    const nets = [randomLayeredNetwork([2, 3, 4], 1, { scale: 0.3 }), randomLayeredNetwork([2, 3, 4], 2, { scale: 0.3 })];
    const data = [{ rowCount: 30, bits: teacherData([2, 3, 4], 30, 5) }, { rowCount: 17, bits: teacherData([2, 3, 4], 17, 6) }];
    const together = createAttractorTrainer(stackNetworks(nets), data, 9, { batchSize: 4 });
    const alone = createAttractorTrainer(asBatch(nets[0]), [data[0]], 9, { batchSize: 4 });
    try {
      for (let epoch = 0; epoch < 2; epoch++) {
        const [a] = await alone.epoch();
        const both = await together.epoch();
        expect(both[0]).toBeCloseTo(a, 4);
      }
      const first = networkAt(await together.networks(), 0);
      const single = networkAt(await alone.networks(), 0);
      first.weights.forEach((w, e) => expect(w).toBeCloseTo(single.weights[e], 5));
    } finally {
      together.dispose();
      alone.dispose();
    }
  });

  it('runs as the sbn-attractor algorithm through trainModel', async () => {
    const compiled = compile(layeredBeliefDiagram([2, 4, 6]));
    if (!compiled.ok) throw new Error('diagram does not compile');
    const data: BinaryDataset = { id: 'teacher', name: 'teacher', width: 6, rowCount: 100, bits: teacherData([2, 4, 6], 100, 8) };
    const metrics: number[] = [];
    const before = tf.memory().numTensors;
    const params = await trainModel(compiled.model, data, { algorithm: 'sbn-attractor', epochs: 4, seed: 2, config: { batchSize: 2 } }, undefined, {
      onEpoch: (e) => void metrics.push(e.metrics.negLyapunov),
    });
    expect(metrics).toHaveLength(4);
    expect(metrics[3]).toBeGreaterThan(metrics[0]);
    expect(params.weights.link1).toHaveLength(24);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaves tf.memory().numTensors unchanged', async () => {
    const net = randomLayeredNetwork([2, 3, 4], 1);
    const before = tf.memory().numTensors;
    await attractorLearningDirection(net, { units: net.visibleIndices, values: Uint8Array.of(1, 0, 1, 1), count: 1 });
    const trainer = createAttractorTrainer(asBatch(net), [{ rowCount: 3, bits: Uint8Array.of(1, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1) }], 1, { batchSize: 2 });
    await trainer.epoch();
    await trainer.networks();
    trainer.dispose();
    expect(() => createAttractorTrainer(asBatch(net), [{ rowCount: 2, bits: Uint8Array.of(1) }], 1)).toThrow(/rowCount·V/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
