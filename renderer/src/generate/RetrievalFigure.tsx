import { forwardRef } from 'react';
import type { TrajectoryResult } from '../../../main/api/contract';
import { BitImage, pixelSize } from './BitImage';
import { LinePlot, type PlotSeries } from './LinePlot';
import { bitValues } from './pixelPaths';

interface RetrievalFigureProps {
  trajectory: TrajectoryResult;
  visibleIndices: number[];
  shape: { rows: number; cols: number };
  stored: string;
  start: string;
  /** Position of the stored pattern among the traced patterns. */
  target: number;
  /** Dataset row number of each traced pattern (1-based), for the legend. */
  patternRows: number[];
  index: number;
}

const PANEL = 110;
const GAP = 20;
const CAPTION = 18;
const PLOT_HEIGHT = 170;
const TARGET_COLOUR = 'var(--series-2)';
const OTHER_COLOUR = '#8a93a6';

/** Stored, corrupted, current and final states as images, and the overlaps m_µ(t) of every traced pattern against steps. */
export const RetrievalFigure = forwardRef<SVGSVGElement, RetrievalFigureProps>(function RetrievalFigure({ trajectory, visibleIndices, shape, stored, start, target, patternRows, index }, ref) {
  const pixel = shape.rows === 1 ? Math.max(2, Math.floor(PANEL / shape.cols)) : pixelSize(shape, PANEL);
  const w = shape.cols * pixel;
  const h = shape.rows * pixel;
  const frames = trajectory.frames;
  const stateAt = (i: number) => visibleIndices.map((u) => frames[i]?.values[u] ?? 0);
  const panels = [
    { title: `Stored (row ${patternRows[target]})`, values: bitValues(stored) },
    { title: 'Corrupted start', values: bitValues(start) },
    { title: `Step ${frames[index]?.step ?? 0}`, values: stateAt(index) },
    { title: `Final (step ${frames[frames.length - 1]?.step ?? 0})`, values: stateAt(frames.length - 1) },
  ];
  const width = Math.max(4 * (w + GAP) + GAP, 520);
  const plotTop = CAPTION + h + GAP;
  const height = plotTop + PLOT_HEIGHT + 8;
  const steps = frames.map((f) => f.step);
  const count = frames[0]?.overlaps?.length ?? 0;
  const series: PlotSeries[] = Array.from({ length: count }, (_, mu) => ({
    values: frames.map((f) => f.overlaps?.[mu] ?? NaN),
    colour: mu === target ? TARGET_COLOUR : OTHER_COLOUR,
    width: mu === target ? 2.5 : 1,
    label: `m for row ${patternRows[mu]}${mu === target ? ' (the stored pattern)' : ''}`,
  }));
  // The target is drawn last so that it stays on top.
  const ordered = [...series.filter((_, mu) => mu !== target), ...(series[target] ? [series[target]] : [])];
  return (
    <svg ref={ref} xmlns="http://www.w3.org/2000/svg" className="gen-svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label="Hopfield retrieval" data-testid="retrieval-figure">
      {panels.map((p, k) => (
        <g key={p.title} transform={`translate(${GAP + k * (w + GAP)} 0)`}>
          <text y={12} fontSize={11} fontFamily="system-ui, sans-serif">
            {p.title}
          </text>
          <BitImage values={p.values} rows={shape.rows} cols={shape.cols} pixel={pixel} y={CAPTION} />
        </g>
      ))}
      <g data-testid="retrieval-overlaps" data-final={series.map((s) => s.values[s.values.length - 1]?.toFixed(4)).join(',')} data-target={target}>
        <LinePlot steps={steps} series={ordered} x={GAP} y={plotTop} width={width - 2 * GAP} height={PLOT_HEIGHT} yRange={[-1, 1]} yLabel="Overlaps m_µ(t) (red: the stored pattern)" cursor={index} />
      </g>
    </svg>
  );
});
