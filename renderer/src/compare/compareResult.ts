/**
 * The stored result of an `evaluate compare` job (main/jobs/methods/compareMethod.ts) read back for display: its rows,
 * the ordering of exact ln P(V) and the lower bounds (Bishop et al. 1998: exact ≥ mixture ≥ mean field), and CSV.
 */
import type { CompareQuantity, CompareRow } from '../../../main/api/contract';
import { toCsv } from '../export/csv';
import { likelihoodOf } from '../likelihood/estimates';

/** One method's row as the job stores it (plain JSON). */
export type CompareRowData = CompareRow;

/** A comparison output's figures. */
export interface CompareSummary {
  datasetId?: string;
  datasetName: string;
  datasetRows?: number;
  distinctPatterns?: number;
  family?: string;
  seed?: number;
  rows: CompareRowData[];
}

/** How each quantity is named in the table. */
export const QUANTITY_NAMES: Record<CompareQuantity, string> = {
  logProbability: 'ln P(V)',
  logProbabilityEstimate: 'estimate of ln P(V)',
  lowerBound: 'lower bound F',
  negativeLyapunov: '−L',
};

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The comparison in an output's summary, or undefined when it is not one (another method, or malformed). */
export function compareSummaryOf(summary: Record<string, unknown>): CompareSummary | undefined {
  if (summary.method !== 'compare' || !Array.isArray(summary.rows)) return undefined;
  const rows = (summary.rows as unknown[])
    .filter((r): r is CompareRowData => typeof r === 'object' && r !== null && typeof (r as CompareRowData).method === 'string' && isNumber((r as CompareRowData).seconds))
    .map(({ likelihood, ...r }) => {
      // JSON stores NaN as null: a figure that is not a number is absent, not a crash of the table.
      const figures = Object.fromEntries(Object.entries(r).filter(([, value]) => value !== null && !(typeof value === 'number' && !Number.isFinite(value)))) as typeof r;
      // A malformed likelihood record is dropped rather than breaking the table.
      const checked = likelihood === undefined ? undefined : likelihoodOf(likelihood);
      return checked ? { ...figures, likelihood: checked } : figures;
    });
  return {
    datasetId: typeof summary.datasetId === 'string' ? summary.datasetId : undefined,
    datasetName: typeof summary.datasetName === 'string' ? summary.datasetName : 'data',
    datasetRows: isNumber(summary.datasetRows) ? summary.datasetRows : undefined,
    distinctPatterns: isNumber(summary.distinctPatterns) ? summary.distinctPatterns : undefined,
    family: typeof summary.family === 'string' ? summary.family : undefined,
    seed: isNumber(summary.seed) ? summary.seed : undefined,
    rows,
  };
}

/** "mixture (M=5)", "mean field", "exact": the short name used in the ordering line. */
export function shortName(method: string): string {
  const mixture = /^mixture:(\d+)$/.exec(method);
  if (mixture) return `mixture (M=${mixture[1]})`;
  return ({ meanfield: 'mean field', ais: 'AIS' } as Record<string, string>)[method] ?? method;
}

/** The name a row is shown under: "Exact", "Gibbs sampling", "Mean field", "Attractor dynamics", "Mixture, M = 3", "AIS". */
export function displayName(method: string): string {
  const mixture = /^mixture:(\d+)$/.exec(method);
  if (mixture) return `Mixture, M = ${mixture[1]}`;
  const names: Record<string, string> = { exact: 'Exact', gibbs: 'Gibbs sampling', meanfield: 'Mean field', attractor: 'Attractor dynamics', ais: 'AIS' };
  return names[method] ?? method;
}

/** A figure in nats as the view prints it: 2 decimals, a true minus sign. */
export function formatNats(value: number, decimals = 2): string {
  return value.toFixed(decimals).replace('-', '−');
}

