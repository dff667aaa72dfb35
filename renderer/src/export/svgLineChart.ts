import { formatTick, niceTicks } from './axisTicks';
import { SVG_NAMESPACE } from './svgSerialize';

/** One line of a chart: y against x, with an optional ±error band (e.g. one standard error of an AIS estimate). */
export interface LineSeries {
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Half-width of the band drawn around y (same length as y); non-finite entries leave a gap. */
  error?: ArrayLike<number>;
  /** Concrete CSS colour; default: the palette colour of the series' position. */
  color?: string;
  /** SVG stroke-dasharray of the line ("7 4"); default solid. */
  dash?: string;
  /** Draw each point as a dot as well (sparse series such as AIS every n epochs). */
  dots?: boolean;
}

/** A shaded area between two curves over the same x (e.g. the interval between forward and reverse AIS). */
export interface ShadedArea {
  x: ArrayLike<number>;
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
  color: string;
  /** Default 0.12. */
  opacity?: number;
}

/** Colours of the chart furniture (concrete values: the SVG must render without the app's theme). */
export interface ChartColors {
  background: string | null;
  text: string;
  muted: string;
  grid: string;
}

export interface SvgLineChartArgs {
  series: readonly LineSeries[];
  /** Default 640 CSS pixels. */
  width?: number;
  /** Default 320 CSS pixels. */
  height?: number;
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Stretch the y axis to include 0 (default false). */
  yIncludesZero?: boolean;
  /** Default: the light theme's colours with a white background. */
  colors?: Partial<ChartColors>;
  /** Colours given to series without their own, in turn. */
  palette?: readonly string[];
  /** Areas shaded under the lines (they count towards the y range). */
  areas?: readonly ShadedArea[];
  /** Horizontal reference lines (e.g. a threshold), dashed, labelled at the right. */
  references?: readonly { y: number; label: string; color?: string }[];
}

/** Light-theme colours (renderer/src/styles/theme.css) so exported charts match the app. */
export const LIGHT_CHART_COLORS: ChartColors = { background: '#ffffff', text: '#1c2230', muted: '#5b6475', grid: '#e3e6eb' };
export const SERIES_PALETTE = ['#2f5fd0', '#c62828', '#2e7d32', '#a15c00', '#7b3fb0', '#00838f', '#5b6475', '#d81b60'];

/** Text escaped for XML character data and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** 32-bit FNV-1a hash of a string, in base 36. */
function contentHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

const px = (value: number) => String(Math.round(value * 100) / 100);

/** Index ranges [start, end) where x, y (and the error, when asked) are all finite. */
function finiteRuns(series: LineSeries, withError: boolean): [number, number][] {
  const runs: [number, number][] = [];
  const length = Math.min(series.x.length, series.y.length);
  let start = -1;
  for (let i = 0; i <= length; i++) {
    const ok = i < length && Number.isFinite(series.x[i]) && Number.isFinite(series.y[i]) && (!withError || Number.isFinite(series.error?.[i] ?? NaN));
    if (ok && start < 0) start = i;
    if (!ok && start >= 0) {
      runs.push([start, i]);
      start = -1;
    }
  }
  return runs;
}

function extent(series: readonly LineSeries[], includeZero: boolean) {
  let [xMin, xMax, yMin, yMax] = [Infinity, -Infinity, includeZero ? 0 : Infinity, includeZero ? 0 : -Infinity];
  for (const s of series) {
    for (const [start, end] of finiteRuns(s, false)) {
      for (let i = start; i < end; i++) {
        const e = Number.isFinite(s.error?.[i] ?? NaN) ? Math.abs(s.error![i]) : 0;
        xMin = Math.min(xMin, s.x[i]);
        xMax = Math.max(xMax, s.x[i]);
        yMin = Math.min(yMin, s.y[i] - e);
        yMax = Math.max(yMax, s.y[i] + e);
      }
    }
  }
  return Number.isFinite(xMin) ? { xMin, xMax, yMin, yMax } : { xMin: 0, xMax: 1, yMin: 0, yMax: 1 };
}

/**
 * A self-contained SVG line chart (several series, optional ±error bands, axes with nice ticks, labels, legend)
 * from plain arrays, with concrete colours and no external references, for exports and HTML reports.
 */
