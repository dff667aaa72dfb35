import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinDataset } from '../../../../engine/data/builtin';
import type { BinaryDataset } from '../../../../engine/data/dataset';
import { startBoltzmannExact } from '../../../../engine/energy/boltzmannLearning';
import { exactKlDivergence } from '../../../../engine/energy/exact';
import { startContrastiveDivergence } from '../../../../engine/energy/rbm/cd';
import { initialParameters, type ModelParameters } from '../../../../engine/model/parameters';
import { rbmModel, useTestBackend } from '../../helpers/models';
import { rbm } from '../../diagram/examples';
import { compileEnergy } from './helpers';

beforeAll(useTestBackend);

/** Mehlig eq. 4.40: D_KL ≤ log 2 (N − ⌊log₂(M+1)⌋ − (M+1)/2^⌊log₂(M+1)⌋) for M < 2^{N−1} − 1, else 0. */
export function rbmKlBound(visible: number, hidden: number): number {
  if (hidden >= 2 ** (visible - 1) - 1) return 0;
  const level = Math.floor(Math.log2(hidden + 1));
  return Math.LN2 * (visible - level - (hidden + 1) / 2 ** level);
}

const HIDDEN = [1, 2, 3, 4];
const SEEDS = 5;
const replicaId = (hidden: number, seed: number) => `m${hidden}s${seed}`;

/** Rows of `data` with every row repeated `copies` times across the columns (one copy per replica) and `repeats` times down. */
function replicated(data: BinaryDataset, copies: number, repeats: number): BinaryDataset {
  const width = data.width * copies;
  const bits = new Uint8Array(width * data.rowCount * repeats);
  for (let r = 0; r < data.rowCount * repeats; r++) {
    const row = data.bits.subarray((r % data.rowCount) * data.width, (r % data.rowCount + 1) * data.width);
    for (let c = 0; c < copies; c++) bits.set(row, r * width + c * data.width);
  }
  return { ...data, width, rowCount: data.rowCount * repeats, bits };
}

/** One replica's parameters as those of a single-block RBM (rbmModel keys 'r#internal' and 'r'). */
const replicaParameters = (params: ModelParameters, id: string): ModelParameters => ({
  weights: { 'r#internal': params.weights[`${id}#internal`] },
  biases: { r: params.biases[id] },
});

describe('RBM with CD-k on XOR (Mehlig §4.5, Fig. 4.5)', () => {
  it('ends within 0.01 nats of the bound eq. 4.40, or below it, for M = 1…4 hidden units (best of 5 seeds); exact-gradient training printed beside it', async () => {
    const xor = builtinDataset('xor')!;
    // All 20 nets (4 sizes × 5 seeds) train at once as the blocks of one block-diagonal RBM: the blocks share no
    // weights, so each one follows exactly its own CD-k updates, with its own initial weights (forked per block key).
    const blocks = HIDDEN.flatMap((m) => Array.from({ length: SEEDS }, (_, s) => rbm(replicaId(m, s), 3, m)));
    const model = compileEnergy(blocks, [], undefined, 'pm1');
    const data = replicated(xor, blocks.length, 64);
    const initScale = 0.5;
    const initial = initialParameters(model, 1, initScale);
    const before = tf.memory().numTensors;
    // k = 5 Gibbs steps, momentum 0.5 and a full batch of 64 copies of each pattern: CD-1 or smaller batches leave more
    // minibatch noise in the final weights (KL fluctuating by ≈ 0.01 for M = 3, 4).
    const session = await startContrastiveDivergence(model, data, { k: 5, learningRate: 0.1, momentum: 0.5, batchSize: data.rowCount, seed: 1 }, initial);
    for (let epoch = 0; epoch < 4000; epoch++) await session.epoch();
    const trained = session.parameters();
    session.dispose();
    expect(tf.memory().numTensors).toBe(before);

    const lines: string[] = [];
    for (const m of HIDDEN) {
      const single = rbmModel(3, m, 'pm1');
      const cd = Array.from({ length: SEEDS }, (_, s) => exactKlDivergence(single, replicaParameters(trained, replicaId(m, s)), xor));
      const exact: number[] = [];
      for (let s = 0; s < 2; s++) {
        const run = await startBoltzmannExact(single, xor, { learningRate: 0.5 }, replicaParameters(initial, replicaId(m, s)));
        let kl = NaN;
        for (let epoch = 0; epoch < 1000; epoch++) kl = (await run.step()).kl;
        run.dispose();
        exact.push(kl);
      }
      const bound = rbmKlBound(3, m);
      lines.push(
        `M = ${m}: bound ${bound.toFixed(4)}, CD-5 KL ${cd.map((x) => x.toFixed(4)).join(' ')} (best ${Math.min(...cd).toFixed(4)}), ` +
          `exact gradient (η 0.5, 1000 epochs, seeds 0–1) ${exact.map((x) => x.toFixed(4)).join(' ')}`,
      );
      expect(Math.min(...cd)).toBeLessThanOrEqual(bound + 0.01);
    }
    console.log(`XOR, RBM with 3 visible ±1 units, CD-5 for 4000 epochs (η 0.1, μ 0.5):\n  ${lines.join('\n  ')}`);
  }, 60_000);

  it('the bound: log 2 for M = 1, ½ log 2 for M = 2, 0 from M = 3 = 2^{N−1} − 1 on', () => {
    expect(rbmKlBound(3, 1)).toBeCloseTo(Math.LN2, 12);
    expect(rbmKlBound(3, 2)).toBeCloseTo(Math.LN2 / 2, 12);
    expect([rbmKlBound(3, 3), rbmKlBound(3, 4)]).toEqual([0, 0]);
    expect(rbmKlBound(4, 3)).toBeCloseTo(Math.LN2, 12);
    expect(rbmKlBound(4, 1)).toBeCloseTo(Math.LN2 * 2, 12);
  });
});
