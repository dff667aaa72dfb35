import { describe, expect, it } from 'vitest';
import { chartSvg, runsCsv, withLiveTail } from '../../../renderer/src/charts/chartExport';
import { chartTable, columnSummary, runLine, valueRange } from '../../../renderer/src/charts/chartTable';
import { metricDisplay, objectiveMetric, orderMetrics } from '../../../renderer/src/charts/metricCatalog';
import type { MetricSeries } from '../../../renderer/src/store/runs';

const series = (steps: number[], values: MetricSeries['values']): MetricSeries => ({ steps, values, version: 1 });

describe('metric catalog', () => {
  it('puts the objective first: exact KL, then log-likelihood, AIS, the bound F, −L; diagnostics after; bands never alone', () => {
    expect(objectiveMetric(['gradientNorm', 'logLikelihood', 'kl'])).toBe('kl');
    expect(objectiveMetric(['weightNorm', 'bound', 'examplesPerSecond'])).toBe('bound');
    expect(objectiveMetric(['weightNorm', 'negLyapunov'])).toBe('negLyapunov');
    expect(orderMetrics(['examplesPerSecond', 'aisStandardError', 'reconstructionError', 'aisLogLikelihood', 'zeta', 'weightNorm'])).toEqual([
      'aisLogLikelihood',
      'reconstructionError',
      'weightNorm',
      'examplesPerSecond',
      'zeta',
    ]);
    expect(objectiveMetric([])).toBeUndefined();
    expect(metricDisplay('aisLogLikelihood').errorBand).toBe('aisStandardError');
    expect(metricDisplay('bound').label).toMatch(/nats/);
    expect(metricDisplay('zeta').label).toBe('zeta');
  });
});

describe('chart table', () => {
  it('passes a single line through uncopied, so streaming appends cost no copy', () => {
    const s = series([1, 2, 3], { kl: [0.9, null, 0.5] });
    const table = chartTable([runLine(s, 'kl')]);
    expect(table.data[0]).toBe(s.steps);
    expect(table.data[1]).toBe(s.values.kl);
    expect(table.columns).toEqual([{ value: 1 }]);
    expect(columnSummary(table.data[1])).toEqual({ latest: 0.5, points: 2 });
  });

  it('aligns several runs on the union of their steps, gaps as null, and adds ±1 s.e. band columns', () => {
    const a = series([1, 2, 4], { aisLogLikelihood: [-9, -8, -7], aisStandardError: [0.5, null, 0.25] });
    const b = series([2, 3], { aisLogLikelihood: [-6, -5] });
    const table = chartTable([runLine(a, 'aisLogLikelihood', 'aisStandardError'), runLine(b, 'aisLogLikelihood', 'aisStandardError')]);
    expect(table.data[0]).toEqual([1, 2, 3, 4]);
    expect(table.columns).toEqual([{ value: 1, upper: 2, lower: 3 }, { value: 4 }]);
    expect(table.data[1]).toEqual([-9, -8, null, -7]);
    expect(table.data[2]).toEqual([-8.5, null, null, -6.75]);
    expect(table.data[3]).toEqual([-9.5, null, null, -7.25]);
    expect(table.data[4]).toEqual([null, -6, -5, null]);
    expect(valueRange(table.data.slice(1))).toEqual([-9.5, -5]);
  });

  it('a run that lacks the metric is all gaps; an empty table has no range', () => {
    const table = chartTable([runLine(series([1, 2], { kl: [1, 2] }), 'bound')]);
    expect(table.data[1]).toEqual([null, null]);
    expect(columnSummary(table.data[1])).toEqual({ latest: undefined, points: 0 });
    expect(valueRange(table.data.slice(1))).toBeUndefined();
  });
});

describe('chart export', () => {
  const runA = { id: 'a', label: '#1 sbn-meanfield · SBN', colour: '#2f5fd0', series: series([1, 2, 3, 4], { bound: [-10, -9, -8.5, -8] }) };
  const runB = { id: 'b', label: '#2 sbn-meanfield · SBN', colour: '#c62828', series: series([1, 2], { bound: [-11, -10] }) };

  it('SVG: a polyline per run in its colour, the legend and the axis label with units; zoom limits the steps', () => {
    const svg = chartSvg({ runs: [runA, runB], metric: 'bound' });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg).toContain('stroke="#2f5fd0"');
    expect(svg).toContain('#2 sbn-meanfield · SBN');
    expect(svg).toContain('mean-field bound F (nats/pattern)');
    const zoomed = chartSvg({ runs: [runA], metric: 'bound', xRange: [2, 3] });
    const points = /<polyline points="([^"]+)"/.exec(zoomed)![1].split(' ');
    expect(points).toHaveLength(2);
  });

  it('log scale: log₁₀ for positive series, asinh when a value is ≤ 0, with the axis saying so', () => {
    const norm = { ...runA, series: series([1, 2], { weightNorm: [1, 100] }) };
    expect(chartSvg({ runs: [norm], metric: 'weightNorm', logScale: true })).toContain('log₁₀ weight norm');
    expect(chartSvg({ runs: [runA], metric: 'bound', logScale: true })).toContain('asinh mean-field bound');
  });

  it('CSV: a row per run and step, every metric a column, blanks where a step lacks one', () => {
    const csv = runsCsv([
      { id: 'a', label: 'A', points: [{ step: 1, values: { bound: -10, weightNorm: 2 } }, { step: 2, values: { bound: -9 } }] },
      { id: 'b', label: 'B, second', points: [{ step: 1, values: { weightNorm: 3 } }] },
    ]);
    expect(csv).toBe('run,label,step,bound,weightNorm\na,A,1,-10,2\na,A,2,-9,\nb,"B, second",1,,3\n');
  });

  it('a running run: stored rows, then the live points after the last stored step', () => {
    const live = series([1, 2, 3], { bound: [-10, -9, -8], examplesPerSecond: [null, 50, 60] });
    expect(withLiveTail([{ step: 1, values: { bound: -10 } }, { step: 2, values: { bound: -9 } }], live)).toEqual([
      { step: 1, values: { bound: -10 } },
      { step: 2, values: { bound: -9 } },
      { step: 3, values: { bound: -8, examplesPerSecond: 60 } },
    ]);
    expect(withLiveTail([], undefined)).toEqual([]);
  });
});
