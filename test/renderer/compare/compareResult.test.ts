import { describe, expect, it } from 'vitest';
import { likelihoodSummary, shortSchedule } from '../likelihood/fixtures';
import { boundOrdering, comparableMethods, compareCsv, compareSummaryOf, type CompareRowData } from '../../../renderer/src/compare/compareResult';

const row = (method: string, estimate: number | undefined, quantity?: CompareRowData['quantity'], extra: Partial<CompareRowData> = {}): CompareRowData => ({
  method,
  label: method,
  seconds: 0.1,
  ...(estimate !== undefined ? { estimate } : {}),
  ...(quantity ? { quantity } : {}),
  ...extra,
});

describe('compare results', () => {
  const rows = [
    row('exact', -4.214, 'logProbability'),
    row('gibbs', undefined, undefined, { posteriorError: 0.01, posteriorStandardError: 0.01 }),
    row('meanfield', -4.518, 'lowerBound'),
    row('attractor', -4.3, 'negativeLyapunov'),
    row('mixture:1', -4.518, 'lowerBound'),
    row('mixture:5', -4.351, 'lowerBound'),
    row('mixture:3', -4.4, 'lowerBound'),
  ];

  it('orders exact ≥ the best mixture ≥ mean field and says whether that holds', () => {
    expect(boundOrdering(rows)).toMatchObject({ holds: true, text: 'exact −4.21 ≥ mixture (M=5) −4.35 ≥ mean field −4.52 ✓' });
    const broken = rows.map((r) => (r.method === 'mixture:5' ? { ...r, estimate: -4.1 } : r));
    expect(boundOrdering(broken)).toMatchObject({ holds: false, text: 'exact −4.21 ≥ mixture (M=5) −4.10 ≥ mean field −4.52 ✗' });
    // −L is no bound, and an energy model's mean field is an estimate: nothing to order.
    expect(boundOrdering([row('exact', -2, 'logProbability'), row('meanfield', -2.1, 'logProbabilityEstimate'), row('attractor', -1, 'negativeLyapunov')])).toBeUndefined();
    expect(boundOrdering([row('exact', -2, 'logProbability'), row('mixture:2', -1.9, 'lowerBound', { refusal: 'no' })])).toBeUndefined();
  });

  it('reads stored summaries, expands mixtures and writes CSV', () => {
    expect(compareSummaryOf({ method: 'exact', rows: [] })).toBeUndefined();
    const summary = compareSummaryOf({ method: 'compare', datasetName: 'bars', distinctPatterns: 6, rows: [...rows, { method: 'broken' }] });
    expect(summary?.rows.map((r) => r.method)).toEqual(rows.map((r) => r.method));
    expect(summary).toMatchObject({ datasetName: 'bars', distinctPatterns: 6 });
    // A figure stored as null (JSON's NaN) is read as absent.
    const withNull = compareSummaryOf({ method: 'compare', rows: [{ ...rows[1], posteriorError: null, standardError: Number.NaN }] });
    expect(withNull?.rows[0]).not.toHaveProperty('posteriorError');
    expect(withNull?.rows[0]).not.toHaveProperty('standardError');
    expect(withNull?.rows[0].method).toBe(rows[1].method);
    expect(comparableMethods(['exact', 'gibbs', 'meanfield', 'attractor', 'mixture'], 3)).toEqual(['exact', 'gibbs', 'meanfield', 'attractor', 'mixture:1', 'mixture:2', 'mixture:3']);
    const csv = compareCsv([rows[0], row('ais', undefined, undefined, { refusal: 'AIS needs an RBM, see "help"' })]).split('\n');
    expect(csv[0]).toBe(
      'method,label,quantity,estimate (nats),error vs exact (nats),standard error (nats),posterior mean error,posterior standard error,seconds,refusal,' +
        'forward (nats),forward standard error,reverse (nats),reverse standard error,interval lower,interval upper,gap (nats),effective runs,bound (nats),how it was made,warnings',
    );
    expect(csv[1]).toBe('exact,exact,ln P(V),-4.214,,,,,0.1,,,,,,,,,,,,');
    expect(csv[2]).toBe('ais,ais,,,,,,,0.1,"AIS needs an RBM, see ""help""",,,,,,,,,,,');
  });

  it('AIS rows carry forward, reverse, interval, provenance and warnings into the CSV; a malformed likelihood record is dropped', () => {
    const likelihood = likelihoodSummary(shortSchedule);
    const ais = row('ais', likelihood.forward.value, 'logProbabilityEstimate', { standardError: likelihood.forward.standardError, likelihood });
    const summary = compareSummaryOf({ method: 'compare', rows: [ais, row('gibbs', undefined, undefined, { likelihood: { forward: 1 } as never })] });
    expect(summary!.rows[0].likelihood?.warnings).toHaveLength(2);
    expect(summary!.rows[1].likelihood).toBeUndefined();
    const [header, line] = compareCsv([ais]).trim().split('\n');
    const cells = line.match(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)!.map((c) => c.replace(/,$/, ''));
    const cell = Object.fromEntries(header.split(',').map((h, k) => [h, cells[k]]));
    expect(Number(cell['reverse (nats)'])).toBeCloseTo(likelihood.reverse!.value, 9);
    expect(Number(cell['interval lower'])).toBeCloseTo(likelihood.interval[0], 9);
    expect(Number(cell['gap (nats)'])).toBeLessThan(0);
    expect(cell['how it was made']).toContain('5 temperatures');
    expect(cell.warnings).toMatch(/^"Only .* \| Forward and reverse AIS disagree.*"$/);
  });
});
