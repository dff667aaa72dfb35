import * as tf from '@tensorflow/tfjs';
import { PROPOSAL_FLOOR, type ImportanceProposal } from './importanceProposal';
import type { BeliefNetworkBatch } from './network';

/** The proposal and network as tensors, made once per estimate; dispose() frees them. */
export interface ImportanceTensors {
  networkCount: number;
  patternCount: number;
  components: number;
  unitCount: number;
  /** J, [K, N, N]. */
  weights: tf.Tensor3D;
  /** b, [K, 1, N]. */
  biases: tf.Tensor3D;
  /** Observed values (0 on unobserved units), [P, N]. */
  observed: tf.Tensor2D;
  /** µ_mi on unobserved units, 0 on observed ones (so a draw u < µ never sets them), [K, P, M, N]. */
  sampleMeans: tf.Tensor4D;
  /**
   * ln µ_mi and ln(1 − µ_mi) on unobserved units, 0 elsewhere, [K, P, M, N]. ln q_m(h) = h · ln µ + (1 − h) · ln(1 − µ):
   * two products rather than h · logit + Σ ln(1 − µ), whose terms cancel in float32 when many units are nearly certain.
   */
  logMeans: tf.Tensor4D;
  logComplements: tf.Tensor4D;
  /** ln a_m (normalised), [K, P, M]. */
  logMixing: tf.Tensor3D;
  /** a_1, a_1 + a_2, … (the first M − 1 cumulative sums, normalised), [K, P, M − 1]; undefined for M = 1. */
  cumulativeMixing?: tf.Tensor3D;
  dispose(): void;
}

/** Tensors of the network batch, the evidence's dense states [P, N] and the proposal. */
export function importanceTensors(batch: BeliefNetworkBatch, observed: Float32Array, free: number[], proposal: ImportanceProposal): ImportanceTensors {
  const { networkCount: k, unitCount: n } = batch;
  const p = observed.length / n;
  const m = proposal.components;
  const mask = new Float32Array(n);
  for (const i of free) mask[i] = 1;
  const logMixing = new Float32Array(k * p * m);
  const cumulative = new Float32Array(k * p * Math.max(0, m - 1));
  for (let row = 0; row < k * p; row++) {
    let total = 0;
    for (let c = 0; c < m; c++) total += proposal.mixing[row * m + c];
    let running = 0;
    for (let c = 0; c < m; c++) {
      const a = proposal.mixing[row * m + c] / total;
      logMixing[row * m + c] = Math.log(a);
      if (c < m - 1) cumulative[row * (m - 1) + c] = running += a;
    }
  }
  const freeMask = tf.tensor1d(mask);
  const [sampleMeans, logMeans, logComplements] = tf.tidy(() => {
    // Observed units hold 0 or 1; clipping keeps their logs finite before the mask zeroes them.
    const means = tf.clipByValue(tf.tensor4d(proposal.means, [k, p, m, n]), PROPOSAL_FLOOR, 1 - PROPOSAL_FLOOR);
    return [tf.mul(means, freeMask), tf.mul(tf.log(means), freeMask), tf.mul(tf.log(tf.sub(1, means)), freeMask)];
  }) as tf.Tensor4D[];
  const t: ImportanceTensors = {
    networkCount: k,
    patternCount: p,
    components: m,
    unitCount: n,
    weights: tf.tensor3d(batch.weights, [k, n, n]),
    biases: tf.tensor3d(batch.biases, [k, 1, n]),
    observed: tf.tensor2d(observed, [p, n]),
    sampleMeans,
    logMeans,
    logComplements,
    logMixing: tf.tensor3d(logMixing, [k, p, m]),
    cumulativeMixing: m > 1 ? tf.tensor3d(cumulative, [k, p, m - 1]) : undefined,
    dispose: () => tf.dispose([t.weights, t.biases, t.observed, t.sampleMeans, t.logMeans, t.logComplements, t.logMixing, ...(t.cumulativeMixing ? [t.cumulativeMixing] : [])]),
  };
  freeMask.dispose();
  return t;
}

