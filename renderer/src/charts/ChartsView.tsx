import { useCallback, useMemo, useRef, useState } from 'react';
import { useServices, useStudio } from '../app/StudioContext';
import { ExportMenu } from '../export/ExportMenu';
import { safeFileStem } from '../export/exportFile';
import { estimatePointText } from '../likelihood/estimates';
import { RunDiagnostics } from '../likelihood/RunDiagnostics';
import { useRunEstimates } from '../likelihood/useRunEstimates';
import type { StudioState } from '../store/state';
import { chartSvg, runsCsv, withLiveTail } from './chartExport';
import { MetricChart, type MetricChartHandle } from './MetricChart';
import { metricDisplay, orderMetrics, type Companion } from './metricCatalog';
import { RunPicker, type PickerRun } from './RunPicker';
import { seriesColour } from './seriesColours';
import './charts.css';

/** Training runs as "id|label" lines, the active diagram's newest first, then the others newest first (a stable string for useStudio). */
function trainingRunsKey(state: StudioState): string {
  const { order, summaries } = state.runs;
  const entries = order.flatMap((id, index) => {
    const run = summaries[id];
    if (run.kind !== 'train') return [];
    const diagram = state.doc.diagrams[run.diagramId]?.name ?? 'deleted diagram';
    return [{ id, index, active: run.diagramId === state.activeDiagramId, label: `#${index + 1} ${run.algorithm} · ${diagram}` }];
  });
  entries.sort((a, b) => Number(b.active) - Number(a.active) || b.index - a.index);
  return entries.map((e) => `${e.id}|${e.index}|${e.active ? 1 : 0}|${e.label}`).join('\n');
}

function parseRuns(key: string): PickerRun[] {
  if (key === '') return [];
  return key.split('\n').map((line) => {
    const [id, index, active, ...label] = line.split('|');
    return { id, label: label.join('|'), colour: seriesColour(Number(index)), ofActiveDiagram: active === '1' };
  });
}

/** What each line style of a chart with companions means (solid: the chart's own metric; dashes: each companion). */
function LineStyleKey({ short, companions }: { short: string; companions: readonly Companion[] }) {
  const sample = (dash?: number[]) => (
    <svg width="22" height="6" aria-hidden="true">
      <line x1="0" x2="22" y1="3" y2="3" stroke="currentColor" strokeWidth="1.75" strokeDasharray={dash?.join(' ')} />
    </svg>
  );
  return (
    <li className="charts-style-key" data-testid="chart-style-key">
      {sample()} {companions.some((c) => c.shadeInterval) ? `${short} forward (optimistic)` : short}
      {companions.map((c) => (
        <span key={c.name}>
          {sample(c.dash)} {c.shadeInterval ? `${c.short} (conservative); shaded: the interval between them` : c.short}
        </span>
      ))}
    </li>
  );
}

/** Chart height (px) while the likelihood diagnostics take the room under it; otherwise the chart fills the pane. */
const DIAGNOSTICS_CHART_HEIGHT = 260;

/** Metrics whose points are AIS estimates: their hover says how the nearest stored estimate was made. */
const AIS_METRICS = new Set(['aisLogLikelihood', 'aisReverseLogLikelihood', 'aisEffectiveShare']);

/**
 * The charts view: any reported metric of one or more training runs, streaming live (MetricChart), with zoom
 * (drag; double click resets), a log y axis, and PNG / SVG / CSV export. Until the user picks runs it shows the
 * active diagram's newest run.
 */
