import type { DatasetSummary, MetricPoint, OutputSummary, RunSummary } from '../../../main/api/contract';
import { dashName, metricDisplay, orderMetrics } from '../charts/metricCatalog';
import { formatFigure } from '../train/runFigures';
import { metricNames } from './csv';
import { compactFigures, likelihoodOf } from '../likelihood/estimates';
import { m4Indices } from './decimate';
import { likelihoodSection, type ReportTraces } from './likelihoodReport';
import { dataTable, definitionTable, escapeHtml, formatSeconds, formatUtc, htmlDocument } from './reportHtml';
import { svgLineChart, type LineSeries, type ShadedArea } from './svgLineChart';

/** Everything a run report shows: the run, its full metric series and outputs, and names the run only refers to by id. */
export interface RunReportInput {
  run: RunSummary;
  /** The series from run:metrics at report resolution (finer than the summary's, every spike kept). */
  metrics: readonly MetricPoint[];
  outputs: readonly OutputSummary[];
  diagramName?: string;
  /** One line from engine/compiler/summary (family, units, couplings) of the diagram as it is now. */
  compiledSummary?: string;
  dataset?: DatasetSummary;
  projectName?: string;
  /** When the report was made (ms since the epoch). */
  generatedAt: number;
  /** The per-temperature effective shares of one stored estimate (the latest), read from its output's array. */
  estimateTraces?: ReportTraces;
}

/** Width of the report's charts in CSS pixels. */
const CHART_WIDTH = 720;

/** The name a run goes by in file names and titles: diagram, algorithm and the end of its id. */
export function runName(run: RunSummary, diagramName?: string): string {
  return [diagramName, run.kind === 'train' ? run.algorithm : `${run.kind} ${run.algorithm}`, run.id.slice(-6)].filter(Boolean).join(' ');
}

/** One metric's finite points in step order. */
export function metricSeries(points: readonly MetricPoint[], name: string): { steps: number[]; values: number[] } {
  const steps: number[] = [];
  const values: number[] = [];
  for (const point of points) {
    const value = point.values[name];
    if (value !== undefined && Number.isFinite(value)) {
      steps.push(point.step);
      values.push(value);
    }
  }
  return { steps, values };
}

/** The last finite value of each metric with its step: objectives first (the charts' catalog order), band-only metrics last. */
export function finalValues(points: readonly MetricPoint[]): { name: string; step: number; value: number; count: number }[] {
  const names = metricNames(points);
  const charted = orderMetrics(names);
  return [...charted, ...names.filter((n) => !charted.includes(n))].flatMap((name) => {
    const { steps, values } = metricSeries(points, name);
    return values.length ? [{ name, step: steps[steps.length - 1], value: values[values.length - 1], count: values.length }] : [];
  });
}

/** One metric's points M4-decimated to the chart's width, with its standard errors where it has a band. */
function decimatedLine(points: readonly MetricPoint[], name: string, errorBand: string | undefined): { x: number[]; y: number[]; error?: number[] } {
  const full = metricSeries(points, name);
  // A long run's series is drawn through M4 decimation: the same picture at the chart's width, a fraction of the bytes.
  const kept = m4Indices(full.steps, full.values, CHART_WIDTH);
  const x = kept.map((i) => full.steps[i]);
  const y = kept.map((i) => full.values[i]);
  const byStep = errorBand ? new Map(points.map((p) => [p.step, p.values[errorBand]])) : undefined;
  return byStep ? { x, y, error: x.map((step) => byStep.get(step) ?? NaN) } : { x, y };
}

/**
 * An SVG chart of one metric against steps (with the ±band of its standard error when it has one, and its catalog
 * companions — reverse AIS dashed with the interval shaded, exact ln P dotted — when the run reported them), for inline HTML.
 */
