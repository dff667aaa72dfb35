import { describe, expect, it } from 'vitest';
import { chartSvg, runsCsv, withLiveTail } from '../../../renderer/src/charts/chartExport';
import { chartLines, chartTable, columnSummary, hoverPoint, metricLines, runLine, valueRange } from '../../../renderer/src/charts/chartTable';
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

describe('AIS as one objective', () => {
  // AIS every 2 epochs beside the exact ln P of every epoch; forward above reverse except at step 4 (drawn either way).
  const ais = series([1, 2, 3, 4, 5], {
    logLikelihood: [-9.2, -8.4, -8.1, -7.9, -7.7],
    aisLogLikelihood: [null, -8.2, null, -7.0, null],
    aisStandardError: [null, 0.1, null, 0.2, null],
    aisReverseLogLikelihood: [null, -8.9, null, -7.5, null],
    aisReverseStandardError: [null, 0.3, null, 0.1, null],
    pseudoLogLikelihood: [-0.6, -0.55, -0.5, -0.48, -0.47],
    aisEffectiveShare: [null, 0.4, null, 0.05, null],
  });

  it('the catalog: forward AIS is the objective, reverse and the error bars only ever drawn with it, exact ln P still its own chart, the proxy labelled so', () => {
    expect(orderMetrics(Object.keys(ais.values))).toEqual(['logLikelihood', 'aisLogLikelihood', 'pseudoLogLikelihood', 'aisEffectiveShare']);
    expect(objectiveMetric(['pseudoLogLikelihood', 'aisLogLikelihood', 'aisReverseLogLikelihood', 'reconstructionError'])).toBe('aisLogLikelihood');
    expect(objectiveMetric(['pseudoLogLikelihood', 'reconstructionError'])).toBe('pseudoLogLikelihood');
    expect(metricDisplay('pseudoLogLikelihood').label).toMatch(/proxy, not ln P/);
    expect(metricDisplay('aisReverseLogLikelihood').label).toMatch(/reverse AIS/);
    expect(metricDisplay('aisLogLikelihood').companions!.map((c) => c.name)).toEqual(['aisReverseLogLikelihood', 'logLikelihood']);
  });

  it('one run: forward with its band, reverse with its band, exact, and the shaded interval between forward and reverse', () => {
    const lines = metricLines(ais, 'aisLogLikelihood', 0);
    expect(lines.map((l) => l.companion?.name ?? 'own')).toEqual(['own', 'aisReverseLogLikelihood', 'logLikelihood']);
    const table = chartTable(lines);
    // One run's lines share its steps: no realignment, the arrays go through uncopied.
    expect(table.data[0]).toBe(ais.steps);
    expect(table.data[1]).toBe(ais.values.aisLogLikelihood);
    expect(table.columns.map((c) => [c.value, c.upper, c.lower, c.run, c.companion?.short])).toEqual([
      [1, 2, 3, undefined, undefined],
      [4, 5, 6, 0, 'reverse'],
      [7, undefined, undefined, 0, 'exact'],
    ]);
    expect(table.intervals).toEqual([{ run: 0, upper: 8, lower: 9 }]);
    expect(table.data[8]).toEqual([null, -8.2, null, -7.0, null]);
    expect(table.data[9]).toEqual([null, -8.9, null, -7.5, null]);
    expect(table.data[5]).toEqual([null, -8.6, null, -7.4, null]);
  });

  it('two runs: each brings its own companions (a run without reverse brings none) and its own interval', () => {
    const plain = series([1, 2], { aisLogLikelihood: [-9, -8], aisStandardError: [0.1, 0.1] });
    const table = chartTable(chartLines([plain, ais], 'aisLogLikelihood'));
    expect(table.columns.map((c) => c.companion?.short ?? 'own')).toEqual(['own', 'own', 'reverse', 'exact']);
    expect(table.columns.map((c) => c.run)).toEqual([undefined, undefined, 1, 1]);
    expect(table.intervals).toHaveLength(1);
    expect(table.intervals![0].run).toBe(1);
    expect(table.data[table.intervals![0].upper]).toEqual([null, -8.2, null, -7.0, null]);
  });

  it('hover snaps a sparse series to its nearest point, and picks the line nearest the cursor', () => {
    const table = chartTable(metricLines(ais, 'aisLogLikelihood', 0));
    // At step 3 (index 2) exact ln P has a point there; forward and reverse are one step away.
    expect(hoverPoint(table, 2, -8.0)).toEqual({ column: 2, run: 0, index: 2, step: 3, value: -8.1 });
    const forwardOnly = chartTable([{ ...metricLines(ais, 'aisLogLikelihood', 0)[0] }, metricLines(ais, 'aisLogLikelihood', 0)[1]]);
    expect(hoverPoint(forwardOnly, 2, -7.1)).toMatchObject({ column: 0, index: 1, step: 2, value: -8.2 });
    expect(hoverPoint(forwardOnly, 4, -7.4)).toMatchObject({ column: 1, index: 3, step: 4, value: -7.5 });
    expect(hoverPoint(chartTable([runLine(series([1], { kl: [null] }), 'kl')]), 0)).toBeUndefined();
  });

  it('SVG export: forward solid with dots, reverse dashed, exact dotted, the interval shaded', () => {
    const svg = chartSvg({ runs: [{ id: 'a', label: 'A', colour: '#2f5fd0', series: ais }], metric: 'aisLogLikelihood' });
    expect(svg.match(/<polyline /g)).toHaveLength(3);
    expect(svg).toContain('stroke-dasharray="7 4"');
    expect(svg).toContain('stroke-dasharray="2 3"');
    expect(svg).toContain('A · reverse');
    expect(svg).toContain('A · exact');
    // Two ±1 s.e. bands and the forward–reverse interval.
    expect(svg.match(/<polygon /g)).toHaveLength(3);
    expect(svg.match(/fill-opacity="0.12"/g)).toHaveLength(1);
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

describe('hover between near-coincident lines', () => {
  it('the run’s own line wins over a companion less than the tolerance nearer', () => {
    const s = series([1, 2], { aisLogLikelihood: [-4.0, -3.91], logLikelihood: [-4.01, -3.918] });
    const table = chartTable(metricLines(s, 'aisLogLikelihood', 0));
    expect(hoverPoint(table, 1, -5)).toMatchObject({ column: 1, value: -3.918 });
    expect(hoverPoint(table, 1, -5, 0.05)).toMatchObject({ column: 0, value: -3.91 });
    expect(hoverPoint(table, 1, -3.0, 0.05)).toMatchObject({ column: 0 });
  });
});
