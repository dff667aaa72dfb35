import type { DatasetSummary, MetricPoint, OutputSummary, RunSummary } from '../../../main/api/contract';
import { metricDisplay, orderMetrics } from '../charts/metricCatalog';
import { formatFigure } from '../train/runFigures';
import { metricNames } from './csv';
import { m4Indices } from './decimate';
import { dataTable, definitionTable, escapeHtml, formatSeconds, formatUtc, htmlDocument } from './reportHtml';
import { svgLineChart } from './svgLineChart';

/** Everything a run report shows: the run, its full metric series and outputs, and names the run only refers to by id. */
export interface RunReportInput {
  run: RunSummary;
  /** The full series (run:metrics), not the summary's thinned one. */
  metrics: readonly MetricPoint[];
  outputs: readonly OutputSummary[];
  diagramName?: string;
  /** One line from engine/compiler/summary (family, units, couplings) of the diagram as it is now. */
  compiledSummary?: string;
  dataset?: DatasetSummary;
  projectName?: string;
  /** When the report was made (ms since the epoch). */
  generatedAt: number;
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

/** An SVG chart of one metric against steps (with the ±band of its standard error when it has one), for inline HTML. */
function metricChart(points: readonly MetricPoint[], name: string, xLabel: string): string {
  const full = metricSeries(points, name);
  // A long run's series is drawn through M4 decimation: the same picture at the chart's width, a fraction of the bytes.
  const kept = m4Indices(full.steps, full.values, CHART_WIDTH);
  const steps = kept.map((i) => full.steps[i]);
  const values = kept.map((i) => full.values[i]);
  const display = metricDisplay(name);
  const band = display.errorBand;
  const byStep = band ? new Map(points.map((p) => [p.step, p.values[band]])) : undefined;
  const error = byStep && steps.map((step) => byStep.get(step) ?? NaN);
  const svg = svgLineChart({ series: [{ label: display.short, x: steps, y: values, error }], xLabel, yLabel: display.label, width: CHART_WIDTH, height: 260 });
  // Inline <svg> in HTML is in the SVG namespace without xmlns; dropping it keeps the page free of any URL.
  return svg.replace(/ xmlns="[^"]*"/, '');
}

function settingValue(value: number | string | boolean): string {
  return typeof value === 'number' ? String(value) : typeof value === 'boolean' ? (value ? 'yes' : 'no') : value;
}

/** An output's figures and settings as short text (numbers to four digits, long arrays and objects summarised). */
function outputFigures(summary: Record<string, unknown>): string {
  const shown = Object.entries(summary).map(([key, value]) => {
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
 * figures, one chart per metric from the full series, and its outputs. All user text is HTML-escaped.
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
      ['Continued from', run.parent ? `run ${run.parent.runId} at ${xLabel} ${run.parent.step}` : 'none (started from the diagram’s parameters)'],
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
      const caption = `${display.label} per ${xLabel} (${count} points${band}). ${display.meaning}`;
      sections.push(`<figure data-metric="${escapeHtml(metric)}">${metricChart(metrics, metric, xLabel)}<figcaption>${escapeHtml(caption)}</figcaption></figure>`);
    }
  }

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