export function ChartsView() {
  const { api, store } = useServices();
  const theme = useStudio((s) => s.theme);
  const runsKey = useStudio(trainingRunsKey);
  const runs = useMemo(() => parseRuns(runsKey), [runsKey]);
  const [picked, setPicked] = useState<string[] | undefined>();
  const [chosenMetric, setChosenMetric] = useState<string | undefined>();
  const [logScale, setLogScale] = useState(false);
  const [diagnostics, setDiagnostics] = useState(false);
  const handle = useRef<MetricChartHandle | null>(null);

  const known = new Set(runs.map((r) => r.id));
  const defaultRun = runs.find((r) => r.ofActiveDiagram) ?? runs[0];
  const selectedIds = (picked ?? (defaultRun ? [defaultRun.id] : [])).filter((id) => known.has(id));
  const selected = runs.filter((r) => selectedIds.includes(r.id));
  const selectedKey = selected.map((r) => r.id).join(',');

  const metricsKey = useStudio((s) => selected.map((r) => Object.keys(s.runs.series[r.id]?.values ?? {}).join(',')).join(','));
  const metrics = useMemo(() => orderMetrics(metricsKey.split(',').filter(Boolean)), [metricsKey]);
  const metric = chosenMetric !== undefined && metrics.includes(chosenMetric) ? chosenMetric : metrics[0];
  const selectedIdList = useMemo(() => (selectedKey === '' ? [] : selectedKey.split(',')), [selectedKey]);
  const estimates = useRunEstimates(selectedIdList);
  const hasEstimates = selected.some((r) => (estimates[r.id]?.length ?? 0) > 0) || metrics.some((m) => AIS_METRICS.has(m));
  const describePoint = useCallback(
    (runId: string, step: number) => estimatePointText(estimates[runId] ?? [], store.getState().runs.summaries[runId]?.config, step),
    [estimates, store],
  );

  const toggle = useCallback(
    (id: string) =>
      setPicked((current) => {
        const base = current ?? (selectedKey === '' ? [] : selectedKey.split(','));
        return base.includes(id) ? base.filter((x) => x !== id) : [...base, id];
      }),
    [selectedKey],
  );

  const chartRuns = () => selected.map((r) => ({ ...r, series: store.getState().runs.series[r.id] }));
  const getSvg = () => (metric ? chartSvg({ runs: chartRuns(), metric, logScale, xRange: handle.current?.xRange() }) : null);
  // The full stored series is read only when a CSV is asked for: a long run's history is far too big to hold per view.
  const csv = async () => {
    const stored = await Promise.all(selected.map((r) => api.call('run:metrics', { runId: r.id }).then((result) => {
          if (!result.ok) throw new Error(`Could not read the metrics of ${r.label}: ${result.error.message}`);
          return result.value;
        })));
    return runsCsv(selected.map((r, i) => ({ id: r.id, label: r.label, points: withLiveTail(stored[i], store.getState().runs.series[r.id]) })));
  };
  const display = metric ? metricDisplay(metric) : undefined;

  if (runs.length === 0) return <p className="hint">No training runs yet: train a model from the Train panel and its metrics appear here live.</p>;
  return (
    <div className="charts-view" data-testid="charts-view">
      <RunPicker runs={runs} selectedKey={selectedKey} onToggle={toggle} />
      <div className="charts-main">
        <div className="charts-toolbar">
          <label>
            Metric{' '}
            <select data-testid="chart-metric" value={metric ?? ''} onChange={(e) => setChosenMetric(e.target.value)} disabled={metrics.length === 0}>
              {metrics.map((name) => (
                <option key={name} value={name} title={metricDisplay(name).meaning}>
                  {metricDisplay(name).label}
                </option>
              ))}
            </select>
          </label>
          <label title="Logarithmic y axis (asinh when a value is ≤ 0)">
            <input type="checkbox" data-testid="chart-log" checked={logScale} onChange={(e) => setLogScale(e.target.checked)} /> log y
          </label>
          <span className="charts-hint">Drag to zoom · double-click to reset</span>
          {hasEstimates && (
            <button type="button" className="small" data-testid="chart-diagnostics" aria-pressed={diagnostics} title="Forward and reverse AIS, effective runs per temperature, warnings" onClick={() => setDiagnostics((d) => !d)}>
              Likelihood diagnostics
            </button>
          )}
          {metric && <ExportMenu fileStem={safeFileStem(`chart-${metric}`)} getSvg={getSvg} csv={csv} />}
        </div>
        {display && <p className="charts-meaning">{display.meaning}</p>}
        {metric && selected.length > 0 ? (
          <>
            <MetricChart
              runIds={selected.map((r) => r.id)}
              metric={metric}
              colours={selected.map((r) => r.colour)}
              logScale={logScale}
              // With the diagnostics below, a fixed height keeps the chart readable and the pane scrolls to them.
              height={diagnostics && hasEstimates ? DIAGNOSTICS_CHART_HEIGHT : undefined}
              theme={theme}
              testId="charts-chart"
              handle={handle}
              describePoint={AIS_METRICS.has(metric) ? describePoint : undefined}
            />
            <ul className="charts-legend" data-testid="chart-legend" aria-label="Legend">
              {selected.map((r) => (
                <li key={r.id}>
                  <span className="charts-swatch" style={{ background: r.colour }} /> {r.label}
                </li>
              ))}
              {display?.companions && <LineStyleKey short={display.short} companions={display.companions} />}
            </ul>
          </>
        ) : (
          <p className="hint">{selected.length === 0 ? 'Tick a run to chart it.' : 'The selected runs have not reported metrics yet.'}</p>
        )}
        {diagnostics && hasEstimates && <RunDiagnostics runs={selected} estimates={estimates} />}
      </div>
    </div>
  );
}
