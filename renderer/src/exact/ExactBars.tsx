import { forwardRef, memo } from 'react';
import type { ExactVisibleRow } from '../../../main/api/contract';

/** Colours written into the SVG itself, so an exported chart looks as on screen. */
const DATA_FILL = '#9aa5b8';
const MODEL_FILL = '#3b6fd8';
const INK = '#1c2230';
const PAPER = '#e3e7ee';
const AXIS = '#8a93a3';

interface PatternGlyphProps {
  pattern: string;
  rows: number;
  cols: number;
  pixel: number;
  x: number;
  y: number;
}

/** A visible pattern as tiny squares (ink = on), laid out rows × cols. */
const PatternGlyph = memo(function PatternGlyph({ pattern, rows, cols, pixel, x, y }: PatternGlyphProps) {
  return (
    <g transform={`translate(${x} ${y})`}>
      <rect width={cols * pixel} height={rows * pixel} fill={PAPER} stroke={AXIS} strokeWidth={0.5} />
      {Array.from(pattern, (bit, k) =>
        bit === '1' ? <rect key={k} x={(k % cols) * pixel} y={Math.floor(k / cols) * pixel} width={pixel} height={pixel} fill={INK} /> : null,
      )}
    </g>
  );
});

/** The patterns to draw, how, and how many were left out. */
export interface ExactBarsProps {
  rows: ExactVisibleRow[];
  /** How the visible units are drawn: an image rows × cols, or one row. */
  shape: { rows: number; cols: number };
  /** Patterns left out of the chart (the table's CSV holds them all). */
  hiddenCount: number;
  withData: boolean;
}

const HEIGHT = 150;
const TOP = 18;
const LEFT = 40;

/** P_data(v) beside P_model(v) for each visible pattern, as SVG bars with the pattern drawn under each pair. */
export const ExactBars = forwardRef<SVGSVGElement, ExactBarsProps>(function ExactBars({ rows, shape, hiddenCount, withData }, ref) {
  const pixel = Math.max(2, Math.min(6, Math.floor(24 / Math.max(shape.cols, 1))));
  const glyphWidth = shape.cols * pixel;
  const barWidth = 8;
  const groupWidth = Math.max(glyphWidth, withData ? 2 * barWidth + 2 : barWidth) + 8;
  const glyphTop = TOP + HEIGHT + 6;
  const height = glyphTop + shape.rows * pixel + 30;
  const width = LEFT + rows.length * groupWidth + 10;
  const peak = Math.max(1e-12, ...rows.map((r) => Math.max(r.model, r.data ?? 0)));
  const step = niceStep(peak / 4);
  const scale = Math.ceil(peak / step - 1e-9) * step;
  const y = (p: number) => TOP + HEIGHT * (1 - p / scale);
  const ticks = Array.from({ length: Math.round(scale / step) + 1 }, (_, k) => k * step);
  return (
    <svg ref={ref} xmlns="http://www.w3.org/2000/svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="exact-bars" data-testid="exact-bars" role="img" aria-label="Data and model distributions over visible patterns">
      <rect width={width} height={height} fill="#ffffff" />
      {ticks.map((t) => (
        <g key={t}>
          <line x1={LEFT - 3} x2={width - 6} y1={y(t)} y2={y(t)} stroke={t === 0 ? AXIS : '#e4e7ec'} strokeWidth={1} />
          <text x={LEFT - 6} y={y(t) + 3} fontSize={9} textAnchor="end" fill={INK} fontFamily="sans-serif">
            {t === 0 ? '0' : Number(t.toPrecision(3)).toString()}
          </text>
        </g>
      ))}
      {rows.map((row, k) => {
        const x = LEFT + k * groupWidth + 4;
        const barsLeft = x + (groupWidth - 8 - (withData ? 2 * barWidth + 2 : barWidth)) / 2;
        return (
          <g key={row.pattern} data-pattern={row.pattern}>
            <title>{`${row.pattern}: model ${row.model.toPrecision(4)}${row.data !== undefined ? `, data ${row.data.toPrecision(4)}` : ''}`}</title>
            {withData && <rect className="bar-data" x={barsLeft} y={y(row.data ?? 0)} width={barWidth} height={TOP + HEIGHT - y(row.data ?? 0)} fill={DATA_FILL} />}
            <rect className="bar-model" x={withData ? barsLeft + barWidth + 2 : barsLeft} y={y(row.model)} width={barWidth} height={TOP + HEIGHT - y(row.model)} fill={MODEL_FILL} />
            <PatternGlyph pattern={row.pattern} rows={shape.rows} cols={shape.cols} pixel={pixel} x={x + (groupWidth - 8 - glyphWidth) / 2} y={glyphTop} />
          </g>
        );
      })}
      <g transform={`translate(${LEFT} ${height - 10})`} fontSize={10} fontFamily="sans-serif" fill={INK}>
        {withData && (
          <>
            <rect width={9} height={9} y={-8} fill={DATA_FILL} />
            <text x={13}>P_data(v)</text>
          </>
        )}
        <rect x={withData ? 80 : 0} width={9} height={9} y={-8} fill={MODEL_FILL} />
        <text x={withData ? 93 : 13}>P_model(v)</text>
        {hiddenCount > 0 && <text x={withData ? 180 : 100}>{`+ ${hiddenCount} less probable patterns not drawn`}</text>}
      </g>
    </svg>
  );
});

/** The smallest of 1, 2, 5 × 10^k at or above x: a round spacing for the probability axis's ticks. */
export function niceStep(x: number): number {
  const power = 10 ** Math.floor(Math.log10(x));
  for (const step of [1, 2, 5]) if (step * power >= x * (1 - 1e-9)) return step * power;
  return 10 * power;
}