/** The ordering exact ≥ best mixture ≥ mean field, each part present only when its row has a figure. */
export interface Ordering {
  /** The chain left to right (largest first, as the bounds promise). */
  parts: { method: string; name: string; estimate: number }[];
  /** Whether each part is ≥ the next within `tolerance`. */
  holds: boolean;
  /** "exact −4.21 ≥ mixture (M=5) −4.35 ≥ mean field −4.52 ✓". */
  text: string;
}

/**
 * The ordering the variational bounds promise (Bishop et al. 1998 §2: ln P(V) ≥ F_mix ≥ F_MF when the mixture starts
 * from the mean-field solution): exact ≥ the best mixture ≥ mean field, checked within `tolerance` nats.
 * Undefined when fewer than two of the three have figures (e.g. energy models, whose mean field is no bound).
 */
export function boundOrdering(rows: readonly CompareRowData[], tolerance = 1e-6): Ordering | undefined {
  const withEstimate = rows.filter((r) => r.refusal === undefined && isNumber(r.estimate));
  const exact = withEstimate.find((r) => r.method === 'exact');
  const mixtures = withEstimate.filter((r) => r.method.startsWith('mixture:') && r.quantity === 'lowerBound');
  const best = mixtures.reduce<CompareRowData | undefined>((b, r) => (b === undefined || r.estimate! > b.estimate! ? r : b), undefined);
  const meanField = withEstimate.find((r) => r.method === 'meanfield' && r.quantity === 'lowerBound');
  const parts = [exact, best, meanField].filter((r): r is CompareRowData => r !== undefined).map((r) => ({ method: r.method, name: shortName(r.method), estimate: r.estimate! }));
  if (parts.length < 2) return undefined;
  const holds = parts.every((p, k) => k === 0 || parts[k - 1].estimate >= p.estimate - tolerance);
  const text = `${parts.map((p) => `${p.name} ${formatNats(p.estimate)}`).join(' ≥ ')} ${holds ? '✓' : '✗'}`;
  return { parts, holds, text };
}

/** The table as CSV: one line per method (refused methods with the reason; AIS and importance rows with both sides, interval, provenance, warnings). */
export function compareCsv(rows: readonly CompareRowData[]): string {
  return toCsv(rows, [
    { header: 'method', value: 'method' },
    { header: 'label', value: 'label' },
    { header: 'quantity', value: (r) => (r.quantity ? QUANTITY_NAMES[r.quantity] : '') },
    { header: 'estimate (nats)', value: 'estimate' },
    { header: 'error vs exact (nats)', value: 'errorVsExact' },
    { header: 'standard error (nats)', value: 'standardError' },
    { header: 'posterior mean error', value: 'posteriorError' },
    { header: 'posterior standard error', value: 'posteriorStandardError' },
    { header: 'seconds', value: 'seconds' },
    { header: 'refusal', value: 'refusal' },
    { header: 'forward (nats)', value: (r) => r.likelihood?.forward.value },
    { header: 'forward standard error', value: (r) => r.likelihood?.forward.standardError },
    { header: 'reverse (nats)', value: (r) => r.likelihood?.reverse?.value },
    { header: 'reverse standard error', value: (r) => r.likelihood?.reverse?.standardError },
    { header: 'interval lower', value: (r) => r.likelihood?.interval[0] },
    { header: 'interval upper', value: (r) => r.likelihood?.interval[1] },
    { header: 'gap (nats)', value: (r) => r.likelihood?.gap },
    { header: 'effective runs', value: (r) => r.likelihood?.forward.effective },
    { header: 'bound (nats)', value: (r) => r.likelihood?.bound },
    { header: 'how it was made', value: (r) => r.likelihood?.provenanceText },
    { header: 'warnings', value: (r) => r.likelihood?.warnings.map((w) => w.message).join(' | ') },
  ]);
}

/** The methods a model's family compares, in the job's order, from the infer methods main offers (mixture → mixture:1…M). */
export function comparableMethods(inferMethods: readonly string[], maxComponents: number): string[] {
  return inferMethods.flatMap((name) => (name === 'mixture' ? Array.from({ length: maxComponents }, (_, k) => `mixture:${k + 1}`) : [name]));
}
