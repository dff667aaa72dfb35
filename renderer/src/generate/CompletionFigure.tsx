import { forwardRef } from 'react';
import type { TrajectoryResult } from '../../../main/api/contract';
import { BitImage, MASK_COLOUR, pixelSize } from './BitImage';
import { LinePlot } from './LinePlot';
import { bitValues, flaggedPath } from './pixelPaths';
import { AVERAGED_SHARE, type CompletionReading, type Mask } from './visibleGrid';

interface CompletionFigureProps {
  trajectory: TrajectoryResult;
  visibleIndices: number[];
  shape: { rows: number; cols: number };
  given: string;
  mask: Mask;
  reading: CompletionReading;
  completion: string;
  /** Frame shown in the middle panel. */
  index: number;
  /** The dataset row the completion equals (−1: none). */
  matchedRow: number;
}

const PANEL = 150;
const GAP = 24;
const CAPTION = 18;
const PLOT_HEIGHT = 120;

/** Visible P(on) at frame `index`: the frame itself, or for Gibbs chains the mean over the trailing window the completion averages. */
export function shownValues(trajectory: TrajectoryResult, visibleIndices: number[], index: number, reading: CompletionReading): number[] {
  const window = reading === 'average-last' ? Math.max(1, Math.round(trajectory.frames.length * AVERAGED_SHARE)) : 1;
  const from = Math.max(0, index - window + 1);
  const frames = trajectory.frames.slice(from, index + 1);
  return visibleIndices.map((u) => frames.reduce((sum, f) => sum + f.values[u], 0) / frames.length);
}

/** Given pattern (unknown pixels hatched), the state at the current frame, the completion, and the trace against steps, as one SVG. */
export const CompletionFigure = forwardRef<SVGSVGElement, CompletionFigureProps>(function CompletionFigure(
  { trajectory, visibleIndices, shape, given, mask, reading, completion, index, matchedRow },
  ref,
) {
  const pixel = shape.rows === 1 ? Math.max(2, Math.floor(PANEL / shape.cols)) : pixelSize(shape, PANEL);
  const w = shape.cols * pixel;
  const h = shape.rows * pixel;
  const frame = trajectory.frames[index];
  const current = shownValues(trajectory, visibleIndices, index, reading).map((p, i) => (mask[i] ? p : given[i] === '1' ? 1 : 0));
  const unknownOutline = flaggedPath(mask, shape.cols, pixel);
  const width = 3 * w + 4 * GAP;
  const plotTop = CAPTION + h + GAP;
  const height = plotTop + PLOT_HEIGHT + 8;
  const panels: { title: string; x: number }[] = [
    { title: 'Given (hatched: unknown)', x: GAP },
    { title: `Step ${frame?.step ?? 0}${reading === 'average-last' ? ' (recent mean)' : ''}`, x: 2 * GAP + w },
    { title: matchedRow >= 0 ? `Completion = row ${matchedRow + 1}` : 'Completion', x: 3 * GAP + 2 * w },
  ];
  return (
    <svg ref={ref} xmlns="http://www.w3.org/2000/svg" className="gen-svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label="Pattern completion" data-testid="completion-figure">
      <defs>
        <pattern id="gen-hatch-figure" width={6} height={6} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width={6} height={6} fill={MASK_COLOUR} fillOpacity={0.35} />
          <line x1={0} y1={0} x2={0} y2={6} stroke={MASK_COLOUR} strokeWidth={3} />
        </pattern>
      </defs>
      {panels.map((p) => (
        <text key={p.title} x={p.x} y={12} fontSize={11} fontFamily="system-ui, sans-serif">
          {p.title}
        </text>
      ))}
      <g transform={`translate(${panels[0].x} ${CAPTION})`}>
        <BitImage values={bitValues(given)} rows={shape.rows} cols={shape.cols} pixel={pixel} />
        <path d={unknownOutline} fill="url(#gen-hatch-figure)" />
      </g>
      <g transform={`translate(${panels[1].x} ${CAPTION})`} data-testid="completion-frame">
        <BitImage values={current} rows={shape.rows} cols={shape.cols} pixel={pixel} />
        <path d={unknownOutline} fill="none" stroke={MASK_COLOUR} strokeWidth={1} />
      </g>
      <g transform={`translate(${panels[2].x} ${CAPTION})`} data-testid="completion-result" data-bits={completion}>
        <BitImage values={bitValues(completion)} rows={shape.rows} cols={shape.cols} pixel={pixel} />
        <path d={unknownOutline} fill="none" stroke={MASK_COLOUR} strokeWidth={1} />
      </g>
      <LinePlot
        steps={trajectory.frames.map((f) => f.step)}
        series={[{ values: trajectory.frames.map((f) => f.trace), colour: 'var(--series-1)', width: 1.5 }]}
        x={GAP}
        y={plotTop}
        width={width - 2 * GAP}
        height={PLOT_HEIGHT}
        yLabel={trajectory.traceName}
        cursor={index}
      />
    </svg>
  );
});
