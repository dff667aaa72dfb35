/**
 * The one record every log Z and log-likelihood estimate of the app is reported in — training monitor, infer, evaluate,
 * Compare and the run report alike — so a figure always travels with how it was made and what can be trusted of it.
 */

import type { BinaryDataset } from '../data/dataset';

/** How the base distribution p_A of annealed importance sampling is chosen. */
export type AisBase = 'data' | 'uniform';

/** Where reverse AIS starts: exact samples of the model (smaller layer or all units enumerated), or long Gibbs chains from the data. */
export type ReverseStart = 'exact' | 'gibbs';

/** One set of defaults for every AIS in the app (Salakhutdinov & Murray 2008 use 1,000–15,000 temperatures and 100 runs). */
export const AIS_DEFAULTS = {
  temperatures: 1000,
  runs: 100,
  base: 'data' as AisBase,
  /** Reverse AIS beside the forward one. */
  reverse: true,
  /** A second forward estimate from the other base, to show when the bases disagree. */
  checkBase: true,
  /** Gibbs sweeps at β = 1 before reverse AIS when its start cannot be sampled exactly. */
  reverseBurnIn: 1000,
  seed: 0,
} as const;

/** Settings of an AIS estimate, the same for RBMs (hidden units summed) and every other energy model (all units annealed). */
export interface AisSettings {
  /** Intermediate distributions K (Salakhutdinov & Murray's β spacing). Default AIS_DEFAULTS.temperatures. */
  temperatures?: number;
  /** Runs R per pass, advanced together as one batch. Default AIS_DEFAULTS.runs. */
  runs?: number;
  /** Seed of every random stream of the estimate (forked by name per pass). Default AIS_DEFAULTS.seed. */
  seed?: number;
  /** Base p_A: 'data' (visible base rates of `data` or `baseRates`, Salakhutdinov & Murray eq. 14, hidden units uniform; uniform when neither is given) or 'uniform'. Default 'data'. */
  base?: AisBase;
  /** Training rows: their smoothed base rates (n + 1)/(N + 2) make the data base, and reverse Gibbs chains start from them. */
  data?: BinaryDataset;
  /** P(v_i = 1) of the data base instead of `data`'s rates. */
  baseRates?: Float32Array;
  /** Reverse AIS beside the forward one (from exact samples where they can be drawn). Default AIS_DEFAULTS.reverse. */
  reverse?: boolean;
  /** A second forward pass from the other base (when there is one). Default AIS_DEFAULTS.checkBase. */
  checkBase?: boolean;
  /** Gibbs sweeps at β = 1 before reverse AIS when its start cannot be sampled exactly. Default AIS_DEFAULTS.reverseBurnIn. */
  reverseBurnIn?: number;
  /** Awaited at least every ~0.2 s of work; a throw stops the estimate with its tensors freed. */
  progress?: EstimateProgress;
}

/** Diagnostics thresholds: effective runs below this share of the runs are reported. */
export const LOW_EFFECTIVE_SHARE = 0.1;

/** Most points of an effective-share trace (traces are sampled evenly over the K temperatures). */
export const MAX_TRACE_POINTS = 200;

/** How a figure was made; stored beside it and shown on hover. */
export interface EstimateProvenance {
  /** exact: enumeration; ais: annealed importance sampling; importance: importance sampling with a variational proposal; pseudolikelihood: a proxy, not ln P. */
  method: 'exact' | 'ais' | 'importance' | 'pseudolikelihood';
  /** AIS: the base distribution (data: base rates of the training rows, Salakhutdinov & Murray eq. 14 smoothed by one pseudo-count each way). */
  base?: AisBase;
  /** AIS with the data base: which rows it was fitted to (e.g. "the 150 rows of digits scored"). */
  baseData?: string;
  /** AIS: the β schedule's name ('salakhutdinov-murray': 1/29 of the points on [0, ½], 8/29 on [½, 0.9], 20/29 on [0.9, 1]). */
  schedule?: string;
  /** AIS: intermediate distributions K. */
  temperatures?: number;
  /** AIS runs, or importance samples per pattern. */
  runs?: number;
  seed?: number;
  /** Reverse AIS: how its start was drawn. */
  reverseStart?: ReverseStart;
  /** Importance sampling: the proposal ('meanfield' or 'mixture:M'). */
  proposal?: string;
  /** Exact: how many states were enumerated (2^n). */
  enumeratedUnits?: number;
}

