import * as tf from '@tensorflow/tfjs';
import { checkEvidence, evidenceStates, type BeliefEvidence } from './evidence';
import { asBatch, type BeliefNetwork, type BeliefNetworkBatch } from './network';

/** Most unobserved units exact inference enumerates (2^24 configurations per pattern). */
export const MAX_ENUMERATED_UNITS = 24;

/** Most entries of one chunk's [patterns × configurations × networks × units] tensors. */
const CHUNK_ENTRIES = 1 << 22;

/** Exact posterior quantities by enumeration, for K networks × P patterns. */
export interface ExactBeliefResult {
  networkCount: number;
  patternCount: number;
  unitCount: number;
  /** ln P(evidence) = ln Σ_unobserved P(S), [K, P] row-major. */
  logLikelihood: Float64Array;
  /** P(S_i = 1 | evidence), [K, P, N] row-major; observed units hold their observed values. */
  marginals: Float64Array;
}

/** ∂/∂J_ij and ∂/∂b_i of Σ_p ln P(evidence_p): Σ_p E[(S_i − σ(z_i)) S_j | evidence_p] (Saul & Jordan eq. 2.4). */
export interface ExactGradient {
  /** Σ_p ln P(evidence_p). */
  logLikelihood: number;
  /** N×N row-major, zero where j is not a parent of i. */
  weights: Float64Array;
  /** N. */
  biases: Float64Array;
}

/** A network or a batch as a batch. */
export const toBatch = (networks: BeliefNetwork | BeliefNetworkBatch): BeliefNetworkBatch =>
  'networkCount' in networks ? networks : asBatch(networks);

/** Refuses evidence leaving more than MAX_ENUMERATED_UNITS units unobserved; returns the unobserved units. */
export function assertEnumerable(networks: BeliefNetworkBatch, evidence: BeliefEvidence): number[] {
  const free = checkEvidence(networks, evidence);
  if (free.length > MAX_ENUMERATED_UNITS) {
    throw new RangeError(
      `Exact inference sums over 2^u configurations of the u unobserved units and handles at most u = ${MAX_ENUMERATED_UNITS}; ` +
        `this evidence leaves ${free.length} units unobserved: use Gibbs sampling or the mean-field bound instead`,
    );
  }
  return free;
}

interface Chunk {
  firstPattern: number;
  patternCount: number;
  configCount: number;
  /** [Pc·Cc, N] 0/1 states, pattern-major. */
  states: tf.Tensor2D;
  /** [Pc·Cc, K, N] z_i = Σ_j J_ij S_j + b_i per network. */
  fields: tf.Tensor3D;
  /** [Pc·Cc, K] ln P(S) = Σ_i S_i z_i − ln(1 + e^{z_i}) (Saul & Jordan eq. 2.2). */
  logJoint: tf.Tensor2D;
}

/** Calls `visit` for each chunk of (pattern, unobserved-configuration) states inside a tidy; `visit` returns what to keep. */
function forEachChunk(
  batch: BeliefNetworkBatch,
  evidence: BeliefEvidence,
  visit: (chunk: Chunk) => tf.Tensor[],
): { firstPattern: number; tensors: tf.Tensor[] }[] {
  const free = assertEnumerable(batch, evidence);
  const n = batch.unitCount;
  const k = batch.networkCount;
  const totalConfigs = 2 ** free.length;
  const perConfig = k * n;
  const configCount = Math.min(totalConfigs, 2 ** Math.max(0, Math.floor(Math.log2(Math.max(1, CHUNK_ENTRIES / perConfig)))));
  const patternsPerChunk = Math.max(1, Math.floor(CHUNK_ENTRIES / (configCount * perConfig)));
  const observed = evidenceStates(batch, evidence);
  const kept: { firstPattern: number; tensors: tf.Tensor[] }[] = [];
  const transposed = tf.tidy(() => tf.reshape(tf.transpose(tf.tensor3d(batch.weights, [k, n, n]), [2, 0, 1]), [n, k * n]));
  const biases = tf.tensor2d(batch.biases, [k, n]);
  try {
    for (let firstConfig = 0; firstConfig < totalConfigs; firstConfig += configCount) {
      const configs = new Float32Array(configCount * n);
      for (let c = 0; c < configCount; c++) {
        const code = firstConfig + c;
        for (let b = 0; b < free.length; b++) configs[c * n + free[b]] = Math.floor(code / 2 ** b) % 2;
      }
      for (let first = 0; first < evidence.count; first += patternsPerChunk) {
        const count = Math.min(patternsPerChunk, evidence.count - first);
        kept.push({
          firstPattern: first,
          tensors: tf.tidy(() => {
            const patternStates = tf.tensor3d(observed.subarray(first * n, (first + count) * n), [count, 1, n]);
            const states = tf.reshape(tf.add(patternStates, tf.tensor3d(configs, [1, configCount, n])), [count * configCount, n]) as tf.Tensor2D;
            const fields = tf.add(tf.reshape(tf.matMul(states, transposed), [count * configCount, k, n]), biases) as tf.Tensor3D;
            const perUnit = tf.sub(tf.mul(fields, tf.expandDims(states, 1)), tf.softplus(fields));
            const logJoint = tf.sum(perUnit, 2) as tf.Tensor2D;
            return visit({ firstPattern: first, patternCount: count, configCount, states, fields, logJoint });
          }),
        });
      }
    }
  } finally {
    transposed.dispose();
    biases.dispose();
  }
  return kept;
}

