/** A small SVG line plot (inside a parent SVG): series against steps, with axes, ticks and a cursor at the current step. */

export interface PlotSeries {
  values: number[];
  colour: string;
  width?: number;
  label?: string;
}

interface LinePlotProps {
  steps: number[];
  series: PlotSeries[];
  x: number;
  y: number;
  width: number;
  height: number;
  /** Value range shown; default the data's range. */
  yRange?: [number, number];
  yLabel: string;
  /** Frame index of the vertical cursor. */
  cursor?: number;
}

const LEFT = 38;
const BOTTOM = 18;

const tick = (v: number) => (Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : Number(v.toFixed(2)).toString());

/** The range [min, max] of the series' finite values, widened when flat. */
export function valueRange(series: PlotSeries[]): [number, number] {
  let [low, high] = [Infinity, -Infinity];
  for (const s of series) for (const v of s.values) if (Number.isFinite(v)) [low, high] = [Math.min(low, v), Math.max(high, v)];
  if (!Number.isFinite(low)) return [0, 1];
  if (high - low < 1e-9) return [low - 0.5, high + 0.5];
  return [low, high];
}

export function LinePlot({ steps, series, x, y, width, height, yRange, yLabel, cursor }: LinePlotProps) {
  const [low, high] = yRange ?? valueRange(series);
  const first = steps[0] ?? 0;
  const lastStep = steps[steps.length - 1] ?? 1;
  const span = Math.max(1, lastStep - first);
  const plotW = width - LEFT - 6;
  const plotH = height - BOTTOM - 6;
  const px = (step: number) => x + LEFT + ((step - first) / span) * plotW;
  const py = (v: number) => y + 6 + (1 - (v - low) / (high - low)) * plotH;
  const yTicks = [low, (low + high) / 2, high];
  return (
    <g className="gen-plot" fontSize={10} fontFamily="system-ui, sans-serif">
      <line x1={x + LEFT} y1={y + 6} x2={x + LEFT} y2={y + 6 + plotH} className="gen-axis" />
      <line x1={x + LEFT} y1={y + 6 + plotH} x2={x + LEFT + plotW} y2={y + 6 + plotH} className="gen-axis" />
      {yTicks.map((v) => (
        <text key={v} x={x + LEFT - 4} y={py(v) + 3} textAnchor="end">
          {tick(v)}
        </text>
      ))}
      {low < 0 && high > 0 && <line x1={x + LEFT} x2={x + LEFT + plotW} y1={py(0)} y2={py(0)} className="gen-axis" strokeDasharray="2 3" strokeOpacity={0.5} />}
      <text x={x + LEFT} y={y + height - 3}>
        {first}
      </text>
      <text x={x + LEFT + plotW} y={y + height - 3} textAnchor="end">
        {lastStep} steps
      </text>
      <text x={x + LEFT + 6} y={y + 16} fontWeight={600} className="gen-plot-title">
        {yLabel}
      </text>
      {series.map((s, k) => (
        <polyline
          key={k}
          fill="none"
          stroke={s.colour}
          strokeWidth={s.width ?? 1.2}
          points={s.values.map((v, i) => `${px(steps[i]).toFixed(1)},${py(Math.min(high, Math.max(low, v))).toFixed(1)}`).join(' ')}
        >
          {s.label && <title>{s.label}</title>}
        </polyline>
      ))}
      {cursor !== undefined && steps[cursor] !== undefined && <line x1={px(steps[cursor])} x2={px(steps[cursor])} y1={y + 6} y2={y + 6 + plotH} stroke="var(--series-2)" strokeOpacity={0.6} />}
    </g>
  );
}