/** One direction of AIS: its estimate of log Z and the weights behind it. */
export interface AisSide {
  /** Forward: log Z_A + log mean w. Reverse: log Z_A − log mean w (Burda, Grosse & Salakhutdinov 2015; Grosse et al. 2015). */
  logZ: number;
  /** Delta-method standard error of logZ: sd(w) / (√R · mean(w)). */
  standardError: number;
  /** (Σ w)² / Σ w², between 1 and R. */
  effectiveRuns: number;
  /** log w_r of each run. */
  logWeights: Float64Array;
  /** Effective runs of the partial weights, as a share of R, at up to MAX_TRACE_POINTS intermediate distributions (in annealing order). */
  effectiveShare: { betas: Float64Array; share: Float64Array };
}

/** A warning shown beside an estimate (not in a tooltip); the message names what to do. */
export interface EstimateWarning {
  code: 'fewEffectiveRuns' | 'forwardReverseGap' | 'basesDisagree' | 'approximateReverseStart' | 'fewEffectiveSamples';
  message: string;
}

/** An estimate of log Z from forward and (optionally) reverse AIS, with its diagnostics. */
export interface LogPartitionEstimate {
  forward: AisSide;
  reverse?: AisSide;
  /** Forward AIS from the other base (checkBase), to show when the bases disagree. */
  otherBase?: AisSide;
  /** log Z_A of the base distribution. */
  logZBase: number;
  /** β_1 … β_K. */
  betas: Float64Array;
  /** [lower, upper] for log Z: the union of the ±2 SE bands of forward, reverse and the other base (whichever ran). */
  interval: [number, number];
  /** log Z by enumeration where feasible, for comparison. */
  exact?: number;
  provenance: EstimateProvenance;
  warnings: EstimateWarning[];
}

/** The mean log-likelihood over some rows, as an interval from forward and reverse AIS (or exact, or importance sampling). */
export interface LikelihoodEstimate {
  /** Optimistic side: with log Z from forward AIS (E[log Ẑ] ≤ log Z, so this is too high in expectation). */
  forward: { mean: number; standardError: number };
  /** Conservative side: with log Z from reverse AIS started from exact samples (too low in expectation). */
  reverse?: { mean: number; standardError: number };
  /** [lower, upper] for the mean log-likelihood. */
  interval: [number, number];
  /** Exact mean ln P(v) where feasible. */
  exact?: number;
  /** Standard error of the mean over rows (another test set of this size would vary this much). */
  rowStandardError: number;
  rows: number;
  logPartition?: LogPartitionEstimate;
  provenance: EstimateProvenance;
  warnings: EstimateWarning[];
}

/** Progress hook: called at least every few hundred milliseconds of work; throwing from it stops the estimate (tensors disposed). */
export type EstimateProgress = (done: number, total: number) => void | Promise<void>;

/** A one-line description of how a figure was made, for hover texts, reports and the CLI. */
export function describeProvenance(p: EstimateProvenance): string {
  if (p.method === 'exact') return p.enumeratedUnits !== undefined ? `exact: enumerating 2^${p.enumeratedUnits} states` : 'exact enumeration';
  if (p.method === 'pseudolikelihood') return 'pseudo-likelihood per visible unit (one random flip per row): a proxy, not the log-likelihood';
  if (p.method === 'importance') return `importance sampling, ${p.runs ?? '?'} samples per pattern from the ${p.proposal ?? 'mean-field'} posterior, seed ${p.seed ?? 0}`;
  const base = p.base === 'uniform' ? 'uniform base' : `data base rates${p.baseData ? ` of ${p.baseData}` : ''} (Salakhutdinov & Murray eq. 14)`;
  const reverse = p.reverseStart === undefined ? '' : `; reverse from ${p.reverseStart === 'exact' ? 'exact samples' : 'Gibbs chains from the data'}`;
  return `AIS: ${base}, ${p.temperatures ?? '?'} temperatures (${p.schedule ?? 'salakhutdinov-murray'}), ${p.runs ?? '?'} runs, seed ${p.seed ?? 0}${reverse}`;
}

