import { useCallback, useMemo, useRef, useState } from 'react';
import { FigureCard } from './FigureCard';
import { histogram, summaryStats, type Histogram, type SummaryStats } from './histogram';
import { histogramsCsv } from './insideCsv';

const PANEL_W = 220;
const PANEL_H = 110;
const GAP = 30;
const TOP = 32;
const fmt = (v: number) => (Number.isFinite(v) ? (Math.abs(v) >= 100 || (Math.abs(v) < 0.001 && v !== 0) ? v.toExponential(2) : v.toFixed(3)) : '–');

/** A named set of values to bin. */
export interface HistogramSeries {
  name: string;
  values: Float32Array;
}

function Panel({ name, hist, stats, x }: { name: string; hist: Histogram; stats: SummaryStats; x: number }) {
  const top = hist.counts.reduce((m, c) => Math.max(m, c), 0);
  const w = PANEL_W / hist.counts.length;
  return (
    <g transform={`translate(${x} ${TOP})`}>
      <text x={0} y={0} className="inside-axis">{name}</text>
      <text x={PANEL_W} y={0} textAnchor="end" className="inside-tick">{`max count ${top}`}</text>
      <g transform="translate(0 8)">
        {hist.counts.map((count, k) => {
          const h = top > 0 ? (count / top) * PANEL_H : 0;
          return (
            <rect key={k} className="histogram-bar" x={k * w + (w > 3 ? 0.5 : 0)} y={PANEL_H - h} width={Math.max(0.5, w - (w > 3 ? 1 : 0))} height={h}>
              <title>{`[${fmt(hist.edges[k])}, ${fmt(hist.edges[k + 1])}): ${count}`}</title>
            </rect>
          );
        })}
        <line x1={0} x2={PANEL_W} y1={PANEL_H} y2={PANEL_H} className="inside-zero" />
        <text x={0} y={PANEL_H + 12} className="inside-tick">{fmt(hist.edges[0])}</text>
        <text x={PANEL_W} y={PANEL_H + 12} textAnchor="end" className="inside-tick">{fmt(hist.edges[hist.edges.length - 1])}</text>
        <text x={0} y={PANEL_H + 26} className="inside-tick">{`n ${stats.count} · mean ${fmt(stats.mean)} · std ${fmt(stats.std)}`}</text>
        <text x={0} y={PANEL_H + 38} className="inside-tick">{`min ${fmt(stats.min)} · max ${fmt(stats.max)}`}</text>
      </g>
    </g>
  );
}

/** Histograms of the selected block's weights and of the biases, with a bin-count control and mean/std/min/max. */
export function HistogramFigure({ fileStem, series }: { fileStem: string; series: HistogramSeries[] }) {
  const svg = useRef<SVGSVGElement>(null);
  const [bins, setBins] = useState(30);
  const hists = useMemo(() => series.map((s) => ({ name: s.name, histogram: histogram(s.values, bins), stats: summaryStats(s.values) })), [series, bins]);
  const getSvg = useCallback(() => svg.current, []);
  const csv = useCallback(() => histogramsCsv(hists), [hists]);
  const controls = (
    <label className="inside-controls">
      bins
      <input type="number" min={2} max={200} value={bins} data-testid="inside-histogram-bins" onChange={(e) => setBins(Math.max(2, Math.min(200, Math.round(Number(e.target.value)) || 2)))} />
    </label>
  );
  return (
    <FigureCard title="Histograms" fileStem={`${fileStem}-histograms`} getSvg={getSvg} csv={csv} controls={controls}>
      <svg ref={svg} xmlns="http://www.w3.org/2000/svg" width={series.length * (PANEL_W + GAP)} height={TOP + PANEL_H + 56} className="inside-svg" data-testid="inside-histogram" data-bins={bins}>
        <text x={0} y={10} className="inside-title">{`Histograms · ${bins} bins`}</text>
        {hists.map((h, k) => (
          <Panel key={h.name} name={h.name} hist={h.histogram} stats={h.stats} x={k * (PANEL_W + GAP)} />
        ))}
      </svg>
    </FigureCard>
  );
}
