import { useEffect, useRef, type RefObject } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './charts.css';
import { useServices } from '../app/StudioContext';
import type { StudioStore } from '../store/studioStore';
import { chartTable, columnSummary, runLine, valueRange, type ChartTable } from './chartTable';
import { axisLabel, metricDisplay } from './metricCatalog';

/** What a parent may read from a mounted chart (for export): the plotted table and the visible x range. */
export interface MetricChartHandle {
  table(): ChartTable;
  /** The x range on screen (narrower than the data after a zoom). */
  xRange(): [number, number] | undefined;
}

export interface MetricChartProps {
  /** Runs to draw, first one on top of the legend; its latest value goes into data-latest. */
  runIds: string[];
  metric: string;
  /** One colour per run (CSS colour). */
  colours: string[];
  /** Logarithmic y (asinh when a value is ≤ 0, which a log axis cannot show). */
  logScale?: boolean;
  height?: number;
  /** Redraws with the theme's colours when this changes. */
  theme: string;
  testId?: string;
  handle?: RefObject<MetricChartHandle | null>;
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

/** A canvas-ready colour: `var(--name)` resolved against the theme. */
function resolveColour(colour: string): string {
  const variable = /^var\((--[\w-]+)\)$/.exec(colour);
  return variable ? cssVar(variable[1]) : colour;
}

/** `colour` at opacity `alpha` for band fills (6-digit hex colours; others are returned as they are). */
function translucent(colour: string, alpha: number): string {
  return /^#[0-9a-f]{6}$/i.test(colour) ? `${colour}${Math.round(alpha * 255).toString(16).padStart(2, '0')}` : colour;
}

function tableOf(store: StudioStore, runIds: string[], metric: string): ChartTable {
  const { series } = store.getState().runs;
  const errorMetric = metricDisplay(metric).errorBand;
  return chartTable(runIds.map((id) => runLine(series[id], metric, errorMetric)));
}

/** Sum of the run series' versions: changes whenever any of them got a point or was replaced. */
function versionOf(store: StudioStore, runIds: string[]): string {
  const { series } = store.getState().runs;
  return runIds.map((id) => `${series[id]?.version ?? -1}:${series[id]?.steps.length ?? 0}`).join(',');
}

function options(props: MetricChartProps, table: ChartTable, width: number, distr: 1 | 3 | 4): uPlot.Options {
  const axis = { stroke: cssVar('--text-muted'), grid: { stroke: cssVar('--grid'), width: 1 }, ticks: { stroke: cssVar('--grid'), width: 1 } };
  const display = metricDisplay(props.metric);
  const series: uPlot.Series[] = [{ label: 'step' }];
  const bands: uPlot.Band[] = [];
  table.columns.forEach((c, i) => {
    const colour = resolveColour(props.colours[i % props.colours.length]);
    series.push({ label: props.runIds[i], stroke: colour, width: 2, points: { show: false }, spanGaps: true });
    if (c.upper !== undefined && c.lower !== undefined) {
      series.push({ label: '+1 s.e.', stroke: colour, width: 0.5, dash: [3, 3], points: { show: false }, spanGaps: true });
      series.push({ label: '−1 s.e.', stroke: colour, width: 0.5, dash: [3, 3], points: { show: false }, spanGaps: true });
      bands.push({ series: [c.upper, c.lower], fill: translucent(colour, 0.18) });
    }
  });
  return {
    width,
    height: props.height ?? 220,
    legend: { show: false },
    // Drag across the plot zooms x; a double click returns to the whole series (uPlot's defaults).
    cursor: { drag: { x: true, y: false, setScale: true } },
    scales: { x: { time: false }, y: distr === 1 ? { distr } : distr === 3 ? { distr, log: 10 } : { distr, asinh: 1 } },
    axes: [
      { ...axis, label: 'epoch', labelSize: 18, size: 36 },
      { ...axis, label: axisLabel(display), labelSize: 18, size: 60, values: (_u, ticks) => ticks.map((t) => (Math.abs(t) >= 1e4 ? t.toExponential(1) : Number(t.toPrecision(3)).toString())) },
    ],
    series,
    bands,
  };
}

/**
 * A live uPlot line chart of one metric for one or more runs. It reads the runs' series straight from the store
 * (arrays appended in place), calls setData at most once per animation frame and is rebuilt only when its props or
 * the theme change, so streaming progress never re-renders React. A zoomed chart keeps its x range while points arrive.
 * The element carries data-latest (the first run's last plotted value), data-points (its plotted point count) and
 * data-runs (lines drawn).
 */
export function MetricChart(props: MetricChartProps) {
  const { store } = useServices();
  const host = useRef<HTMLDivElement>(null);
  const { runIds, metric, colours, logScale, height, theme, handle } = props;
  const runKey = runIds.join(',');
  const colourKey = colours.join(',');
  const latestProps = useRef(props);
  latestProps.current = props;

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const ids = runKey === '' ? [] : runKey.split(',');
    const chartHeight = height ?? 220;
    const widthOf = () => Math.max(200, element.clientWidth);
    let table = tableOf(store, ids, metric);
    let chart: uPlot | undefined;
    let distr: 1 | 3 | 4 = 1;
    let fullX: [number, number] | undefined;
    const mark = () => {
      const first = table.columns[0] ? columnSummary(table.data[table.columns[0].value]) : { latest: undefined, points: 0 };
      element.dataset.latest = first.latest === undefined ? '' : String(first.latest);
      element.dataset.points = String(first.points);
      element.dataset.runs = String(table.columns.length);
    };
    const wantedDistr = (): 1 | 3 | 4 => {
      if (!logScale) return 1;
      const range = valueRange(table.data.slice(1));
      return range && range[0] <= 0 ? 4 : 3;
    };
    const build = () => {
      chart?.destroy();
      distr = wantedDistr();
      chart = new uPlot(options({ ...latestProps.current, runIds: ids }, table, widthOf(), distr), table.data as uPlot.AlignedData, element);
      fullX = dataX();
      mark();
    };
    const dataX = (): [number, number] | undefined => {
      const x = table.data[0];
      return x.length ? [x[0] as number, x[x.length - 1] as number] : undefined;
    };
    build();
    let drawn = versionOf(store, ids);
    let frame = 0;
    const redraw = () => {
      frame = 0;
      const version = versionOf(store, ids);
      if (version === drawn || !chart) return;
      drawn = version;
      const columnsBefore = table.data.length;
      table = tableOf(store, ids, metric);
      if (table.data.length !== columnsBefore || wantedDistr() !== distr) return build();
      const scale = chart.scales.x;
      const zoomed = fullX !== undefined && scale.min !== undefined && scale.max !== undefined && (scale.min > fullX[0] || scale.max < fullX[1]);
      if (zoomed) {
        // setData without rescaling does not draw by itself; redraw keeps the user's x range.
        chart.setData(table.data as uPlot.AlignedData, false);
        chart.redraw();
      } else {
        chart.setData(table.data as uPlot.AlignedData);
        fullX = dataX();
      }
      mark();
    };
    const unsubscribe = store.subscribe(() => {
      if (!frame && versionOf(store, ids) !== drawn) frame = requestAnimationFrame(redraw);
    });
    const resize = new ResizeObserver(() => chart?.setSize({ width: widthOf(), height: chartHeight }));
    resize.observe(element);
    if (handle) {
      handle.current = {
        table: () => table,
        xRange: () => {
          const { min, max } = chart?.scales.x ?? {};
          return min === undefined || max === undefined ? undefined : [min, max];
        },
      };
    }
    return () => {
      unsubscribe();
      resize.disconnect();
      if (frame) cancelAnimationFrame(frame);
      chart?.destroy();
      if (handle) handle.current = null;
    };
  }, [store, runKey, metric, colourKey, logScale, height, theme, handle]);

  const display = metricDisplay(metric);
  return <div className="metric-chart" ref={host} data-testid={props.testId ?? 'metric-chart'} data-metric={metric} role="img" aria-label={`${display.label} per epoch`} />;
}
