/**
 * Likelihood estimates as the views read them back: the `likelihood` record (engine/likelihood/estimate.ts) of stored
 * evaluation outputs and Compare rows, checked, ordered by epoch, and turned into the figures and words every view shows.
 */
import type { EstimateWarning, LikelihoodSummary, SideSummary } from '../../../engine/likelihood/estimate';
import type { OutputSummary } from '../../../main/api/contract';

/** One stored estimate: an `evaluation` output whose summary holds `likelihood` (AIS during training, evaluate jobs). */
export interface StoredEstimate {
  outputId: string;
  runId: string;
  name: string;
  /** Training epoch of the estimate (undefined for evaluate jobs). */
  step?: number;
  createdAt: number;
  likelihood: LikelihoodSummary;
  /** [3, P]: β, forward and reverse effective share per temperature (effectiveShareArray), when stored. */
  arrayShape?: number[];
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && !Number.isNaN(v);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSide = (v: unknown): v is SideSummary => isRecord(v) && isNumber(v.value) && isNumber(v.standardError);

/** The likelihood record in `value`, or undefined when it is missing or malformed (so a bad row never breaks a view). */
export function likelihoodOf(value: unknown): LikelihoodSummary | undefined {
  if (!isRecord(value) || !isSide(value.forward) || !Array.isArray(value.interval) || value.interval.length !== 2 || !value.interval.every(isNumber)) return undefined;
  if (value.quantity !== 'meanLogLikelihood' && value.quantity !== 'logPartition') return undefined;
  if (!isRecord(value.provenance) || typeof value.provenance.method !== 'string') return undefined;
  const warnings = Array.isArray(value.warnings) ? value.warnings.filter((w): w is EstimateWarning => isRecord(w) && typeof w.code === 'string' && typeof w.message === 'string') : [];
  return {
    ...(value as unknown as LikelihoodSummary),
    ...(value.reverse !== undefined && !isSide(value.reverse) ? { reverse: undefined } : {}),
    ...(value.otherBase !== undefined && !isSide(value.otherBase) ? { otherBase: undefined } : {}),
    provenanceText: typeof value.provenanceText === 'string' ? value.provenanceText : String(value.provenance.method),
    warnings,
  };
}

/** The estimates among a run's outputs, by epoch (then creation time). */
export function storedEstimates(outputs: readonly OutputSummary[]): StoredEstimate[] {
  return outputs
    .flatMap((o) => {
      const likelihood = o.kind === 'evaluation' ? likelihoodOf(o.summary.likelihood) : undefined;
      return likelihood ? [{ outputId: o.id, runId: o.runId, name: o.name, step: o.step, createdAt: o.createdAt, likelihood, arrayShape: o.arrayShape }] : [];
    })
    .sort((a, b) => (a.step ?? Infinity) - (b.step ?? Infinity) || a.createdAt - b.createdAt);
}

/** The estimate made at `step`, else the one nearest to it (the later on a tie); undefined without estimates. */
export function nearestEstimate(estimates: readonly StoredEstimate[], step: number): StoredEstimate | undefined {
  let best: StoredEstimate | undefined;
  for (const e of estimates) {
    if (e.step === undefined) continue;
    if (!best || Math.abs(e.step - step) <= Math.abs(best.step! - step)) best = e;
  }
  return best;
}

/** How the training monitor's AIS is set up, from the run's settings (aisTemperatures, aisRuns, aisBase), for hovers without a stored estimate. */
export function configProvenanceText(config: Record<string, number | string | boolean>): string | undefined {
  const every = config.aisEvery;
  if (typeof every !== 'number' || every <= 0) return undefined;
  const base = config.aisBase === 'uniform' ? 'uniform base' : config.aisBase === 'data' ? 'data base rates (Salakhutdinov & Murray eq. 14)' : 'default base';
  const temperatures = typeof config.aisTemperatures === 'number' ? `${config.aisTemperatures} temperatures` : 'default temperatures';
  const runs = typeof config.aisRuns === 'number' ? `${config.aisRuns} runs` : 'default runs';
  return `AIS every ${every} epochs: ${base}, ${temperatures}, ${runs} (the run's settings; no estimate stored for this point)`;
}

/** The hover text of a chart point at `step`: how the nearest stored estimate was made, else what the run's settings say. */
export function estimatePointText(estimates: readonly StoredEstimate[], config: Record<string, number | string | boolean> | undefined, step: number): string | undefined {
  const near = nearestEstimate(estimates, step);
  if (near) {
    const count = near.likelihood.warnings.length;
    const warned = count ? ` · ${count} warning${count > 1 ? 's' : ''} (see the diagnostics)` : '';
    return `${near.step === step ? '' : `nearest estimate, epoch ${near.step}: `}${near.likelihood.provenanceText}${warned}`;
  }
  return config ? configProvenanceText(config) : undefined;
}

/** "−12.345 ± 0.067": a figure with its standard error, true minus signs. */
export function formatSide(side: { value: number; standardError: number }, decimals = 3): string {
  const se = Number.isFinite(side.standardError) ? ` ± ${side.standardError.toFixed(decimals)}` : ' (no error bar)';
  return `${formatNumber(side.value, decimals)}${se}`;
}

/** A number to `decimals` places with a true minus sign (signed: a + on positives too). */
export function formatNumber(value: number, decimals = 3, signed = false): string {
  if (!Number.isFinite(value)) return String(value).replace('-', '−');
  return `${signed && value > 0 ? '+' : ''}${value.toFixed(decimals).replace('-', '−')}`;
}

/** One row of an estimate's figures table. */
export interface FigureRow {
  key: string;
  label: string;
  value: string;
  /** What the row means (shown on hover and in the report). */
  note?: string;
}

function effectiveText(side: SideSummary, runs: number | undefined, what: string): string | undefined {
  if (side.effective === undefined) return undefined;
  const share = runs ? ` (${((100 * side.effective) / runs).toFixed(0)} %)` : '';
  return `${side.effective.toFixed(1)}${runs ? ` of ${runs}` : ''} ${what}${share}`;
}

/** The figures of an estimate in reading order: each side with its error bar and effective runs, interval, gap, exact and the errors against it. */
export function estimateFigures(l: LikelihoodSummary): FigureRow[] {
  const quantity = l.quantity === 'logPartition' ? 'log Z' : 'mean ln P(v)';
  const importance = l.provenance.method === 'importance';
  const runWord = importance ? 'effective samples per pattern' : 'effective runs';
  const gibbsReverse = l.provenance.reverseStart === 'gibbs';
  // log Z and the log-likelihood move in opposite directions: forward AIS is low on log Z, hence high on ln P.
  const forwardNote = importance ? 'importance sampling with the variational posterior as proposal' : l.quantity === 'logPartition' ? 'too low in expectation' : 'optimistic: too high in expectation';
  const reverseNote = gibbsReverse ? 'started from Gibbs chains: no guarantee either way' : l.quantity === 'logPartition' ? 'too high in expectation (exact samples)' : 'conservative: too low in expectation (exact samples)';
  const rows: FigureRow[] = [{ key: 'forward', label: importance ? `Importance-sampled ${quantity}` : `Forward AIS ${quantity}`, value: formatSide(l.forward), note: forwardNote }];
  const forwardEffective = effectiveText(l.forward, l.runs, runWord);
  if (forwardEffective) rows.push({ key: 'forwardEffective', label: importance ? 'Effective samples' : 'Forward effective runs', value: forwardEffective });
  if (l.reverse) {
    rows.push({ key: 'reverse', label: `Reverse AIS ${quantity}`, value: formatSide(l.reverse), note: reverseNote });
    const reverseEffective = effectiveText(l.reverse, l.runs, runWord);
    if (reverseEffective) rows.push({ key: 'reverseEffective', label: 'Reverse effective runs', value: reverseEffective });
  }
  if (l.otherBase) {
    const other = l.provenance.base === 'uniform' ? 'data base rates' : 'uniform base';
    rows.push({ key: 'otherBase', label: `Forward AIS from the ${other}`, value: formatSide(l.otherBase), note: 'a second base: when the two disagree, at least one misses modes of the model' });
  }
  rows.push({ key: 'interval', label: 'Interval', value: `[${formatNumber(l.interval[0])}, ${formatNumber(l.interval[1])}]`, note: "the union of the sides' ±2 SE bands" });
  if (l.gap !== undefined) rows.push({ key: 'gap', label: 'Gap (reverse − forward)', value: `${formatNumber(l.gap, 3, true)} nats`, note: 'closes as the schedule lengthens; a wide gap means neither side is near the truth' });
  if (l.bound !== undefined) rows.push({ key: 'bound', label: 'Variational bound', value: formatNumber(l.bound), note: `importance sampling improves on this bound by ${formatNumber(l.forward.value - l.bound, 3, true)} nats` });
  if (l.exact !== undefined) {
    rows.push({ key: 'exact', label: `Exact ${quantity}`, value: formatNumber(l.exact), note: 'by enumeration' });
    rows.push({ key: 'forwardError', label: importance ? 'Estimate − exact' : 'Forward − exact', value: `${formatNumber(l.forward.value - l.exact, 3, true)} nats` });
    if (l.reverse) rows.push({ key: 'reverseError', label: 'Reverse − exact', value: `${formatNumber(l.reverse.value - l.exact, 3, true)} nats` });
  }
  if (l.rows !== undefined) rows.push({ key: 'rows', label: 'Patterns', value: l.rows.toLocaleString('en-US') });
  rows.push({ key: 'provenance', label: 'How it was made', value: l.provenanceText });
  return rows;
}

/** What each side of AIS guarantees in expectation and what not (Burda, Grosse & Salakhutdinov 2015), shown beside every estimate. */
export const AIS_GUARANTEES: readonly string[] = [
  'Forward AIS underestimates log Z in expectation (E[log Ẑ] ≤ log Z, by Jensen), so its log-likelihood is optimistic: too high on average.',
  'Reverse AIS started from exact samples of the model overestimates log Z in expectation, so its log-likelihood is conservative: too low on average.',
  'Neither side guarantees any single run: one estimate can fall on either side of the truth, by more than its error bar when few runs carry the weight. Reverse AIS started from Gibbs chains guarantees nothing.',
];

/** Effective share per temperature from an estimate's stored array [3, P] (row 0 β, row 1 forward, row 2 reverse; NaN where absent). */
export function shareTraces(array: { shape: number[]; values: ArrayLike<number | null> }): { betas: number[]; forward: number[]; reverse?: number[] } {
  const [rows, points] = array.shape;
  if (rows !== 3 || !(points > 0) || array.values.length !== 3 * points) throw new Error(`An effective-share trace is a [3, P] array (β, forward, reverse); this one is [${array.shape.join(', ')}] with ${array.values.length} values.`);
  // NaN crosses JSON as null, which Number() would read as 0.
  const row = (r: number) => Array.from({ length: points }, (_, j) => {
    const v: unknown = array.values[r * points + j];
    return typeof v === 'number' ? v : NaN;
  });
  const reverse = row(2);
  return { betas: row(0), forward: row(1), ...(reverse.some(Number.isFinite) ? { reverse } : {}) };
}

/** An estimate in a few short parts for a table row (Compare): each side with what it promises, the interval, gap, effective runs, bound. */
export function compactFigures(l: LikelihoodSummary): { key: string; text: string }[] {
  const importance = l.provenance.method === 'importance';
  const partition = l.quantity === 'logPartition';
  const parts = [{ key: 'forward', text: `${importance ? 'importance sampling' : partition ? 'forward' : 'forward (optimistic)'} ${formatSide(l.forward)}` }];
  if (l.reverse) {
    const promise = l.provenance.reverseStart === 'gibbs' ? 'from Gibbs chains: no guarantee' : partition ? 'from exact samples' : 'conservative';
    parts.push({ key: 'reverse', text: `reverse (${promise}) ${formatSide(l.reverse)}` });
  }
  parts.push({ key: 'interval', text: `interval [${formatNumber(l.interval[0])}, ${formatNumber(l.interval[1])}]` });
  if (l.gap !== undefined) parts.push({ key: 'gap', text: `gap ${formatNumber(l.gap, 3, true)}` });
  const effective = [l.forward.effective, l.reverse?.effective].filter((v): v is number => v !== undefined);
  if (effective.length) parts.push({ key: 'effective', text: `effective ${importance ? 'samples' : 'runs'} ${effective.map((v) => v.toFixed(1)).join(' / ')}${l.runs ? ` of ${l.runs}` : ''}` });
  if (l.bound !== undefined) parts.push({ key: 'bound', text: `bound ${formatNumber(l.bound)} (improved by ${formatNumber(l.forward.value - l.bound, 3, true)})` });
  return parts;
}