/** One chunk's log weights, network-major [K, Pc] problems × Sc samples. */
export interface ChunkWeights {
  /** ln w_s, [K·Pc, Sc] (float32 as computed; summed in float64 by accumulate). */
  logWeights: Float32Array;
  /** max_s ln w_s per problem. */
  top: Float32Array;
  /** Σ_s e^{ln w_s − top} h_s, [K·Pc, N] (for self-normalised posterior means). */
  weightedStates: Float32Array;
}

/** A slice [K, Pc, …] of a [K, P, …] tensor. */
const patterns = <T extends tf.Tensor>(x: T, first: number, count: number): T =>
  tf.slice(x, [0, first, ...x.shape.slice(2).map(() => 0)], [x.shape[0], count, ...x.shape.slice(2)]) as T;

/**
 * ln w_s = ln P(V, h_s) − ln q(h_s) for `samples` draws h_s ~ q per network and pattern in [first, first + count):
 * a component m by the mixing weights, then every unobserved unit ~ Bernoulli(µ_mi); ln P(V, h) = Σ_i S_i z_i − ln(1 + e^{z_i})
 * with z = J S + b (Saul & Jordan eq. 2.2), ln q by log-sum-exp over the components. Returns the chunk's statistics.
 */
export function chunkLogWeights(t: ImportanceTensors, first: number, count: number, samples: number, seeds: [number, number]): ChunkWeights {
  const { networkCount: k, components: m, unitCount: n } = t;
  const rows = k * count;
  const results = tf.tidy(() => {
    const means = tf.reshape(patterns(t.sampleMeans, first, count), [rows, m, n]) as tf.Tensor3D;
    // One component: [rows, 1, N] broadcasts against the [rows, S, N] uniforms.
    let chosen = means as tf.Tensor3D;
    if (m > 1) {
      const u = tf.randomUniform([rows, samples, 1], 0, 1, 'float32', seeds[0]);
      const cumulative = tf.reshape(patterns(t.cumulativeMixing!, first, count), [rows, 1, m - 1]);
      const component = tf.sum(tf.cast(tf.greaterEqual(u, cumulative), 'int32'), 2);
      const index = tf.add(component, tf.reshape(tf.range(0, rows * m, m, 'int32'), [rows, 1]));
      chosen = tf.reshape(tf.gather(tf.reshape(means, [rows * m, n]), tf.reshape(index, [-1])), [rows, samples, n]);
    }
    const hidden = tf.cast(tf.less(tf.randomUniform([rows, samples, n], 0, 1, 'float32', seeds[1]), chosen), 'float32');
    // ln(1 − µ) is 0 on observed units, so 1 − h needs no mask there.
    const complement = tf.sub(1, hidden);
    const perComponent = tf.add(
      tf.add(
        tf.matMul(hidden, tf.reshape(patterns(t.logMeans, first, count), [rows, m, n]), false, true),
        tf.matMul(complement, tf.reshape(patterns(t.logComplements, first, count), [rows, m, n]), false, true),
      ),
      tf.reshape(patterns(t.logMixing, first, count), [rows, 1, m]),
    );
    const logQ = m === 1 ? tf.reshape(perComponent, [rows, samples]) : tf.logSumExp(perComponent, 2);
    const observed = tf.reshape(tf.slice(t.observed, [first, 0], [count, n]), [1, count, 1, n]);
    const states = tf.reshape(tf.add(tf.reshape(hidden, [k, count, samples, n]), observed), [k, count * samples, n]);
    const fields = tf.add(tf.matMul(states, t.weights, false, true), t.biases);
    const logJoint = tf.reshape(tf.sum(tf.sub(tf.mul(states, fields), tf.softplus(fields)), 2), [rows, samples]);
    const logWeights = tf.sub(logJoint, logQ);
    const top = tf.max(logWeights, 1);
    const shifted = tf.exp(tf.sub(logWeights, tf.expandDims(top, 1)));
    const weightedStates = tf.reshape(tf.matMul(tf.expandDims(shifted, 1), hidden), [rows, n]);
    return [logWeights, top, weightedStates];
  });
  const [logWeights, top, weightedStates] = results.map((r) => r.dataSync() as Float32Array);
  tf.dispose(results);
  return { logWeights, top, weightedStates };
}

