import { forwardRef, useMemo, type PointerEvent } from 'react';
import type { TrajectoryResult } from '../../../main/api/contract';
import { formatTick, niceTicks } from '../export/axisTicks';
import { frameAtStep } from './trajectoryFrames';

interface TraceChartProps {
  result: TrajectoryResult;
  /** Index of the frame shown on the canvas (the marker). */
  frame: number;
  onSeek(frame: number): void;
}

const WIDTH = 560;
const PANEL = 170;
const OVERLAP_PANEL = 110;
const LEFT = 62;
const RIGHT = 14;
const TOP = 22;
const BOTTOM = 30;

interface Panel {
  top: number;
  height: number;
  label: string;
  series: number[][];
  ticks: ReturnType<typeof niceTicks>;
}

function panelOf(top: number, height: number, label: string, series: number[][], fixed?: [number, number]): Panel {
  let [low, high] = fixed ?? [Infinity, -Infinity];
  if (!fixed) for (const s of series) for (const v of s) if (Number.isFinite(v)) [low, high] = [Math.min(low, v), Math.max(high, v)];
  if (!Number.isFinite(low)) [low, high] = [0, 1];
  return { top, height, label, series, ticks: niceTicks(low, high, 5) };
}

/**
 * The traced figure (energy, free energy, bound or L) against the step as SVG, with a marker at the frame shown; the
 * overlaps m_µ(t) in a second panel when traced. Clicking or dragging on the plot seeks to the nearest frame.
 */
export const TraceChart = forwardRef<SVGSVGElement, TraceChartProps>(function TraceChart({ result, frame, onSeek }, ref) {
  const steps = useMemo(() => result.frames.map((f) => f.step), [result]);
  const overlapCount = result.frames[0]?.overlaps?.length ?? 0;
  const panels = useMemo(() => {
    const list = [panelOf(TOP, PANEL, result.traceName, [result.frames.map((f) => f.trace)])];
    if (overlapCount > 0) {
      const series = Array.from({ length: overlapCount }, (_, k) => result.frames.map((f) => f.overlaps?.[k] ?? NaN));
      list.push(panelOf(TOP + PANEL + BOTTOM, OVERLAP_PANEL, 'Overlaps m_µ(t)', series, [-1, 1]));
    }
    return list;
  }, [result, overlapCount]);
  const height = panels[panels.length - 1].top + panels[panels.length - 1].height + BOTTOM;
  const xTicks = niceTicks(steps[0] ?? 0, Math.max(steps[steps.length - 1] ?? 1, 1), 6);
  const plotWidth = WIDTH - LEFT - RIGHT;
  const px = (step: number) => LEFT + ((step - xTicks.min) / (xTicks.max - xTicks.min)) * plotWidth;
  const py = (p: Panel, v: number) => p.top + (1 - (v - p.ticks.min) / (p.ticks.max - p.ticks.min)) * p.height;
  const current = result.frames[frame];

  const seek = (e: PointerEvent<SVGSVGElement>) => {
    if (e.type === 'pointermove' && e.buttons !== 1) return;
    const box = e.currentTarget.getBoundingClientRect();
    const x = ((e.clientX - box.left) / box.width) * WIDTH;
    const step = xTicks.min + ((x - LEFT) / plotWidth) * (xTicks.max - xTicks.min);
    onSeek(frameAtStep(result, step));
  };

  return (
    <svg
      ref={ref}
      className="dyn-chart-svg"
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      role="img"
      aria-label={`${result.traceName} against the step`}
      data-testid="dynamics-trace"
      data-points={result.frames.length}
      onPointerDown={seek}
      onPointerMove={seek}
    >
      <rect className="dyn-chart-bg" x={0} y={0} width={WIDTH} height={height} />
      {panels.map((p, pi) => (
        <g key={pi} className="dyn-panel">
          {p.ticks.values.map((v) => (
            <g key={v}>
              <line className="dyn-grid" x1={LEFT} x2={WIDTH - RIGHT} y1={py(p, v)} y2={py(p, v)} />
              <text className="dyn-tick" x={LEFT - 6} y={py(p, v) + 4} textAnchor="end">
                {formatTick(v, p.ticks.step)}
              </text>
            </g>
          ))}
          {xTicks.values.map((s) => (
            <text key={s} className="dyn-tick" x={px(s)} y={p.top + p.height + 14} textAnchor="middle">
              {formatTick(s, xTicks.step)}
            </text>
          ))}
          <text className="dyn-label" x={LEFT} y={p.top - 7}>
            {p.label}
          </text>
          <line className="dyn-axis" x1={LEFT} x2={LEFT} y1={p.top} y2={p.top + p.height} />
          <line className="dyn-axis" x1={LEFT} x2={WIDTH - RIGHT} y1={p.top + p.height} y2={p.top + p.height} />
          {p.series.map((s, k) => (
            <polyline
              key={k}
              className={`dyn-line dyn-line-${k % 8}`}
              fill="none"
              points={s.map((v, i) => (Number.isFinite(v) ? `${px(steps[i]).toFixed(1)},${py(p, v).toFixed(1)}` : '')).join(' ')}
            />
          ))}
          {current && (
            <g className="dyn-marker">
              <line x1={px(current.step)} x2={px(current.step)} y1={p.top} y2={p.top + p.height} />
              {p.series.map((s, k) => Number.isFinite(s[frame]) && <circle key={k} cx={px(current.step)} cy={py(p, s[frame])} r={3.5} />)}
            </g>
          )}
        </g>
      ))}
      <text className="dyn-tick" x={WIDTH - RIGHT} y={height - 4} textAnchor="end">
        step
      </text>
    </svg>
  );
});
