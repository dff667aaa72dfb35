import { useEffect, useRef, type RefObject } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './charts.css';
import { useServices } from '../app/StudioContext';
import type { StudioStore } from '../store/studioStore';
import { chartLines, chartTable, columnSummary, drawsPoints, hoverPoint, valueRange, type ChartTable } from './chartTable';
import { axisLabel, metricDisplay } from './metricCatalog';
import { axisWidth, tickLabels } from './tickLabels';

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
  /** Fixed height in CSS pixels; without it the chart fills its element, whose height the parent's layout sets (class metric-chart-fill). */
  height?: number;
  /** Redraws with the theme's colours when this changes. */
  theme: string;
  testId?: string;
  handle?: RefObject<MetricChartHandle | null>;
  /** Extra hover text for a run's point (e.g. how an AIS estimate was made); read when hovered, so it may change freely. */
  describePoint?: (runId: string, step: number) => string | undefined;
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
  return chartTable(chartLines(runIds.map((id) => series[id]), metric));
}

/** Tick steps of the x axis: whole epochs only (1, 2, 5, 10, …), so a short run has no ticks at 0.2 epochs. */
const EPOCH_INCREMENTS = Array.from({ length: 10 }, (_, k) => [1, 2, 5].map((m) => m * 10 ** k)).flat();

/** Points per run read for a zoomed range: about one per pixel column of a wide chart. */
const DETAIL_POINTS = 1000;

/** Smallest plot a filling chart draws (px): below it the pane scrolls rather than squash the axes. */
const MIN_FILL_HEIGHT = 120;

const formatValue = (v: number) => (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : Number(v.toPrecision(4)).toString()).replace('-', '−');

/** Sum of the run series' versions: changes whenever any of them got a point or was replaced. */
function versionOf(store: StudioStore, runIds: string[]): string {
  const { series } = store.getState().runs;
  return runIds.map((id) => `${series[id]?.version ?? -1}:${series[id]?.steps.length ?? 0}`).join(',');
}

/** `onYTicks` hears the y axis's labels whenever uPlot lays them out. */
function options(props: MetricChartProps, table: ChartTable, size: { width: number; height: number }, distr: 1 | 3 | 4, onYTicks: (labels: string[]) => void): uPlot.Options {
  const axis = { stroke: cssVar('--text-muted'), grid: { stroke: cssVar('--grid'), width: 1 }, ticks: { stroke: cssVar('--grid'), width: 1 } };
  const display = metricDisplay(props.metric);
  const series: uPlot.Series[] = [{ label: 'step' }];
  const bands: uPlot.Band[] = [];
  const colourOf = (run: number) => resolveColour(props.colours[run % props.colours.length]);
  let run = -1;
  table.columns.forEach((c) => {
    if (!c.companion) run++;
    const colour = colourOf(c.run ?? run);
    const name = c.companion ? `${props.runIds[c.run ?? run]} ${c.companion.short}` : props.runIds[run];
    // A lone point, or a sparse series (AIS every n epochs), shows its dots, so it is visible and hoverable; checked on each draw as points stream in.
    series.push({ label: name, stroke: colour, width: c.companion ? 1.5 : 2, ...(c.companion ? { dash: c.companion.dash } : {}), points: { show: (u, i) => drawsPoints(u.data[i] as (number | null)[]), size: 5, fill: colour }, spanGaps: true });
    if (c.upper !== undefined && c.lower !== undefined) {
      series.push({ label: `${name} +1 s.e.`, stroke: colour, width: 0.5, dash: [3, 3], points: { show: false }, spanGaps: true });
      series.push({ label: `${name} −1 s.e.`, stroke: colour, width: 0.5, dash: [3, 3], points: { show: false }, spanGaps: true });
      bands.push({ series: [c.upper, c.lower], fill: translucent(colour, 0.18) });
    }
  });
  for (const interval of table.intervals ?? []) {
    const colour = colourOf(interval.run);
    series.push({ label: 'interval top', stroke: 'transparent', width: 0, points: { show: false }, spanGaps: true });
    series.push({ label: 'interval bottom', stroke: 'transparent', width: 0, points: { show: false }, spanGaps: true });
    bands.push({ series: [interval.upper, interval.lower], fill: translucent(colour, 0.12) });
  }
  return {
    ...size,
    legend: { show: false },
    // Drag across the plot zooms x; a double click returns to the whole series (uPlot's defaults).
    cursor: { drag: { x: true, y: false, setScale: true } },
    scales: { x: { time: false }, y: distr === 1 ? { distr } : distr === 3 ? { distr, log: 10 } : { distr, asinh: 1 } },
    axes: [
      { ...axis, label: 'epoch', labelSize: 18, size: 36, incrs: EPOCH_INCREMENTS },
      // Decimals from the ticks themselves, so a narrow range does not label every tick the same; the axis widens for them.
      {
        ...axis,
        label: axisLabel(display),
        labelSize: 18,
        size: (_u, values) => axisWidth(values, 60),
        values: (_u, ticks) => {
          const labels = tickLabels(ticks, distr !== 1);
          onYTicks(labels);
          return labels;
        },
      },
    ],
    series,
    bands,
  };
}