/** Running log-mean-exp statistics of each problem's weights, combined chunk by chunk in float64 (Chan, Golub & LeVeque 1979). */
export interface WeightAccumulator {
  /** Reference shift ln c per problem: the statistics below are of w / c. */
  top: Float64Array;
  mean: Float64Array;
  squares: Float64Array;
  logSum: Float64Array;
  /** N. */
  unitCount: number;
  /** Σ_s (w_s / c) h_s, [problems, N]. */
  weightedStates: Float64Array;
}

/** An empty accumulator for `problems` problems of `unitCount` units. */
export const createAccumulator = (problems: number, unitCount: number): WeightAccumulator => ({
  top: new Float64Array(problems).fill(-Infinity),
  mean: new Float64Array(problems),
  squares: new Float64Array(problems),
  logSum: new Float64Array(problems),
  unitCount,
  weightedStates: new Float64Array(problems * unitCount),
});

/**
 * Adds a chunk of `samples` weights per problem (problem `offsets[r]` for chunk row r, which holds `before` weights so
 * far): the chunk's mean and centred sum of squares of w / max w in float64 (as summariseLogWeights), rescaled with the
 * running ones to the larger shift and merged by the pairwise update.
 */
export function accumulate(into: WeightAccumulator, chunk: ChunkWeights, offsets: ArrayLike<number>, samples: number, before: number): void {
  const total = before + samples;
  const n = into.unitCount;
  for (let r = 0; r < offsets.length; r++) {
    const q = offsets[r];
    const own = chunk.top[r];
    const logWeights = chunk.logWeights.subarray(r * samples, (r + 1) * samples);
    let sum = 0;
    let logSum = 0;
    for (let s = 0; s < samples; s++) {
      sum += Math.exp(logWeights[s] - own);
      logSum += logWeights[s];
    }
    const chunkMean = sum / samples;
    let chunkSquares = 0;
    for (let s = 0; s < samples; s++) chunkSquares += (Math.exp(logWeights[s] - own) - chunkMean) ** 2;
    const top = Math.max(into.top[q], own);
    const a = before === 0 ? 0 : Math.exp(into.top[q] - top);
    const b = Math.exp(own - top);
    const meanA = into.mean[q] * a;
    const meanB = chunkMean * b;
    const delta = meanB - meanA;
    into.mean[q] = meanA + (delta * samples) / total;
    into.squares[q] = into.squares[q] * a * a + chunkSquares * b * b + (delta * delta * before * samples) / total;
    into.top[q] = top;
    into.logSum[q] += logSum;
    for (let i = 0; i < n; i++) into.weightedStates[q * n + i] = into.weightedStates[q * n + i] * a + chunk.weightedStates[r * n + i] * b;
  }
}

/** Per-problem results of the accumulated weights. */
export interface WeightSummary {
  /** ln P̂ = top + ln mean. */
  values: Float64Array;
  /** Delta-method standard error sd(w) / (√S mean(w)). */
  standardErrors: Float64Array;
  /** (Σ w)² / Σ w². */
  effectiveSamples: Float64Array;
  /** (1/S) Σ ln w_s. */
  meanLogWeights: Float64Array;
  /** Σ_s w_s h_si / Σ_s w_s, the unobserved units only (0 elsewhere), [problems, N]. */
  marginals: Float64Array;
}

/** ln P̂, its standard error, effective samples, mean log weight and self-normalised means of every problem. */
export function finishAccumulator(acc: WeightAccumulator, samples: number): WeightSummary {
  const problems = acc.top.length;
  const n = acc.unitCount;
  const marginals = new Float64Array(problems * n);
  const values = new Float64Array(problems);
  const standardErrors = new Float64Array(problems);
  const effectiveSamples = new Float64Array(problems);
  const meanLogWeights = new Float64Array(problems);
  for (let q = 0; q < problems; q++) {
    const mean = acc.mean[q];
    values[q] = acc.top[q] + Math.log(mean);
    standardErrors[q] = samples > 1 ? Math.sqrt(acc.squares[q] / (samples - 1) / samples) / mean : Infinity;
    effectiveSamples[q] = (samples * mean) ** 2 / (acc.squares[q] + samples * mean * mean);
    meanLogWeights[q] = acc.logSum[q] / samples;
    for (let i = 0; i < n; i++) marginals[q * n + i] = acc.weightedStates[q * n + i] / (samples * mean);
  }
  return { values, standardErrors, effectiveSamples, meanLogWeights, marginals };
}