export function svgLineChart(args: SvgLineChartArgs): string {
  const width = args.width ?? 640;
  const height = args.height ?? 320;
  const colors = { ...LIGHT_CHART_COLORS, ...args.colors };
  const palette = args.palette ?? SERIES_PALETTE;
  const colorOf = (s: LineSeries, i: number) => s.color ?? palette[i % palette.length];
  const legendRows = args.series.length > 1 ? 1 : 0;
  const margin = { left: args.yLabel ? 66 : 52, right: 16, top: 10 + (args.title ? 22 : 0) + legendRows * 18, bottom: args.xLabel ? 44 : 28 };
  const plotWidth = Math.max(10, width - margin.left - margin.right);
  const plotHeight = Math.max(10, height - margin.top - margin.bottom);
  const areaSeries = (args.areas ?? []).flatMap((a) => [{ label: '', x: a.x, y: a.lower }, { label: '', x: a.x, y: a.upper }]);
  const range = extent([...args.series, ...areaSeries], args.yIncludesZero ?? false);
  for (const r of args.references ?? []) {
    range.yMin = Math.min(range.yMin, r.y);
    range.yMax = Math.max(range.yMax, r.y);
  }
  const xTicks = niceTicks(range.xMin, range.xMax, Math.max(2, Math.round(plotWidth / 90)));
  const yTicks = niceTicks(range.yMin, range.yMax, Math.max(2, Math.round(plotHeight / 50)));
  const sx = (x: number) => margin.left + ((x - xTicks.min) / (xTicks.max - xTicks.min)) * plotWidth;
  const sy = (y: number) => margin.top + plotHeight - ((y - yTicks.min) / (yTicks.max - yTicks.min)) * plotHeight;

  const parts: string[] = [];
  if (colors.background) parts.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="${colors.background}"/>`);
  if (args.title) parts.push(`<text x="${px(width / 2)}" y="18" text-anchor="middle" font-size="14" font-weight="600" fill="${colors.text}">${escapeXml(args.title)}</text>`);

  const grid: string[] = [];
  const labels: string[] = [];
  for (const value of yTicks.values) {
    const y = px(sy(value));
    grid.push(`<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${y}" y2="${y}"/>`);
    labels.push(`<text x="${margin.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${escapeXml(formatTick(value, yTicks.step))}</text>`);
  }
  for (const value of xTicks.values) {
    const x = px(sx(value));
    grid.push(`<line x1="${x}" x2="${x}" y1="${margin.top}" y2="${margin.top + plotHeight}"/>`);
    labels.push(`<text x="${x}" y="${margin.top + plotHeight + 16}" text-anchor="middle">${escapeXml(formatTick(value, xTicks.step))}</text>`);
  }
  parts.push(`<g stroke="${colors.grid}" stroke-width="1">${grid.join('')}</g>`);
  parts.push(`<rect x="${margin.left}" y="${margin.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="${colors.muted}" stroke-width="1"/>`);
  parts.push(`<g font-size="11" fill="${colors.muted}">${labels.join('')}</g>`);
  if (args.xLabel) parts.push(`<text x="${px(margin.left + plotWidth / 2)}" y="${height - 8}" text-anchor="middle" font-size="12" fill="${colors.text}">${escapeXml(args.xLabel)}</text>`);
  if (args.yLabel) {
    const cy = px(margin.top + plotHeight / 2);
    parts.push(`<text x="14" y="${cy}" transform="rotate(-90 14 ${cy})" text-anchor="middle" font-size="12" fill="${colors.text}">${escapeXml(args.yLabel)}</text>`);
  }

  const marks: string[] = [];
  for (const area of args.areas ?? []) {
    const finite = { label: '', x: area.x, y: area.lower, error: area.upper };
    for (const [start, end] of finiteRuns(finite, true)) {
      const upper: string[] = [];
      const lower: string[] = [];
      for (let i = start; i < end; i++) {
        upper.push(`${px(sx(area.x[i]))},${px(sy(area.upper[i]))}`);
        lower.unshift(`${px(sx(area.x[i]))},${px(sy(area.lower[i]))}`);
      }
      marks.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${area.color}" fill-opacity="${area.opacity ?? 0.12}" stroke="none"/>`);
    }
  }
  for (const r of args.references ?? []) {
    const y = px(sy(r.y));
    marks.push(`<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${y}" y2="${y}" stroke="${r.color ?? colors.muted}" stroke-width="1" stroke-dasharray="4 3"/>`);
    marks.push(`<text x="${margin.left + plotWidth - 4}" y="${y}" dy="-3" text-anchor="end" font-size="10" fill="${r.color ?? colors.muted}">${escapeXml(r.label)}</text>`);
  }
  args.series.forEach((s, index) => {
    const color = colorOf(s, index);
    if (s.error) {
      for (const [start, end] of finiteRuns(s, true)) {
        const upper: string[] = [];
        const lower: string[] = [];
        for (let i = start; i < end; i++) {
          upper.push(`${px(sx(s.x[i]))},${px(sy(s.y[i] + Math.abs(s.error[i])))}`);
          lower.unshift(`${px(sx(s.x[i]))},${px(sy(s.y[i] - Math.abs(s.error[i])))}`);
        }
        marks.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${color}" fill-opacity="0.2" stroke="none"/>`);
      }
    }
    for (const [start, end] of finiteRuns(s, false)) {
      if (end - start === 1) {
        marks.push(`<circle cx="${px(sx(s.x[start]))}" cy="${px(sy(s.y[start]))}" r="2.5" fill="${color}"/>`);
        continue;
      }
      const points: string[] = [];
      for (let i = start; i < end; i++) points.push(`${px(sx(s.x[i]))},${px(sy(s.y[i]))}`);
      marks.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${color}" stroke-width="1.75" stroke-linejoin="round"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
      if (s.dots) for (let i = start; i < end; i++) marks.push(`<circle cx="${px(sx(s.x[i]))}" cy="${px(sy(s.y[i]))}" r="2" fill="${color}"/>`);
    }
  });
  // The clip id is derived from the content so several charts in one HTML page do not collide.
  const clipId = `plot-${contentHash(parts.join('') + marks.join(''))}`;
  parts.push(`<clipPath id="${clipId}"><rect x="${margin.left}" y="${margin.top}" width="${plotWidth}" height="${plotHeight}"/></clipPath>`);
  parts.push(`<g clip-path="url(#${clipId})">${marks.join('')}</g>`);

  if (legendRows) {
    const y = margin.top - 10;
    let x = margin.left;
    const entries = args.series.map((s, index) => {
      const entry = `<line x1="${x}" x2="${x + 16}" y1="${y}" y2="${y}" stroke="${colorOf(s, index)}" stroke-width="2.5"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/><text x="${x + 20}" y="${y}" dominant-baseline="middle">${escapeXml(s.label)}</text>`;
      x += 28 + 6.5 * s.label.length;
      return entry;
    });
    parts.push(`<g font-size="11" fill="${colors.text}">${entries.join('')}</g>`);
  }

  const label = escapeXml(args.title ?? args.series.map((s) => s.label).join(', '));
  return `<svg xmlns="${SVG_NAMESPACE}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" role="img" aria-label="${label}">${parts.join('')}</svg>`;
}
