/** How the CLI reports a likelihood estimate (AIS, importance sampling): one line per fact on stderr, the record in the JSON. */
import type { LikelihoodSummary, SideSummary } from '../../engine/likelihood/estimate';

/** A figure in nats at 4 decimals. */
const nats = (value: number): string => (Number.isFinite(value) ? value.toFixed(4) : String(value));

function side(name: string, s: SideSummary, runs: number | undefined, effectiveName: string): string {
  const effective = s.effective !== undefined ? `, ${effectiveName} ${s.effective.toFixed(1)}${runs !== undefined ? ` of ${runs}` : ''}` : '';
  return `${name} ${nats(s.value)} ± ${nats(s.standardError)}${effective}`;
}

/** Whether `value` looks like a LikelihoodSummary (read back from a stored output's JSON). */
export function isLikelihoodSummary(value: unknown): value is LikelihoodSummary {
  const v = value as Partial<LikelihoodSummary> | undefined;
  return typeof v === 'object' && v !== null && typeof v.forward?.value === 'number' && Array.isArray(v.interval) && Array.isArray(v.warnings);
}

/**
 * The stderr lines of an estimate: forward and reverse with their standard errors and effective runs, the other base,
 * the interval, the gap, the exact value where known, how it was made, and each warning on a line of its own.
 */
export function likelihoodLines(summary: LikelihoodSummary): string[] {
  const what = summary.quantity === 'logPartition' ? 'log Z' : 'mean ln P(v)';
  const ais = summary.provenance.method === 'ais';
  const effectiveName = ais ? 'effective runs' : 'effective samples';
  const lines = [`${what}: ${side(ais ? 'forward' : 'estimate', summary.forward, ais ? summary.runs : undefined, effectiveName)}`];
  if (summary.reverse) lines.push(`${what}: ${side('reverse', summary.reverse, summary.runs, effectiveName)}`);
  if (summary.otherBase) lines.push(`${what}: ${side(`forward from the ${summary.provenance.base === 'uniform' ? 'data' : 'uniform'} base`, summary.otherBase, summary.runs, effectiveName)}`);
  const gap = summary.gap !== undefined ? `; gap (reverse − forward) ${nats(summary.gap)} nats` : '';
  lines.push(`interval [${nats(summary.interval[0])}, ${nats(summary.interval[1])}]${gap}`);
  if (summary.bound !== undefined) lines.push(`variational bound ${nats(summary.bound)}`);
  if (summary.exact !== undefined) lines.push(`exact ${nats(summary.exact)}`);
  lines.push(`made by ${summary.provenanceText}`);
  for (const warning of summary.warnings) lines.push(`warning: ${warning.message}`);
  return lines;
}