/** One side of an estimate as plain JSON. */
export interface SideSummary {
  value: number;
  standardError: number;
  /** AIS: effective runs; importance sampling: effective samples (mean over patterns). */
  effective?: number;
}

/**
 * An estimate as stored and sent (plain JSON): in an `evaluation` output's summary under `likelihood`, in a Compare row, in
 * the CLI's JSON. `value` fields are the mean log-likelihood (quantity 'meanLogLikelihood') or log Z ('logPartition').
 */
export interface LikelihoodSummary {
  quantity: 'meanLogLikelihood' | 'logPartition';
  /** AIS: forward (optimistic for the log-likelihood); importance sampling: the estimate. */
  forward: SideSummary;
  /** Reverse AIS (conservative for the log-likelihood when started from exact samples). */
  reverse?: SideSummary;
  /** Forward AIS from the other base. */
  otherBase?: SideSummary;
  interval: [number, number];
  /** reverse − forward of the log-likelihood (≤ 0 expected), when both ran. */
  gap?: number;
  exact?: number;
  /** The variational bound importance sampling improves on (belief networks). */
  bound?: number;
  rows?: number;
  runs?: number;
  provenance: EstimateProvenance;
  /** describeProvenance(provenance), so every reader shows the same words. */
  provenanceText: string;
  warnings: EstimateWarning[];
}

/** The plain-JSON summary of a mean log-likelihood estimate. */
export function summariseLikelihood(e: LikelihoodEstimate): LikelihoodSummary {
  const side = (s: { mean: number; standardError: number }, effective?: number): SideSummary => ({ value: s.mean, standardError: s.standardError, ...(effective !== undefined ? { effective } : {}) });
  const z = e.logPartition;
  const mean = z ? e.forward.mean + z.forward.logZ : undefined;
  return {
    quantity: 'meanLogLikelihood',
    forward: side(e.forward, z?.forward.effectiveRuns),
    ...(e.reverse ? { reverse: side(e.reverse, z?.reverse?.effectiveRuns), gap: e.reverse.mean - e.forward.mean } : {}),
    ...(z?.otherBase && mean !== undefined ? { otherBase: { value: mean - z.otherBase.logZ, standardError: z.otherBase.standardError, effective: z.otherBase.effectiveRuns } } : {}),
    interval: e.interval,
    ...(e.exact !== undefined ? { exact: e.exact } : {}),
    rows: e.rows,
    ...(z ? { runs: z.forward.logWeights.length } : {}),
    provenance: e.provenance,
    provenanceText: describeProvenance(e.provenance),
    warnings: e.warnings,
  };
}

/** The plain-JSON summary of an estimate of log Z. */
export function summarisePartition(z: LogPartitionEstimate): LikelihoodSummary {
  const side = (s: AisSide): SideSummary => ({ value: s.logZ, standardError: s.standardError, effective: s.effectiveRuns });
  return {
    quantity: 'logPartition',
    forward: side(z.forward),
    ...(z.reverse ? { reverse: side(z.reverse), gap: z.reverse.logZ - z.forward.logZ } : {}),
    ...(z.otherBase ? { otherBase: side(z.otherBase) } : {}),
    interval: z.interval,
    ...(z.exact !== undefined ? { exact: z.exact } : {}),
    runs: z.forward.logWeights.length,
    provenance: z.provenance,
    provenanceText: describeProvenance(z.provenance),
    warnings: z.warnings,
  };
}

/**
 * The effective-share traces of an estimate as a float32 [3 × P] array (row 0: β, row 1: forward share, row 2: reverse share
 * at the same β, NaN without reverse), stored as the array of the estimate's `evaluation` output for the diagnostics plot.
 */
export function effectiveShareArray(z: LogPartitionEstimate): { shape: [number, number]; values: Float32Array } {
  const f = z.forward.effectiveShare;
  const p = f.betas.length;
  const values = new Float32Array(3 * p).fill(NaN);
  values.set(f.betas, 0);
  values.set(f.share, p);
  const r = z.reverse?.effectiveShare;
  if (r) {
    const byBeta = new Map<number, number>();
    r.betas.forEach((b, j) => byBeta.set(b, r.share[j]));
    f.betas.forEach((b, j) => (values[2 * p + j] = byBeta.get(b) ?? NaN));
  }
  return { shape: [3, p], values };
}
