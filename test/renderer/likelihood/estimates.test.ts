import { describe, expect, it } from 'vitest';
import type { OutputSummary } from '../../../main/api/contract';
import { effectiveShareCsv, effectiveShareSvg } from '../../../renderer/src/likelihood/effectiveShareChart';
import {
  AIS_GUARANTEES,
  compactFigures,
  configProvenanceText,
  estimateFigures,
  estimatePointText,
  likelihoodOf,
  nearestEstimate,
  shareTraces,
  storedEstimates,
} from '../../../renderer/src/likelihood/estimates';
import { checkWellFormedXml } from '../export/xmlCheck';
import { estimateOutput, healthy, likelihoodSummary, partition, shortSchedule } from './fixtures';

const figure = (rows: ReturnType<typeof estimateFigures>, key: string) => rows.find((r) => r.key === key);

describe('stored likelihood estimates', () => {
  const outputs: OutputSummary[] = [
    estimateOutput('e20', 20, shortSchedule).summary,
    estimateOutput('e10', 10, healthy).summary,
    { id: 's', runId: 'run-1', kind: 'samples', name: 'fantasies', step: 20, createdAt: 5, summary: { likelihood: likelihoodSummary(healthy) } },
    { id: 'bad', runId: 'run-1', kind: 'evaluation', name: 'broken', step: 30, createdAt: 6, summary: { likelihood: { forward: { value: 'x' } } } },
    { id: 'cmp', runId: 'run-1', kind: 'evaluation', name: 'compare', createdAt: 7, summary: { method: 'compare', rows: [] } },
  ];

  it('keeps evaluation outputs with a well-formed likelihood record, by epoch; a malformed record is skipped, not thrown', () => {
    const estimates = storedEstimates(outputs);
    expect(estimates.map((e) => e.outputId)).toEqual(['e10', 'e20']);
    expect(estimates[1].likelihood.warnings.map((w) => w.code)).toEqual(['fewEffectiveRuns', 'forwardReverseGap']);
    expect(estimates[0].arrayShape).toEqual([3, 20]);
    expect(likelihoodOf(undefined)).toBeUndefined();
    expect(likelihoodOf({ ...likelihoodSummary(healthy), interval: [1] })).toBeUndefined();
    expect(likelihoodOf({ ...likelihoodSummary(healthy), quantity: 'other' })).toBeUndefined();
    // A broken reverse side is dropped and the rest kept; missing warnings read as none.
    const { warnings: _w, ...noWarnings } = likelihoodSummary(healthy);
    const read = likelihoodOf({ ...noWarnings, reverse: { value: null } });
    expect(read?.reverse).toBeUndefined();
    expect(read?.warnings).toEqual([]);
    expect(read?.forward.value).toBeCloseTo(likelihoodSummary(healthy).forward.value, 12);
  });

  it('hover text: the estimate at that epoch, else the nearest, else the run settings; nothing for a run without AIS', () => {
    const estimates = storedEstimates(outputs);
    expect(nearestEstimate(estimates, 14)?.outputId).toBe('e10');
    expect(nearestEstimate(estimates, 15)?.outputId).toBe('e20');
    expect(nearestEstimate([], 15)).toBeUndefined();
    const at20 = estimatePointText(estimates, undefined, 20)!;
    expect(at20).toBe(`${estimates[1].likelihood.provenanceText} · 2 warnings (see the diagnostics)`);
    expect(at20).toContain('5 temperatures');
    expect(estimatePointText(estimates, undefined, 11)).toBe(`nearest estimate, epoch 10: ${estimates[0].likelihood.provenanceText}`);
    const config = { aisEvery: 5, aisTemperatures: 300, aisRuns: 50, aisBase: 'uniform' };
    expect(estimatePointText([], config, 7)).toBe("AIS every 5 epochs: uniform base, 300 temperatures, 50 runs (the run's settings; no estimate stored for this point)");
    expect(configProvenanceText({ aisEvery: 0 })).toBeUndefined();
    expect(estimatePointText([], { learningRate: 0.1 }, 7)).toBeUndefined();
  });
});

