import * as tf from '@tensorflow/tfjs';
import type { BinaryDataset } from '../../data/dataset';
import type { ReverseStart } from '../../likelihood/estimate';
import type { SeededRandom } from '../../random/seeded';
import { gibbsSweep, sampleBase } from './aisAnneal';
import { shuffledRows } from './cd';
import { enumerateRbm, type EnumerationPlan } from './exactSample';
import { columnBatch, type RbmTensors } from './layers';
import { createUniformNoise } from './noise';
import { type WorkClock } from '../../likelihood/progress';

/**
 * The start of reverse AIS (Burda, Grosse & Salakhutdinov 2015; the "sandwich" of Grosse et al. 2015): samples of the model
 * at β = 1. Exact when the smaller layer can be enumerated (then E[log Ẑ_reverse] ≥ log Z, the conservative side); otherwise
 * Gibbs chains from the data, which only approximate the model and carry no such guarantee.
 */
export interface ReverseStartSamples {
  /** v ~ P(v) (exact) or after the burn-in (Gibbs), [V × runs]; the caller disposes it (or hands it to an annealer). */
  visible: tf.Tensor2D;
  start: ReverseStart;
  /** log Z from the enumeration, when it ran. */
  logZ?: number;
}

export interface ReverseStartArgs {
  runs: number;
  /** Gibbs sweeps at β = 1 when the start cannot be exact. */
  burnIn: number;
  /** Rows the Gibbs chains start from (distinct rows while there are enough, then again in a new order); without them, base samples. */
  data?: BinaryDataset;
  /** The estimate's root stream: forks 'ais-reverse-start' and 'ais-reverse-start-noise' are drawn here. */
  random: SeededRandom;
  ticker: WorkClock;
  /** Progress units of one enumeration chunk. */
  chunkUnits: number;
}

/** Rows for `runs` chains: a seeded permutation of the data, repeated with fresh permutations when runs exceed the rows. */
function startRows(rowCount: number, runs: number, random: SeededRandom): Int32Array {
  const rows = new Int32Array(runs);
  for (let filled = 0; filled < runs; filled += rowCount) rows.set(shuffledRows(rowCount, random).subarray(0, Math.min(rowCount, runs - filled)), filled);
  return rows;
}

/** Exact samples when `plan` is given, else `burnIn` Gibbs sweeps at β = 1 from data rows (or from base samples without data). */
export async function reverseStartSamples(rbm: RbmTensors, baseBias: tf.Tensor2D, plan: EnumerationPlan | undefined, args: ReverseStartArgs): Promise<ReverseStartSamples> {
  const noise = createUniformNoise(args.random.fork('ais-reverse-start-noise'));
  if (plan !== undefined) {
    const { logZ, visible } = await enumerateRbm(rbm, plan, args.runs, args.random.fork('ais-reverse-start'), noise, () => args.ticker.tick(args.chunkUnits));
    return { visible: visible!, start: 'exact', logZ };
  }
  const data = args.data;
  let visible =
    data !== undefined && data.rowCount > 0
      ? tf.tensor2d(columnBatch(data.bits, data.width, startRows(data.rowCount, args.runs, args.random.fork('ais-reverse-start')), rbm.encoding), [rbm.visibleCount, args.runs])
      : sampleBase(baseBias, args.runs, rbm.encoding, noise);
  try {
    for (let sweep = 0; sweep < args.burnIn; sweep++) {
      const next = gibbsSweep(rbm, baseBias, visible, 1, noise);
      visible.dispose();
      visible = next;
      await args.ticker.tick();
    }
  } catch (error) {
    visible.dispose();
    throw error;
  }
  return { visible, start: 'gibbs' };
}
