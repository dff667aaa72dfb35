import { attractorRelax } from '../belief/attractor/relax';
import { meanFieldBound } from '../belief/bound/meanField';
import { mixtureBound } from '../belief/bound/mixture';
import type { BeliefEvidence } from '../belief/evidence';
import { exactBeliefInference } from '../belief/exact';
import { gibbsPosterior } from '../belief/gibbs';
import type { BeliefNetwork } from '../belief/network';
import type { BinaryDataset } from '../data/dataset';
import { groupByMask } from './clamp';
import type { RowProgress } from './result';

/** One belief-network method on one batch of evidence: per-pattern values and [P, N] means of every unit. */
export interface BeliefBatchResult {
  /** Per pattern; absent for methods that give means only (Gibbs). */
  values?: ArrayLike<number>;
  /** [P, N] posterior means (observed units hold their values). */
  means: ArrayLike<number>;
  /** [P, N] standard errors of the means (sampling methods). */
  standardErrors?: ArrayLike<number>;
  summary: Record<string, number | boolean>;
}

/** A belief-network method with its settings bound: evidence in, values and means out. */
export type BeliefBatchMethod = (network: BeliefNetwork, evidence: BeliefEvidence) => Promise<BeliefBatchResult> | BeliefBatchResult;

/** Settings of the belief methods (InferArgs options, defaults in BELIEF_METHODS). */
export interface BeliefMethodArgs {
  chains: number;
  burnIn: number;
  sweeps: number;
  tolerance: number;
  maxSweeps: number;
  components: number;
  iterations: number;
  stepSize: number;
  seed: number;
}

/** Exact ln P(V) and marginals by enumerating the unobserved units. */
export const exactBeliefMethod: BeliefBatchMethod = (network, evidence) => {
  const result = exactBeliefInference(network, evidence);
  return { values: result.logLikelihood, means: result.marginals, summary: {} };
};

/** Posterior marginals by Gibbs sampling of P(H | V) (Neal 1992), with standard errors from independent chains. */
export const gibbsBeliefMethod = (args: BeliefMethodArgs): BeliefBatchMethod => (network, evidence) => {
  const result = gibbsPosterior(network, evidence, { chains: args.chains, burnIn: args.burnIn, sweeps: args.sweeps, seed: args.seed });
  return { means: result.marginals, standardErrors: result.standardErrors, summary: { chainsPerRow: args.chains, burnIn: args.burnIn, sweeps: args.sweeps } };
};

/** The SJJ mean-field bound F ≤ ln P(V) (Bishop et al. eq. 4) and its means µ. */
export const meanFieldBeliefMethod = (args: BeliefMethodArgs): BeliefBatchMethod => (network, evidence) => {
  const result = meanFieldBound(network, evidence, { tolerance: args.tolerance, maxSweeps: args.maxSweeps, seed: args.seed });
  return { values: result.bound, means: result.means, summary: { sweeps: result.sweeps, converged: result.converged } };
};

/** The mixture bound (Bishop et al. eqs. 5–19) and the mixture's means Σ_m a_m µ_mi. */
export const mixtureBeliefMethod = (args: BeliefMethodArgs): BeliefBatchMethod => (network, evidence) => {
  const m = args.components;
  const n = network.unitCount;
  const result = mixtureBound(network, evidence, { components: m, tolerance: args.tolerance, maxSweeps: args.maxSweeps, seed: args.seed });
  const means = new Float32Array(evidence.count * n);
  for (let p = 0; p < evidence.count; p++) {
    for (let c = 0; c < m; c++) {
      const a = result.weights[p * m + c];
      for (let i = 0; i < n; i++) means[p * n + i] += a * result.means[(p * m + c) * n + i];
    }
  }
  return { values: result.bound, means, summary: { components: m, sweeps: result.sweeps, converged: result.converged } };
};

/** Saul & Jordan's attractor dynamics (eqs. 3.12, 3.14): −L (eq. 3.10) and the means µ. */
export const attractorBeliefMethod = (args: BeliefMethodArgs): BeliefBatchMethod => async (network, evidence) => {
  const result = await attractorRelax(network, evidence, { iterations: args.iterations, stepSize: args.stepSize, recordTrace: false });
  return { values: Float64Array.from(result.lyapunov, (l) => -l), means: result.means, summary: { iterations: args.iterations } };
};

/** Rows per batch of evidence (larger batches amortise the per-unit sweeps of the bound methods). */
export const BELIEF_ROWS_PER_BATCH = 2048;

/** Most Gibbs chains run at once (rows per batch = this / chains per row). */
export const MAX_BELIEF_CHAINS = 4096;

/** Per-row values and posterior means of hidden and visible units. */
export interface BeliefInference {
  /** Absent for methods that give means only. */
  values?: Float64Array;
  hiddenMeans: Float32Array;
  visibleMeans: Float32Array;
  hiddenStandardErrors?: Float32Array;
  visibleStandardErrors?: Float32Array;
  summary: Record<string, number | boolean>;
}

/** Runs `method` over the rows of `data`, the known visible units of each row as evidence (rows grouped by mask). */
export async function inferBelief(
  network: BeliefNetwork,
  data: BinaryDataset,
  mask: Uint8Array,
  method: BeliefBatchMethod,
  progress?: RowProgress,
  rowsPerBatch = BELIEF_ROWS_PER_BATCH,
): Promise<BeliefInference> {
  const width = data.width;
  const n = network.unitCount;
  const { hiddenIndices: hidden, visibleIndices: visible } = network;
  const out: BeliefInference = {
    hiddenMeans: new Float32Array(data.rowCount * hidden.length),
    visibleMeans: new Float32Array(data.rowCount * width),
    summary: {},
  };
  let done = 0;
  for (const group of groupByMask(mask, data.rowCount, width)) {
    const units = group.known.map((p) => visible[p]);
    for (let first = 0; first < group.rows.length; first += rowsPerBatch) {
      const rows = group.rows.slice(first, first + rowsPerBatch);
      const values = new Uint8Array(rows.length * units.length);
      rows.forEach((row, r) => group.known.forEach((p, k) => (values[r * units.length + k] = data.bits[row * width + p])));
      const result = await method(network, { units, values, count: rows.length });
      const errors = result.standardErrors;
      if (errors) {
        out.hiddenStandardErrors ??= new Float32Array(data.rowCount * hidden.length);
        out.visibleStandardErrors ??= new Float32Array(data.rowCount * width);
      }
      rows.forEach((row, r) => {
        if (result.values) (out.values ??= new Float64Array(data.rowCount))[row] = result.values[r];
        hidden.forEach((u, k) => (out.hiddenMeans[row * hidden.length + k] = result.means[r * n + u]));
        visible.forEach((u, k) => (out.visibleMeans[row * width + k] = result.means[r * n + u]));
        if (errors) {
          hidden.forEach((u, k) => (out.hiddenStandardErrors![row * hidden.length + k] = errors[r * n + u]));
          visible.forEach((u, k) => (out.visibleStandardErrors![row * width + k] = errors[r * n + u]));
        }
      });
      mergeSummary(out.summary, result.summary);
      done += rows.length;
      await progress?.(done, data.rowCount);
    }
  }
  return out;
}

/** Keeps the largest count (sweeps) and the conjunction of flags (converged) over batches. */
function mergeSummary(into: Record<string, number | boolean>, from: Record<string, number | boolean>): void {
  for (const [key, value] of Object.entries(from)) {
    const old = into[key];
    if (old === undefined) into[key] = value;
    else if (typeof value === 'boolean') into[key] = (old as boolean) && value;
    else into[key] = Math.max(old as number, value);
  }
}