describe('estimate figures', () => {
  it('a healthy estimate: both sides with their promises, effective runs, interval, gap, exact and each side − exact', () => {
    const l = likelihoodSummary(healthy);
    const rows = estimateFigures(l);
    expect(rows.map((r) => r.key)).toEqual(['forward', 'forwardEffective', 'reverse', 'reverseEffective', 'interval', 'gap', 'exact', 'forwardError', 'reverseError', 'rows', 'provenance']);
    expect(figure(rows, 'forward')).toMatchObject({ label: 'Forward AIS mean ln P(v)', note: 'optimistic: too high in expectation' });
    expect(figure(rows, 'forward')!.value).toBe(`${l.forward.value.toFixed(3).replace('-', '−')} ± ${l.forward.standardError.toFixed(3)}`);
    expect(figure(rows, 'reverse')!.note).toBe('conservative: too low in expectation (exact samples)');
    expect(figure(rows, 'forwardEffective')!.value).toBe(`${l.forward.effective!.toFixed(1)} of 100 effective runs (100 %)`);
    // The exact figure is the rows' mean unnormalised log-probability (−2) minus the exact log Z (12.001).
    expect(figure(rows, 'exact')!.value).toBe('−14.001');
    expect(figure(rows, 'forwardError')!.value).toBe(`${(l.forward.value - l.exact! > 0 ? '+' : '') + (l.forward.value - l.exact!).toFixed(3).replace('-', '−')} nats`);
    expect(figure(rows, 'interval')!.value).toBe(`[${l.interval[0].toFixed(3).replace('-', '−')}, ${l.interval[1].toFixed(3).replace('-', '−')}]`);
    expect(figure(rows, 'provenance')!.value).toBe(l.provenanceText);
  });

  it('a short schedule: the gap is negative (reverse is the low side of ln P) and few runs are effective', () => {
    const l = likelihoodSummary(shortSchedule);
    expect(l.gap).toBeLessThan(-1);
    const rows = estimateFigures(l);
    expect(figure(rows, 'gap')!.value).toMatch(/^−\d+\.\d{3} nats$/);
    expect(Number(/\((\d+) %\)/.exec(figure(rows, 'forwardEffective')!.value)![1])).toBeLessThan(10);
    expect(figure(rows, 'exact')).toBeUndefined();
  });

  it('reverse from Gibbs chains promises nothing; log Z reads the other way round; importance sampling names its bound', () => {
    const gibbs = likelihoodSummary(partition({ runs: 50, forwardSpread: 0.1, reverseSpread: 0.1, temperatures: 100, reverseStart: 'gibbs' }));
    expect(figure(estimateFigures(gibbs), 'reverse')!.note).toBe('started from Gibbs chains: no guarantee either way');
    expect(compactFigures(gibbs).find((p) => p.key === 'reverse')!.text).toMatch(/^reverse \(from Gibbs chains: no guarantee\) /);
    const logZ = { ...likelihoodSummary(healthy), quantity: 'logPartition' as const };
    expect(figure(estimateFigures(logZ), 'forward')).toMatchObject({ label: 'Forward AIS log Z', note: 'too low in expectation' });
    const importance = {
      quantity: 'meanLogLikelihood' as const,
      forward: { value: -4.2, standardError: 0.01, effective: 37.5 },
      interval: [-4.22, -4.18] as [number, number],
      bound: -4.5,
      runs: 100,
      provenance: { method: 'importance' as const, runs: 100, proposal: 'meanfield', seed: 1 },
      provenanceText: 'importance sampling, 100 samples per pattern from the meanfield posterior, seed 1',
      warnings: [],
    };
    const rows = estimateFigures(importance);
    expect(figure(rows, 'forward')!.label).toBe('Importance-sampled mean ln P(v)');
    expect(figure(rows, 'bound')!.note).toBe('importance sampling improves on this bound by +0.300 nats');
    expect(compactFigures(importance).map((p) => p.text)).toEqual(['importance sampling −4.200 ± 0.010', 'interval [−4.220, −4.180]', 'effective samples 37.5 of 100', 'bound −4.500 (improved by +0.300)']);
  });

  it('states what each side guarantees in expectation and what not', () => {
    const text = AIS_GUARANTEES.join(' ');
    expect(text).toMatch(/Forward AIS underestimates log Z in expectation.*optimistic/);
    expect(text).toMatch(/Reverse AIS started from exact samples .* overestimates log Z in expectation.*conservative/);
    expect(text).toMatch(/Neither side guarantees any single run/);
    expect(text).toMatch(/Reverse AIS started from Gibbs chains guarantees nothing/);
  });
});

describe('effective share per temperature', () => {
  it('reads the stored [3, P] array after a JSON round trip (NaN → null) and plots forward, reverse and the 10 % line', () => {
    const { array } = estimateOutput('e', 5, shortSchedule);
    const traces = shareTraces(array);
    expect(traces.betas).toHaveLength(20);
    expect(traces.forward[0]).toBeCloseTo(1 - 0.98 / 20, 6);
    expect(traces.reverse![19]).toBeCloseTo(0.05, 6);
    const svg = effectiveShareSvg(traces, { title: 'Effective runs' });
    checkWellFormedXml(svg);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg).toContain('stroke-dasharray="7 4"');
    expect(svg).toContain('10 %: below, the error bar is not to be trusted');
    const csv = effectiveShareCsv(traces).trim().split('\n');
    expect(csv[0]).toBe('beta,forward effective share,reverse effective share');
    expect(csv).toHaveLength(21);
    expect(Number(csv[20].split(',')[0])).toBeCloseTo(1, 6);
  });

  it('forward only: the reverse row is NaN (null after JSON) and no reverse line is drawn; a wrong shape says what it expects', () => {
    const { array } = estimateOutput('e', 5, partition({ runs: 20, forwardSpread: 0.1, temperatures: 10 }));
    expect(array.values.slice(40)).toEqual(new Array(20).fill(null));
    const traces = shareTraces(array);
    expect(traces.reverse).toBeUndefined();
    expect(effectiveShareSvg(traces).match(/<polyline /g)).toHaveLength(1);
    expect(effectiveShareCsv(traces).split('\n')[1]).toMatch(/,$/);
    expect(() => shareTraces({ shape: [2, 3], values: [0, 0, 0, 0, 0, 0] })).toThrow(/\[3, P\] array .* this one is \[2, 3\]/);
  });
});
