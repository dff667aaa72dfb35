import type { EnergyModelSpec } from '../../../engine/compiler/types';
import type { BinaryDataset } from '../../../engine/data/dataset';
import type { ModelParameters } from '../../../engine/model/parameters';

/** Independent float64 reference: visits every state one by one and evaluates H straight from the blocks. */
export interface BruteForce {
  states: number[][];
  /** H(s) = −Σ_blocks Σ w s_i s_j − Σ b_i s_i; a lateral block counts each ordered pair with weight ½. */
  energies: Float64Array;
  logZ: number;
  probabilities: Float64Array;
  means: Float64Array;
  correlations: Float64Array;
  /** log P(v) for a visible bit pattern (visibleIndices order). */
  logProbabilityOf(bits: ArrayLike<number>): number;
  /** ⟨s⟩ under P(s | v). */
  conditionalMeans(bits: ArrayLike<number>): Float64Array;
}

export function bruteForce(model: EnergyModelSpec, params: ModelParameters, beta = 1): BruteForce {
  const n = model.unitCount;
  const value = (bit: number): number => (bit ? 1 : model.encoding === 'pm1' ? -1 : 0);
  const states: number[][] = [];
  const energies = new Float64Array(2 ** n);
  for (let index = 0; index < 2 ** n; index++) {
    const s = Array.from({ length: n }, (_, i) => value((index >> i) & 1));
    let h = 0;
    for (const block of model.weightBlocks) {
      const w = params.weights[block.key];
      const cols = block.shape[1];
      for (let r = 0; r < block.shape[0]; r++) {
        for (let c = 0; c < cols; c++) {
          const i = block.rows.start + r;
          const j = block.cols.start + c;
          if (i === j) continue;
          h -= (block.lateral ? 0.5 : 1) * w[r * cols + c] * s[i] * s[j];
        }
      }
    }
    for (const bias of model.biasBlocks) {
      const b = params.biases[bias.nodeId];
      for (let k = 0; k < b.length; k++) h -= b[k] * s[bias.range.start + k];
    }
    states.push(s);
    energies[index] = h;
  }
  const logSumExp = (xs: number[]): number => {
    const m = Math.max(...xs);
    return m + Math.log(xs.reduce((acc, x) => acc + Math.exp(x - m), 0));
  };
  const logW = Array.from(energies, (e) => -beta * e);
  const logZ = logSumExp(logW);
  const probabilities = Float64Array.from(logW, (x) => Math.exp(x - logZ));
  const moments = (weights: ArrayLike<number>, indices: number[]) => {
    const means = new Float64Array(n);
    const correlations = new Float64Array(n * n);
    for (const k of indices) {
      const s = states[k];
      for (let i = 0; i < n; i++) {
        means[i] += weights[k] * s[i];
        for (let j = 0; j < n; j++) correlations[i * n + j] += weights[k] * s[i] * s[j];
      }
    }
    return { means, correlations };
  };
  const all = states.map((_, k) => k);
  const { means, correlations } = moments(probabilities, all);
  const matching = (bits: ArrayLike<number>): number[] =>
    all.filter((k) => model.visibleIndices.every((unit, col) => states[k][unit] === value(bits[col])));
  return {
    states,
    energies,
    logZ,
    probabilities,
    means,
    correlations,
    logProbabilityOf: (bits) => logSumExp(matching(bits).map((k) => logW[k])) - logZ,
    conditionalMeans(bits) {
      const ks = matching(bits);
      const local = logSumExp(ks.map((k) => logW[k]));
      const weights = new Float64Array(states.length);
      for (const k of ks) weights[k] = Math.exp(logW[k] - local);
      return moments(weights, ks).means;
    },
  };
}

/** Mean log-likelihood Σ_rows log P(v_row) / rows, by brute force. */
export function meanLogLikelihood(model: EnergyModelSpec, params: ModelParameters, data: BinaryDataset): number {
  const reference = bruteForce(model, params);
  let total = 0;
  for (let r = 0; r < data.rowCount; r++) total += reference.logProbabilityOf(data.bits.subarray(r * data.width, (r + 1) * data.width));
  return total / data.rowCount;
}

/** Largest |a_k − b_k| / max(1, |b_k|). */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let k = 0; k < b.length; k++) worst = Math.max(worst, Math.abs(a[k] - b[k]) / Math.max(1, Math.abs(b[k])));
  return worst;
}
