import type { OutputSummary } from '../../../main/api/contract';
import { effectiveShareSvg, type ShareTraces } from '../likelihood/effectiveShareChart';
import { AIS_GUARANTEES, formatNumber, formatSide, storedEstimates, type StoredEstimate } from '../likelihood/estimates';
import { dataTable, escapeHtml } from './reportHtml';
import { LIGHT_CHART_COLORS } from './svgLineChart';

/** The per-temperature effective shares of one estimate, read from its output's array for the report. */
export interface ReportTraces {
  outputId: string;
  traces: ShareTraces;
}

const where = (e: StoredEstimate) => (e.step === undefined ? e.name : `epoch ${e.step}`);

function effectiveCell(e: StoredEstimate): string {
  const l = e.likelihood;
  const values = [l.forward.effective, l.reverse?.effective].filter((v): v is number => v !== undefined);
  return values.length ? `${values.map((v) => v.toFixed(1)).join(' / ')}${l.runs ? ` of ${l.runs}` : ''}` : '';
}

/**
 * The report's likelihood section: every stored estimate (forward and reverse with error bars, interval, gap, exact,
 * effective runs, how it was made), each estimate's warnings in a visible box, the effective share per temperature of
 * the estimate whose trace was read, and what each side of AIS guarantees. Empty when the run stored no estimate.
 */
export function likelihoodSection(outputs: readonly OutputSummary[], traces?: ReportTraces): string[] {
  const estimates = storedEstimates(outputs);
  if (estimates.length === 0) return [];
  const sections = ['<h2>Likelihood estimates</h2>'];
  const rows = estimates.map((e) => {
    const l = e.likelihood;
    return [
      where(e),
      l.quantity === 'logPartition' ? 'log Z' : 'mean ln P(v)',
      formatSide(l.forward),
      l.reverse ? formatSide(l.reverse) : '',
      `[${formatNumber(l.interval[0])}, ${formatNumber(l.interval[1])}]`,
      l.gap === undefined ? '' : formatNumber(l.gap, 3, true),
      l.exact === undefined ? (l.bound === undefined ? '' : `bound ${formatNumber(l.bound)}`) : formatNumber(l.exact),
      effectiveCell(e),
      l.provenanceText,
      l.warnings.length ? `${l.warnings.length} ⚠` : '',
    ];
  });
  sections.push(dataTable(['At', 'Quantity', 'Forward (optimistic)', 'Reverse (conservative)', 'Interval', 'Gap', 'Exact', 'Effective runs', 'How it was made', 'Warnings'], rows, 'data estimates'));
  for (const e of estimates.filter((x) => x.likelihood.warnings.length > 0)) {
    const items = e.likelihood.warnings.map((w) => `<li data-code="${escapeHtml(w.code)}">${escapeHtml(w.message)}</li>`).join('');
    sections.push(`<div class="warnings"><strong>Warnings at ${escapeHtml(where(e))}</strong><ul>${items}</ul></div>`);
  }
  const traced = traces && estimates.find((e) => e.outputId === traces.outputId);
  if (traced && traces) {
    const svg = effectiveShareSvg(traces.traces, { width: 720, height: 280, colors: LIGHT_CHART_COLORS }).replace(/ xmlns="[^"]*"/, '');
    const caption = `Effective runs per temperature of the estimate at ${where(traced)} (share of ${traced.likelihood.runs ?? '?'} runs; forward solid, reverse dashed). Where the share collapses, the schedule needs more temperatures. ${traced.likelihood.provenanceText}.`;
    sections.push(`<figure data-figure="effective-share">${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`);
  }
  if (estimates.some((e) => e.likelihood.provenance.method === 'ais')) {
    sections.push(`<ul class="guarantees">${AIS_GUARANTEES.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul>`);
  }
  return sections;
}

/** The estimate whose per-temperature trace the report draws: the latest with a [3, P] array. */
export function tracedEstimate(outputs: readonly OutputSummary[]): StoredEstimate | undefined {
  return storedEstimates(outputs)
    .filter((e) => e.arrayShape?.[0] === 3)
    .pop();
}
