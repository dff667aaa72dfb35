import { attractorRelax } from '../belief/attractor/relax';
import { meanFieldBoundAsync } from '../belief/bound/meanField';
import { mixtureBoundAsync } from '../belief/bound/mixture';
import type { BeliefEvidence } from '../belief/evidence';
import { exactBeliefInference } from '../belief/exact';
import { gibbsPosterior } from '../belief/gibbs';
import { beliefImportanceSampling, importanceSummary } from '../belief/importance';
import type { BeliefNetwork } from '../belief/network';
import type { BinaryDataset } from '../data/dataset';
import type { EstimateProvenance, LikelihoodSummary } from '../likelihood/estimate';
import { atMostEvery } from '../likelihood/progress';
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
  /** Per pattern: the standard error of `values` (estimates). */
  valueStandardErrors?: ArrayLike<number>;
  /** Per pattern: the variational bound an estimate improves on (importance sampling). */
  bounds?: ArrayLike<number>;
  /** Per pattern: effective samples (Σw)²/Σw² of an importance-sampled value. */
  effectiveSamples?: ArrayLike<number>;
  /** How estimated values were made (importance sampling): with bounds and effective samples, inferBelief summarises them. */
  provenance?: EstimateProvenance;
  summary: Record<string, number | boolean>;
}

/**
 * A belief-network method with its settings bound: evidence in, values and means out. Long methods await `progress`
 * (work done, work in all, within this batch) every few hundred milliseconds; a throw from it stops them.
 */
export type BeliefBatchMethod = (
  network: BeliefNetwork,
  evidence: BeliefEvidence,
  progress?: (done: number, total: number) => void | Promise<void>,
) => Promise<BeliefBatchResult> | BeliefBatchResult;

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
  /** importance: samples per row. */
  samples: number;
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
export const meanFieldBeliefMethod = (args: BeliefMethodArgs): BeliefBatchMethod => async (network, evidence, progress) => {
  // A sweep of a large network takes a while: progress (and through it pause and cancel) gets in between sweeps.
  const between = atMostEvery(progress && (() => progress(0, evidence.count)));
  const result = await meanFieldBoundAsync(network, evidence, { tolerance: args.tolerance, maxSweeps: args.maxSweeps, seed: args.seed }, between);
  return { values: result.bound, means: result.means, summary: { sweeps: result.sweeps, converged: result.converged } };
};

/** The mixture bound (Bishop et al. eqs. 5–19) and the mixture's means Σ_m a_m µ_mi. */
export const mixtureBeliefMethod = (args: BeliefMethodArgs): BeliefBatchMethod => async (network, evidence, progress) => {
  const m = args.components;
  const n = network.unitCount;
  const between = atMostEvery(progress && (() => progress(0, evidence.count)));
  const result = await mixtureBoundAsync(network, evidence, { components: m, tolerance: args.tolerance, maxSweeps: args.maxSweeps, seed: args.seed }, between);
  const means = new Float32Array(evidence.count * n);
  for (let p = 0; p < evidence.count; p++) {
    for (let c = 0; c < m; c++) {
      const a = result.weights[p * m + c];
      for (let i = 0; i < n; i++) means[p * n + i] += a * result.means[(p * m + c) * n + i];
    }
  }
  return { values: result.bound, means, summary: { components: m, sweeps: result.sweeps, converged: result.converged } };
};

/**
 * ln P̂(V) by importance sampling from the fitted mean-field posterior (components 1) or the mixture of Bishop et al.
 * (components M ≥ 2), with standard errors, effective samples, the bound beside it and self-normalised posterior means.
 */
