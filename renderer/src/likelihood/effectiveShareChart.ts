import { LOW_EFFECTIVE_SHARE } from '../../../engine/likelihood/estimate';
import { toCsv } from '../export/csv';
import { svgLineChart, type ChartColors, type LineSeries } from '../export/svgLineChart';

/** Effective share of the AIS weights per intermediate distribution (shareTraces). */
export interface ShareTraces {
  betas: number[];
  forward: number[];
  reverse?: number[];
}

/** Theme colours left as CSS variables: the view resolves them on screen, the export menu when it saves. */
export const THEMED_COLORS: Partial<ChartColors> = { background: null, text: 'var(--text)', muted: 'var(--text-muted)', grid: 'var(--grid)' };

/**
 * Effective runs (Σw)²/(R Σw²) of the partial AIS weights against β, forward solid and reverse dashed, with the 10 %
 * line under which the estimate is flagged — where the share collapses is where the schedule needs more temperatures.
 */
export function effectiveShareSvg(traces: ShareTraces, options: { title?: string; width?: number; height?: number; colors?: Partial<ChartColors> } = {}): string {
  const series: LineSeries[] = [{ label: 'forward AIS', x: traces.betas, y: traces.forward, color: 'var(--series-1)' }];
  if (traces.reverse) series.push({ label: 'reverse AIS', x: traces.betas, y: traces.reverse, color: 'var(--series-2)', dash: '7 4' });
  return svgLineChart({
    series,
    width: options.width ?? 520,
    height: options.height ?? 240,
    ...(options.title ? { title: options.title } : {}),
    xLabel: 'β (0: base distribution, 1: the model)',
    yLabel: 'effective runs (share)',
    yIncludesZero: true,
    references: [{ y: LOW_EFFECTIVE_SHARE, label: `${LOW_EFFECTIVE_SHARE * 100} %: below, the error bar is not to be trusted` }, { y: 1, label: 'all runs' }],
    colors: options.colors ?? THEMED_COLORS,
  });
}

/** The traces as CSV: beta, forward share, reverse share (blank where absent). */
export function effectiveShareCsv(traces: ShareTraces): string {
  const rows = traces.betas.map((beta, j) => ({ beta, forward: traces.forward[j], reverse: traces.reverse?.[j] }));
  return toCsv(rows, [
    { header: 'beta', value: 'beta' },
    { header: 'forward effective share', value: 'forward' },
    { header: 'reverse effective share', value: 'reverse' },
  ]);
}
