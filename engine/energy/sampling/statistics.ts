import * as tf from '@tensorflow/tfjs';

/**
 * Sample moments ⟨s_i⟩ and ⟨s_i s_j⟩ over recorded sweeps, kept per group of chains so that the standard error can be
 * estimated from independent chains (within one chain successive sweeps are correlated; across chains they are not).
 */
export interface MomentAccumulator {
  /** Adds one recorded sweep of unit-major states [N, chains] (internal order). */
  add(states: tf.Tensor2D): void;
  /** Recorded sweeps so far. */
  readonly sweeps: number;
  /** Group averages in natural unit order; tensors freed. */
  read(): GroupMoments;
  dispose(): void;
}

/** Averages per group of chains (natural unit order). */
export interface GroupMoments {
  groups: number;
  unitCount: number;
  /** groups × N: ⟨s_i⟩ within each group. */
  means: Float64Array;
  /** groups × N × N: ⟨s_i s_j⟩ within each group, or undefined when not accumulated. */
  correlations?: Float64Array;
}

/** Pooled estimate and standard error (standard deviation of the group averages over √groups; NaN for one group). */
export interface Estimate {
  mean: Float64Array;
  standardError: Float64Array;
}

/** Accumulates moments for `chains` chains split into `groups` equal contiguous groups; `order[p]` = unit at internal position p. */
export function createMomentAccumulator(chains: number, order: Int32Array, groups: number, correlations: boolean): MomentAccumulator {
  const n = order.length;
  if (!Number.isInteger(groups) || groups < 1 || chains % groups !== 0) {
    throw new RangeError(`Chain groups must be a whole number ≥ 1 that divides the ${chains} chains; got ${groups}`);
  }
  const perGroup = chains / groups;
  let meanSum: tf.Tensor2D = tf.zeros([groups, n]);
  let correlationSum: tf.Tensor3D | undefined = correlations ? tf.zeros([groups, n, n]) : undefined;
  let sweeps = 0;
  return {
    get sweeps() {
      return sweeps;
    },
    add(states) {
      const [nextMean, nextCorrelation] = tf.tidy(() => {
        const grouped = tf.reshape(states, [n, groups, perGroup]) as tf.Tensor3D;
        const mean = tf.add(meanSum, tf.transpose(tf.sum(grouped, 2))) as tf.Tensor2D;
        let corr: tf.Tensor3D | undefined;
        if (correlationSum) {
          const byGroup = groups === 1 ? tf.reshape(states, [1, n, perGroup]) : tf.transpose(grouped, [1, 0, 2]);
          corr = tf.add(correlationSum, tf.matMul(byGroup, byGroup, false, true)) as tf.Tensor3D;
        }
        return [mean, corr] as const;
      });
      meanSum.dispose();
      meanSum = nextMean;
      if (correlationSum) {
        correlationSum.dispose();
        correlationSum = nextCorrelation;
      }
      sweeps++;
    },
    read() {
      const scale = 1 / (Math.max(sweeps, 1) * perGroup);
      const rawMeans = meanSum.dataSync();
      const means = new Float64Array(groups * n);
      for (let g = 0; g < groups; g++) for (let p = 0; p < n; p++) means[g * n + order[p]] = rawMeans[g * n + p] * scale;
      let corr: Float64Array | undefined;
      if (correlationSum) {
        const raw = correlationSum.dataSync();
        corr = new Float64Array(groups * n * n);
        for (let g = 0; g < groups; g++) {
          for (let p = 0; p < n; p++) {
            for (let q = 0; q < n; q++) corr[g * n * n + order[p] * n + order[q]] = raw[g * n * n + p * n + q] * scale;
          }
        }
      }
      return { groups, unitCount: n, means, correlations: corr };
    },
    dispose() {
      meanSum.dispose();
      correlationSum?.dispose();
    },
  };
}

/** Pools `groups` equal-weight group averages of length `width` (stored group-major) into a mean and its standard error. */
export function poolGroups(values: Float64Array, groups: number, width: number): Estimate {
  const mean = new Float64Array(width);
  const standardError = new Float64Array(width);
  for (let k = 0; k < width; k++) {
    let sum = 0;
    for (let g = 0; g < groups; g++) sum += values[g * width + k];
    const m = sum / groups;
    let squares = 0;
    for (let g = 0; g < groups; g++) squares += (values[g * width + k] - m) ** 2;
    mean[k] = m;
    standardError[k] = groups > 1 ? Math.sqrt(squares / (groups - 1) / groups) : NaN;
  }
  return { mean, standardError };
}

/** The pooled figures of a sampling result from its group moments: ⟨s_i⟩ and ⟨s_i s_j⟩ with standard errors, and the raw group averages. */
export function pooledMoments(moments: GroupMoments) {
  const n = moments.unitCount;
  const means = poolGroups(moments.means, moments.groups, n);
  const correlations = moments.correlations ? poolGroups(moments.correlations, moments.groups, n * n) : undefined;
  return {
    meanStates: means.mean,
    meanStatesError: means.standardError,
    correlations: correlations?.mean,
    correlationsError: correlations?.standardError,
    groupMeans: moments.means,
    groupCorrelations: moments.correlations,
  };
}
