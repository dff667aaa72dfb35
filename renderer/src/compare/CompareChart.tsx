import { forwardRef, memo } from 'react';
import { formatTick, niceTicks } from '../export/axisTicks';
import { displayName, QUANTITY_NAMES, type CompareRowData } from './compareResult';

const WIDTH = 620;
const ROW = 22;
const LEFT = 150;
const RIGHT = 24;
const TOP = 40;
const BOTTOM = 34;

/** Colour class of each quantity (compare.css): the exact value, bounds, estimates, −L. */
const DOT_CLASS: Record<string, string> = { logProbability: 'dot-exact', lowerBound: 'dot-bound', logProbabilityEstimate: 'dot-estimate', negativeLyapunov: 'dot-lyapunov' };

/**
 * The estimates of the compared methods as a dot chart (nats on x, one line per method), ±2 standard errors where a
 * method samples, the exact mean ln P(V) as a dashed reference line; AIS rows add the reverse estimate (hollow dot) and
 * the forward–reverse interval as a shaded bar. Plain SVG, so the export menu can save it.
 */
export const CompareChart = memo(
  forwardRef<SVGSVGElement, { rows: readonly CompareRowData[]; title: string }>(function CompareChart({ rows, title }, ref) {
    const shown = rows.filter((r) => r.refusal === undefined && r.estimate !== undefined && Number.isFinite(r.estimate));
    const exact = shown.find((r) => r.method === 'exact')?.estimate;
    const extent = shown.flatMap((r) => [r.estimate! - 2 * (r.standardError ?? 0), r.estimate! + 2 * (r.standardError ?? 0), ...(r.likelihood ? r.likelihood.interval : [])]);
    const height = TOP + BOTTOM + Math.max(1, shown.length) * ROW;
    if (shown.length === 0) {
      return (
        <svg ref={ref} className="compare-chart" width={WIDTH} height={height} viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={title}>
          <text x={WIDTH / 2} y={height / 2} textAnchor="middle" className="chart-muted">
            No method gave an estimate
          </text>
        </svg>
      );
    }
    const ticks = niceTicks(Math.min(...extent), Math.max(...extent), 6);
    const x = (value: number) => LEFT + ((value - ticks.min) / (ticks.max - ticks.min || 1)) * (WIDTH - LEFT - RIGHT);
    const bottom = height - BOTTOM;
    return (
      <svg ref={ref} className="compare-chart" width={WIDTH} height={height} viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={title} data-testid="compare-chart">
        <rect x={0} y={0} width={WIDTH} height={height} className="chart-background" />
        <text x={8} y={16} className="chart-title">
          {title}
        </text>
        {ticks.values.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={TOP - 4} y2={bottom} className="chart-grid" />
            <text x={x(t)} y={bottom + 14} textAnchor="middle" className="chart-muted">
              {formatTick(t, ticks.step).replace('-', '−')}
            </text>
          </g>
        ))}
        <text x={(LEFT + WIDTH - RIGHT) / 2} y={height - 4} textAnchor="middle" className="chart-muted">
          mean over the patterns, nats
        </text>
        {exact !== undefined && (
          <g>
            <line x1={x(exact)} x2={x(exact)} y1={TOP - 8} y2={bottom} className="chart-reference" />
            <text x={x(exact) + 3} y={TOP - 10} className="chart-muted">
              exact
            </text>
          </g>
        )}
        {shown.map((r, k) => {
          const y = TOP + k * ROW + ROW / 2;
          const se = r.standardError ?? 0;
          const l = r.likelihood;
          const reverse = l?.reverse ? ` · reverse ${l.reverse.value.toFixed(4)} ± ${l.reverse.standardError.toFixed(4)}` : '';
          return (
            <g key={r.method}>
              <title>{`${r.label}: ${r.quantity ? QUANTITY_NAMES[r.quantity] : ''} ${r.estimate!.toFixed(4)}${se > 0 ? ` ± ${se.toFixed(4)}` : ''}${reverse}${l ? ` · interval [${l.interval[0].toFixed(4)}, ${l.interval[1].toFixed(4)}] · ${l.provenanceText}` : ''}`}</title>
              <text x={LEFT - 8} y={y + 4} textAnchor="end" className="chart-label">
                {displayName(r.method)}
              </text>
              <line x1={LEFT} x2={WIDTH - RIGHT} y1={y} y2={y} className="chart-row-line" />
              {l && <rect x={x(l.interval[0])} y={y - 5} width={Math.max(1, x(l.interval[1]) - x(l.interval[0]))} height={10} rx={3} className="chart-interval" />}
              {se > 0 && <line x1={x(r.estimate! - 2 * se)} x2={x(r.estimate! + 2 * se)} y1={y} y2={y} className="chart-error-bar" />}
              {l?.reverse && <circle cx={x(l.reverse.value)} cy={y} r={4} className="dot-reverse" />}
              <circle cx={x(r.estimate!)} cy={y} r={5} className={DOT_CLASS[r.quantity ?? ''] ?? 'dot-estimate'} />
            </g>
          );
        })}
      </svg>
    );
  }),
);