function metricChart(points: readonly MetricPoint[], name: string, xLabel: string): string {
  const display = metricDisplay(name);
  const own = decimatedLine(points, name, display.errorBand);
  const series: LineSeries[] = [{ label: display.short, ...own }];
  const areas: ShadedArea[] = [];
  for (const c of display.companions ?? []) {
    const line = decimatedLine(points, c.name, c.errorBand);
    if (line.x.length === 0) continue;
    series[0].label = `${display.short} forward`;
    series.push({ label: `${display.short} ${c.short}`, ...line, dash: c.dash.join(' ') });
    if (c.shadeInterval) {
      const other = new Map(line.x.map((step, i) => [step, line.y[i]]));
      const shared = own.x.flatMap((step, i) => (other.has(step) ? [{ step, a: own.y[i], b: other.get(step)! }] : []));
      areas.push({ x: shared.map((p) => p.step), lower: shared.map((p) => Math.min(p.a, p.b)), upper: shared.map((p) => Math.max(p.a, p.b)), color: '#2f5fd0' });
    }
  }
  if (series.length > 1) series.forEach((s, i) => (s.color = ['#2f5fd0', '#c62828', '#2e7d32'][i % 3]));
  const svg = svgLineChart({ series, areas, xLabel, yLabel: display.label, width: CHART_WIDTH, height: 260 });
  // Inline <svg> in HTML is in the SVG namespace without xmlns; dropping it keeps the page free of any URL.
  return svg.replace(/ xmlns="[^"]*"/, '');
}

/** What a training run's parameters started as: its parent's checkpoint, a fresh seeded initialisation or the diagram's values. */
export function startedFrom(run: RunSummary, xLabel = 'epoch'): string {
  if (run.parent) return `the parameters of run ${run.parent.runId} at ${xLabel} ${run.parent.step}`;
  if (run.config.init === 'fresh') return `fresh initialisation (seed ${run.seed})`;
  if (run.config.init === 'current') return 'the diagram’s parameters';
  // Runs stored before the choice was recorded started from the diagram's values, or fresh ones where it had none.
  return 'the diagram’s parameters, or a fresh initialisation where it had none';
}

function settingValue(value: number | string | boolean): string {
  return typeof value === 'number' ? String(value) : typeof value === 'boolean' ? (value ? 'yes' : 'no') : value;
}

/** An output's figures and settings as short text (numbers to four digits, long arrays and objects summarised). */
function outputFigures(summary: Record<string, unknown>): string {
  const shown = Object.entries(summary).map(([key, value]) => {
    const likelihood = key === 'likelihood' ? likelihoodOf(value) : undefined;
    if (likelihood) return `${key} ${compactFigures(likelihood).map((p) => p.text).join(', ')}`;
    if (typeof value === 'number') return `${key} ${Number.isFinite(value) ? formatFigure(value) : String(value)}`;
    if (typeof value === 'string' || typeof value === 'boolean') return `${key} ${String(value)}`;
    if (Array.isArray(value)) return value.length <= 6 ? `${key} [${value.map((v) => (typeof v === 'number' ? formatFigure(v) : String(v))).join(', ')}]` : `${key} [${value.length} values]`;
    return `${key} {…}`;
  });
  const text = shown.join(' · ');
  return text.length > 400 ? `${text.slice(0, 399)}…` : text;
}

function datasetText(dataset: DatasetSummary | undefined, datasetId: string): string | undefined {
  if (!datasetId) return undefined;
  if (!dataset) return `${datasetId} (no longer in the project)`;
  const shape = dataset.imageShape ? ` · images ${dataset.imageShape.rows}×${dataset.imageShape.cols}` : '';
  return `${dataset.name} · ${dataset.rowCount.toLocaleString('en-US')} rows × ${dataset.width} bits${shape}`;
}

/**
 * A run report as one self-contained HTML page (inline CSS and SVG, a Content-Security-Policy that blocks every
 * request): the run's diagram, data, algorithm with every setting, seed, backend, status, times, lineage, note, final
 * figures, one chart per metric from the full series, its likelihood estimates with how each was made and its warnings, and
 * its outputs. All user text is HTML-escaped.
 */
