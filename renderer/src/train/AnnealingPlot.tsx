import { memo, useRef } from 'react';
import { toCsv } from '../export/csv';
import { ExportMenu } from '../export/ExportMenu';
import type { AnnealingPlan } from './annealing';

const WIDTH = 300;
const HEIGHT = 130;
const PAD = { left: 34, right: 8, top: 8, bottom: 28 };

/** About `count` round tick values covering [0, max]. */
function ticks(max: number, count: number): number[] {
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  return Array.from({ length: Math.floor(max / step) + 1 }, (_, k) => Number((k * step).toPrecision(6)));
}

/** Step path of T against sweep: each stage a level segment, joined by vertical drops. */
function stepPath(plan: AnnealingPlan, x: (s: number) => number, y: (t: number) => number): string {
  let at = 0;
  return plan.stages
    .map((stage, k) => {
      const start = `${k === 0 ? 'M' : 'L'}${x(at).toFixed(1)},${y(stage.temperature).toFixed(1)}`;
      at += stage.sweeps;
      return `${start} L${x(at).toFixed(1)},${y(stage.temperature).toFixed(1)}`;
    })
    .join(' ');
}

/** The annealing schedule as an SVG step plot of temperature T against sweep, redrawn as the form's values change. */
export const AnnealingPlot = memo(function AnnealingPlot({ plan }: { plan: AnnealingPlan }) {
  const annealed = plan.stages.reduce((sum, s) => sum + s.sweeps, 0);
  const total = annealed + (plan.tail?.sweeps ?? 0);
  const maxT = Math.max(...plan.stages.map((s) => s.temperature), plan.tail?.temperature ?? 0) * 1.1 || 1;
  const x = (s: number) => PAD.left + (total > 0 ? (s / total) * (WIDTH - PAD.left - PAD.right) : 0);
  const y = (t: number) => HEIGHT - PAD.bottom - (t / maxT) * (HEIGHT - PAD.top - PAD.bottom);
  const tail = plan.tail && plan.tail.sweeps > 0 ? plan.tail : undefined;
  const svg = useRef<SVGSVGElement>(null);
  const csv = () => toCsv(plan.stages.map((stage, k) => ({ stage: k + 1, temperature: stage.temperature, [`${plan.unit}s`]: stage.sweeps })), ['stage', 'temperature', `${plan.unit}s`]);
  const description = `${plan.stages.length} stages from T = ${plan.stages[0]?.temperature.toPrecision(3)} to T = ${plan.stages[plan.stages.length - 1]?.temperature.toPrecision(3)} over ${annealed} ${plan.unit}s${tail ? `, then at most ${tail.sweeps} at T = ${tail.temperature}` : ''}`;
  return (
    <figure className="annealing-plot">
      <svg
        ref={svg}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        role="img"
        aria-label={`Annealing schedule: ${description}`}
        data-testid="annealing-plot"
        data-stages={plan.stages.length}
        data-sweeps={annealed}
        data-start-temperature={plan.stages[0]?.temperature}
        xmlns="http://www.w3.org/2000/svg"
      >
        <g className="annealing-grid" fontSize="9" fill="currentColor">
          {ticks(maxT / 1.1, 4).map((t) => (
            <g key={`t${t}`}>
              <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} stroke="var(--grid, #ccc)" strokeWidth="0.5" />
              <text x={PAD.left - 4} y={y(t) + 3} textAnchor="end">
                {t}
              </text>
            </g>
          ))}
          {ticks(total, 4).map((s) => (
            <text key={`s${s}`} x={x(s)} y={HEIGHT - PAD.bottom + 11} textAnchor="middle">
              {s}
            </text>
          ))}
          <text x={(PAD.left + WIDTH - PAD.right) / 2} y={HEIGHT - 4} textAnchor="middle">
            {plan.unit}
          </text>
          <text x={10} y={(PAD.top + HEIGHT - PAD.bottom) / 2} textAnchor="middle" transform={`rotate(-90 10 ${(PAD.top + HEIGHT - PAD.bottom) / 2})`}>
            T
          </text>
        </g>
        <path d={stepPath(plan, x, y)} fill="none" stroke="var(--accent, #36c)" strokeWidth="2" data-testid="annealing-steps" />
        {tail && (
          <path
            d={`M${x(annealed).toFixed(1)},${y(tail.temperature).toFixed(1)} L${x(total).toFixed(1)},${y(tail.temperature).toFixed(1)}`}
            fill="none"
            stroke="var(--accent, #36c)"
            strokeWidth="2"
            strokeDasharray="4 3"
          />
        )}
      </svg>
      <figcaption className="hint">{description}</figcaption>
      <ExportMenu fileStem="annealing-schedule" getSvg={() => svg.current} csv={csv} />
    </figure>
  );
});