/** [K, Pc] log-sum-exp of a chunk's log-joints over its configurations. */
const chunkLogSum = (chunk: Chunk, k: number): tf.Tensor2D =>
  tf.logSumExp(tf.transpose(tf.reshape(chunk.logJoint, [chunk.patternCount, chunk.configCount, k]), [2, 0, 1]), 2) as tf.Tensor2D;

/** [Pc·Cc, K] normalised posterior weights P(configuration | pattern) given the final [K, P] log-likelihoods. */
function posteriorWeights(chunk: Chunk, logLikelihood: tf.Tensor2D, k: number): tf.Tensor2D {
  const slice = tf.slice(logLikelihood, [0, chunk.firstPattern], [k, chunk.patternCount]);
  const perRow = tf.reshape(tf.tile(tf.expandDims(tf.transpose(slice), 1), [1, chunk.configCount, 1]), [-1, k]);
  return tf.exp(tf.sub(chunk.logJoint, perRow)) as tf.Tensor2D;
}

/** [K, P] ln P(evidence) over all chunks (first pass). */
function logLikelihoods(batch: BeliefNetworkBatch, evidence: BeliefEvidence): tf.Tensor2D {
  const k = batch.networkCount;
  const parts = forEachChunk(batch, evidence, (chunk) => [chunkLogSum(chunk, k)]);
  const result = tf.tidy(() => {
    // Chunks come config-range-major: combine each pattern range's sums over the config ranges, then concatenate.
    const byPattern = new Map<number, tf.Tensor[]>();
    for (const part of parts) byPattern.set(part.firstPattern, [...(byPattern.get(part.firstPattern) ?? []), part.tensors[0]]);
    const combined = [...byPattern.keys()].sort((a, b) => a - b).map((first) => {
      const sums = byPattern.get(first)!;
      return sums.length === 1 ? sums[0] : tf.logSumExp(tf.stack(sums), 0);
    });
    return (combined.length === 1 ? tf.clone(combined[0]) : tf.concat(combined, 1)) as tf.Tensor2D;
  });
  for (const part of parts) tf.dispose(part.tensors);
  return result;
}

/** ln P(evidence) and posterior marginals P(S_i = 1 | evidence) by enumerating the unobserved units, for every network and pattern. */
export function exactBeliefInference(networks: BeliefNetwork | BeliefNetworkBatch, evidence: BeliefEvidence): ExactBeliefResult {
  const batch = toBatch(networks);
  const k = batch.networkCount;
  const n = batch.unitCount;
  const p = evidence.count;
  const logLikelihood = logLikelihoods(batch, evidence);
  try {
    const marginals = new Float64Array(k * p * n);
    const parts = forEachChunk(batch, evidence, (chunk) => {
      const weights = posteriorWeights(chunk, logLikelihood, k);
      const perPattern = tf.transpose(tf.reshape(weights, [chunk.patternCount, chunk.configCount, k]), [0, 2, 1]);
      const states = tf.reshape(chunk.states, [chunk.patternCount, chunk.configCount, n]);
      return [tf.matMul(perPattern, states)];
    });
    for (const { firstPattern: first, tensors: [means] } of parts) {
      const values = means.dataSync();
      const count = means.shape[0];
      for (let q = 0; q < count; q++) {
        for (let net = 0; net < k; net++) {
          const target = (net * p + first + q) * n;
          for (let i = 0; i < n; i++) marginals[target + i] += values[(q * k + net) * n + i];
        }
      }
      means.dispose();
    }
    return { networkCount: k, patternCount: p, unitCount: n, logLikelihood: Float64Array.from(logLikelihood.dataSync()), marginals };
  } finally {
    logLikelihood.dispose();
  }
}

/** Exact gradient of Σ_p ln P(evidence_p) for one network (exact statistics for the delta rule, Saul & Jordan eq. 2.4). */
export function exactLogLikelihoodGradient(network: BeliefNetwork, evidence: BeliefEvidence): ExactGradient {
  const batch = asBatch(network);
  const n = batch.unitCount;
  const logLikelihood = logLikelihoods(batch, evidence);
  try {
    const parts = forEachChunk(batch, evidence, (chunk) => {
      const weights = tf.reshape(posteriorWeights(chunk, logLikelihood, 1), [-1, 1]);
      const error = tf.mul(tf.sub(chunk.states, tf.sigmoid(tf.reshape(chunk.fields, [-1, n]))), weights);
      return [tf.matMul(error, chunk.states, true, false), tf.sum(error, 0)];
    });
    const weights = new Float64Array(n * n);
    const biases = new Float64Array(n);
    for (const { tensors: [gradW, gradB] } of parts) {
      const w = gradW.dataSync();
      for (let e = 0; e < n * n; e++) weights[e] += network.linkMask[e] * w[e];
      const b = gradB.dataSync();
      for (let i = 0; i < n; i++) biases[i] += b[i];
      gradW.dispose();
      gradB.dispose();
    }
    const total = Array.from(logLikelihood.dataSync()).reduce((s, v) => s + v, 0);
    return { logLikelihood: total, weights, biases };
  } finally {
    logLikelihood.dispose();
  }
}