export const importanceBeliefMethod = (args: BeliefMethodArgs): BeliefBatchMethod => {
  // Each batch of rows draws from its own stream of the seed, so rows of different batches do not share samples.
  let batch = 0;
  return async (network, evidence, progress) => {
    const m = args.components;
    const result = await beliefImportanceSampling(network, evidence, {
      stream: `batch ${batch++}`,
      samples: args.samples,
      proposal: m > 1 ? 'mixture' : 'meanfield',
      components: m,
      tolerance: args.tolerance,
      maxSweeps: args.maxSweeps,
      seed: args.seed,
      progress,
    });
    return {
      values: result.values,
      valueStandardErrors: result.standardErrors,
      bounds: result.bounds,
      effectiveSamples: result.effectiveSamples,
      means: result.marginals,
      provenance: result.summary.provenance,
      summary: { samples: args.samples, components: m },
    };
  };
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
  /** Standard errors of the values (estimates). */
  standardErrors?: Float64Array;
  /** The variational bound beside each estimated value (importance sampling). */
  bounds?: Float64Array;
  /** Effective samples behind each estimated value (importance sampling). */
  effectiveSamples?: Float64Array;
  hiddenMeans: Float32Array;
  visibleMeans: Float32Array;
  hiddenStandardErrors?: Float32Array;
  visibleStandardErrors?: Float32Array;
  /** Numbers and flags merged over batches; importance sampling adds meanBound, meanEffectiveSamples and any `warning`. */
  summary: Record<string, number | boolean | string>;
  /** Importance sampling: the mean ln P̂ over the rows beside the mean bound, its standard error, provenance and warnings. */
  likelihood?: LikelihoodSummary;
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
  let provenance: EstimateProvenance | undefined;
  for (const group of groupByMask(mask, data.rowCount, width)) {
    const units = group.known.map((p) => visible[p]);
    for (let first = 0; first < group.rows.length; first += rowsPerBatch) {
      const rows = group.rows.slice(first, first + rowsPerBatch);
      const values = new Uint8Array(rows.length * units.length);
      rows.forEach((row, r) => group.known.forEach((p, k) => (values[r * units.length + k] = data.bits[row * width + p])));
      const before = done;
      const inner = progress && ((part: number, whole: number) => progress(before + Math.floor((rows.length * part) / Math.max(1, whole)), data.rowCount));
      const result = await method(network, { units, values, count: rows.length }, inner);
      const errors = result.standardErrors;
      if (errors) {
        out.hiddenStandardErrors ??= new Float32Array(data.rowCount * hidden.length);
        out.visibleStandardErrors ??= new Float32Array(data.rowCount * width);
      }
      rows.forEach((row, r) => {
        if (result.values) (out.values ??= new Float64Array(data.rowCount))[row] = result.values[r];
        if (result.valueStandardErrors) (out.standardErrors ??= new Float64Array(data.rowCount))[row] = result.valueStandardErrors[r];
        if (result.bounds) (out.bounds ??= new Float64Array(data.rowCount))[row] = result.bounds[r];
        if (result.effectiveSamples) (out.effectiveSamples ??= new Float64Array(data.rowCount))[row] = result.effectiveSamples[r];
        hidden.forEach((u, k) => (out.hiddenMeans[row * hidden.length + k] = result.means[r * n + u]));
        visible.forEach((u, k) => (out.visibleMeans[row * width + k] = result.means[r * n + u]));
        if (errors) {
          hidden.forEach((u, k) => (out.hiddenStandardErrors![row * hidden.length + k] = errors[r * n + u]));
          visible.forEach((u, k) => (out.visibleStandardErrors![row * width + k] = errors[r * n + u]));
        }
      });
      mergeSummary(out.summary, result.summary);
      provenance ??= result.provenance;
      done += rows.length;
      await progress?.(done, data.rowCount);
    }
  }
  const mean = (x: Float64Array): number => x.reduce((s, v) => s + v, 0) / Math.max(1, x.length);
  if (out.bounds) out.summary.meanBound = mean(out.bounds);
  if (out.effectiveSamples) out.summary.meanEffectiveSamples = mean(out.effectiveSamples);
  if (provenance && out.values && out.standardErrors && out.effectiveSamples && out.bounds) {
    out.likelihood = importanceSummary(out.values, out.standardErrors, out.effectiveSamples, out.bounds, provenance.runs ?? 0, data.rowCount, provenance);
    if (out.likelihood.warnings.length > 0) out.summary.warning = out.likelihood.warnings.map((w) => w.message).join(' ');
  }
  return out;
}

/** Keeps the largest count (sweeps) and the conjunction of flags (converged) over batches. */
function mergeSummary(into: Record<string, number | boolean | string>, from: Record<string, number | boolean>): void {
  for (const [key, value] of Object.entries(from)) {
    const old = into[key];
    if (old === undefined) into[key] = value;
    else if (typeof value === 'boolean') into[key] = (old as boolean) && value;
    else into[key] = Math.max(old as number, value);
  }
}
