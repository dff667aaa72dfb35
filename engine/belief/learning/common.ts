import type { BinaryDataset } from '../../data/dataset';
import type { SeededRandom } from '../../random/seeded';
import type { BeliefEvidence } from '../evidence';
import { exactBeliefInference } from '../exact';
import type { BeliefNetwork } from '../network';

/** Most hidden units for which training reports the exact log-likelihood each epoch (2^16 configurations per distinct pattern, a fraction of a second). */
export const EXACT_METRIC_HIDDEN_UNITS = 16;

/** Evidence on the visible units from dataset rows `rows` (bits in visibleIndices order). */
export function rowsEvidence(network: BeliefNetwork, data: BinaryDataset, rows: number[]): BeliefEvidence {
  const width = data.width;
  const values = new Uint8Array(rows.length * width);
  rows.forEach((row, k) => values.set(data.bits.subarray(row * width, (row + 1) * width), k * width));
  return { units: network.visibleIndices, values, count: rows.length };
}

/** The dataset's rows in a fresh random order, cut into batches of `size` (the last may be shorter). */
export function shuffledBatches(rowCount: number, size: number, random: SeededRandom): number[][] {
  const order = Array.from({ length: rowCount }, (_, k) => k);
  for (let k = rowCount - 1; k > 0; k--) {
    const m = random.int(k + 1);
    [order[k], order[m]] = [order[m], order[k]];
  }
  const batches: number[][] = [];
  for (let start = 0; start < rowCount; start += size) batches.push(order.slice(start, start + size));
  return batches;
}

/**
 * Gradient ascent step on the links: J_ij += η (g_ij / B − λ J_ij) where j is a parent of i, b_i += η g_i / B, with g
 * summed over a batch of B patterns. Returns a new network; J stays zero off the links.
 */
export function ascend(network: BeliefNetwork, weights: ArrayLike<number>, biases: ArrayLike<number>, batch: number, learningRate: number, weightDecay: number): BeliefNetwork {
  const n = network.unitCount;
  const next = Float32Array.from(network.weights);
  for (let e = 0; e < n * n; e++) {
    if (network.linkMask[e] !== 0) next[e] += learningRate * (weights[e] / batch - weightDecay * next[e]);
  }
  const nextBiases = Float32Array.from(network.biases, (b, i) => b + (learningRate * biases[i]) / batch);
  return { ...network, weights: next, biases: nextBiases };
}

/** Mean exact ln P(v) per dataset row, or undefined beyond EXACT_METRIC_HIDDEN_UNITS (distinct rows enumerated once). */
export function exactMeanLogLikelihood(network: BeliefNetwork, data: BinaryDataset): number | undefined {
  if (network.hiddenIndices.length > EXACT_METRIC_HIDDEN_UNITS || data.rowCount === 0) return undefined;
  const width = data.width;
  const counts = new Map<string, { row: number; count: number }>();
  for (let r = 0; r < data.rowCount; r++) {
    const key = data.bits.subarray(r * width, (r + 1) * width).join('');
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { row: r, count: 1 });
  }
  const distinct = [...counts.values()];
  const result = exactBeliefInference(network, rowsEvidence(network, data, distinct.map((d) => d.row)));
  return distinct.reduce((sum, d, k) => sum + d.count * result.logLikelihood[k], 0) / data.rowCount;
}