/**
 * A live uPlot line chart of one metric for one or more runs. It reads the runs' series straight from the store
 * (arrays appended in place), calls setData at most once per animation frame and is rebuilt only when its props or
 * the theme change, so streaming progress never re-renders React. A zoomed chart keeps its x range while points arrive.
 * The element carries data-latest (the first run's last plotted value), data-points (its plotted point count),
 * data-y-ticks (the value axis's labels, " | " between them; data-y-ticks-of: "metric scale" they were drawn for) and
 * data-runs (runs drawn), data-companions (companion metrics drawn, e.g. reverse AIS) and data-intervals (shaded
 * forward–reverse intervals). Hovering shows the nearest point's value and describePoint's text.
 */
export function MetricChart(props: MetricChartProps) {
  const { api, store } = useServices();
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
    // Both sides follow the element, so the axes stay inside whatever room the pane gives.
    const sizeOf = () => ({ width: Math.max(200, element.clientWidth), height: height ?? Math.max(MIN_FILL_HEIGHT, element.clientHeight) });
    let table = tableOf(store, ids, metric);
    let chart: uPlot | undefined;
    let distr: 1 | 3 | 4 = 1;
    let fullX: [number, number] | undefined;
    const mark = () => {
      const first = table.columns[0] ? columnSummary(table.data[table.columns[0].value]) : { latest: undefined, points: 0 };
      element.dataset.latest = first.latest === undefined ? '' : String(first.latest);
      element.dataset.points = String(first.points);
      element.dataset.runs = String(table.columns.filter((c) => !c.companion).length);
      element.dataset.companions = [...new Set(table.columns.flatMap((c) => (c.companion ? [c.companion.name] : [])))].join(',');
      element.dataset.intervals = String(table.intervals?.length ?? 0);
    };
    const wantedDistr = (): 1 | 3 | 4 => {
      if (!logScale) return 1;
      const range = valueRange(table.data.slice(1));
      return range && range[0] <= 0 ? 4 : 3;
    };
    const build = () => {
      chart?.destroy();
      distr = wantedDistr();
      // data-y-ticks: the value axis's labels as drawn (the canvas text cannot be read back), and which axis drew them.
      const scaleName = distr === 1 ? 'linear' : distr === 3 ? 'log' : 'asinh';
      const onYTicks = (labels: string[]) => {
        element.dataset.yTicks = labels.filter((l) => l !== '').join(' | ');
        element.dataset.yTicksOf = `${metric} ${scaleName}`;
      };
      chart = new uPlot(
        { ...options({ ...latestProps.current, runIds: ids }, table, sizeOf(), distr, onYTicks), hooks: { setCursor: [showHover], setScale: [(_u, key) => key === 'x' && askDetail()] } },
        table.data as uPlot.AlignedData,
        element,
      );
      fullX = dataX();
      mark();
    };
    const dataX = (): [number, number] | undefined => {
      const x = table.data[0];
      return x.length ? [x[0] as number, x[x.length - 1] as number] : undefined;
    };
    // A zoomed range is read again at the chart's resolution (M4 from the stored buckets), so a long run shows its detail.
    let detailTimer: ReturnType<typeof setTimeout> | undefined;
    let detailAsked = '';
    const askDetail = () => {
      clearTimeout(detailTimer);
      detailTimer = setTimeout(() => {
        const { min, max } = chart?.scales.x ?? {};
        const zoomed = fullX !== undefined && min !== undefined && max !== undefined && (min > fullX[0] || max < fullX[1]);
        if (!zoomed) return;
        const range = { fromStep: Math.floor(min), toStep: Math.ceil(max), maxPoints: DETAIL_POINTS };
        const key = `${range.fromStep}-${range.toStep}`;
        if (key === detailAsked) return;
        detailAsked = key;
        for (const runId of ids) {
          void api.call('run:metrics', { runId, ...range }).then((result) => {
            if (result.ok) store.actions.runDetail(runId, result.value);
          });
        }
      }, 150);
    };
    const tip = document.createElement('div');
    tip.className = 'metric-chart-hover';
    tip.dataset.testid = 'chart-hover';
    const showHover = (u: uPlot) => {
      const { idx, top } = u.cursor;
      const cursorY = top === undefined ? undefined : u.posToVal(top, 'y');
      const tolerance = top === undefined ? 0 : Math.abs(u.posToVal(top + 6, 'y') - cursorY!);
      const point = idx === null || idx === undefined ? undefined : hoverPoint(table, idx, cursorY, tolerance);
      if (!point) return tip.remove();
      const column = table.columns[point.column];
      const display = metricDisplay(metric);
      const companion = display.companions?.find((c) => c.name === column.companion?.name);
      // A companion with a chart of its own (exact ln P) is named as itself and is not described as the host's estimate.
      const name = !companion ? display.short : companion.alsoAlone ? `${metricDisplay(companion.name).short} (${companion.short})` : `${display.short} ${companion.short}`;
      const error = column.upper === undefined ? undefined : table.data[column.upper][point.index];
      const runId = ids[point.run];
      const extra = companion?.alsoAlone ? undefined : latestProps.current.describePoint?.(runId, point.step);
      tip.textContent = '';
      const head = document.createElement('strong');
      head.textContent = `epoch ${point.step}: ${name} ${formatValue(point.value)}${error !== null && error !== undefined ? ` ± ${formatValue(error - point.value)}` : ''}`;
      tip.append(head);
      if (extra) tip.append(Object.assign(document.createElement('div'), { textContent: extra }));
      const x = u.valToPos(point.step, 'x');
      const y = u.valToPos(point.value, 'y');
      const width = u.over.clientWidth;
      tip.style.left = x > width / 2 ? '' : `${x + 10}px`;
      tip.style.right = x > width / 2 ? `${width - x + 10}px` : '';
      tip.style.top = `${Math.max(0, y - 8)}px`;
      if (tip.parentElement !== u.over) u.over.append(tip);
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
    const resize = new ResizeObserver(() => {
      const next = sizeOf();
      if (chart && (chart.width !== next.width || chart.height !== next.height)) chart.setSize(next);
    });
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
      clearTimeout(detailTimer);
      unsubscribe();
      resize.disconnect();
      if (frame) cancelAnimationFrame(frame);
      tip.remove();
      chart?.destroy();
      if (handle) handle.current = null;
    };
  }, [api, store, runKey, metric, colourKey, logScale, height, theme, handle]);

  const display = metricDisplay(metric);
  return <div className={height === undefined ? 'metric-chart metric-chart-fill' : 'metric-chart'} ref={host} data-testid={props.testId ?? 'metric-chart'} data-metric={metric} role="img" aria-label={`${display.label} per epoch`} />;
}