export function buildRunReport(input: RunReportInput): string {
  const { run, metrics, outputs } = input;
  const name = runName(run, input.diagramName);
  const xLabel = run.kind === 'train' ? 'epoch' : 'step';
  const finals = finalValues(metrics);
  const sections: string[] = [];

  sections.push(`<h1>${escapeHtml(name)}</h1>`);
  sections.push(`<p class="subtitle">Run report${input.projectName ? ` · project ${escapeHtml(input.projectName)}` : ''} · made ${escapeHtml(formatUtc(input.generatedAt))}</p>`);

  sections.push('<h2>Run</h2>');
  sections.push(
    definitionTable([
      ['Status', run.status + (run.error ? ` — ${run.error}` : '')],
      ['Kind', run.kind],
      ['Diagram', input.diagramName ?? `${run.diagramId} (no longer in the project)`],
      ['Model', input.compiledSummary],
      ['Dataset', datasetText(input.dataset, run.datasetId)],
      [run.kind === 'train' ? 'Algorithm' : 'Method', run.algorithm],
      ['Seed', String(run.seed)],
      ['Backend', run.backend],
      [run.kind === 'train' ? 'Epochs' : 'Steps', `${run.lastStep.toLocaleString('en-US')} of ${run.totalSteps.toLocaleString('en-US')}`],
      ['Duration (computing)', formatSeconds(run.activeSeconds)],
      ['Started', formatUtc(run.startedAt)],
      ['Ended', run.endedAt === undefined ? 'not ended' : formatUtc(run.endedAt)],
      ['Continued from', run.parent ? `run ${run.parent.runId} at ${xLabel} ${run.parent.step}` : 'none'],
      ...(run.kind === 'train' ? [['Started from', startedFrom(run, xLabel)] as [string, string]] : []),
      ['Run id', run.id],
    ]),
  );

  sections.push('<h2>Settings</h2>');
  const settings = Object.entries(run.config).sort(([a], [b]) => a.localeCompare(b));
  sections.push(settings.length ? definitionTable(settings.map(([key, value]) => [key, settingValue(value)])) : '<p class="muted">The run used every default.</p>');

  if (run.note?.trim()) sections.push('<h2>Note</h2>', `<p class="note">${escapeHtml(run.note)}</p>`);

  sections.push('<h2>Final figures</h2>');
  sections.push(
    finals.length
      ? dataTable(
          ['Metric', 'Final value', `At ${xLabel}`, 'Points'],
          finals.map((f) => [metricDisplay(f.name).label, formatFigure(f.value), String(f.step), String(f.count)]),
          'data figures',
        )
      : '<p class="muted">The run recorded no metrics.</p>',
  );

  const charted = orderMetrics(finals.map((f) => f.name));
  if (charted.length) {
    sections.push('<h2>Metrics</h2>');
    for (const metric of charted) {
      const display = metricDisplay(metric);
      const count = finals.find((f) => f.name === metric)?.count ?? 0;
      const band = display.errorBand && finals.some((f) => f.name === display.errorBand) ? '; band: ±1 standard error' : '';
      const companions = (display.companions ?? []).filter((c) => finals.some((f) => f.name === c.name)).map((c) => `${c.short} ${dashName(c.dash)}`);
      const drawn = companions.length ? `; with ${companions.join(', ')}` : '';
      const caption = `${display.label} per ${xLabel} (${count} points${band}${drawn}). ${display.meaning}`;
      sections.push(`<figure data-metric="${escapeHtml(metric)}">${metricChart(metrics, metric, xLabel)}<figcaption>${escapeHtml(caption)}</figcaption></figure>`);
    }
  }

  sections.push(...likelihoodSection(outputs, input.estimateTraces));

  sections.push('<h2>Outputs</h2>');
  sections.push(
    outputs.length
      ? dataTable(
          ['Name', 'Kind', 'Step', 'Made', 'Array', 'Figures'],
          outputs.map((o) => [o.name, o.kind, o.step === undefined ? '' : String(o.step), formatUtc(o.createdAt), o.arrayShape?.join(' × ') ?? '', outputFigures(o.summary)]),
        )
      : '<p class="muted">The run stored no outputs.</p>',
  );

  sections.push('<footer>Made by Attractor Studio. Self-contained: every chart is inline SVG and the page loads nothing.</footer>');
  return htmlDocument(`${name} — run report`, sections.join('\n'));
}
