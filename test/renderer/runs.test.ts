import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../main/api/contract';
import { appendPoint, applyProgress, emptyRuns, finalKl, latestMetric, mergePoints, runsFromSummaries, upsertRun, type MetricSeries } from '../../renderer/src/store/runs';
import { run } from './fixtures';

const progress = (step: number, kl: number) => ({ runId: 'r1', kind: 'train' as const, step, totalSteps: 10, metrics: { kl }, examplesPerSecond: 100, etaSeconds: 1, activeSeconds: step / 100 });

describe('live run slice', () => {
  it('appends progress to the same series arrays and bumps the version', () => {
    let state = upsertRun(emptyRuns, run('r1'));
    const steps = state.series.r1.steps;
    state = applyProgress(state, progress(1, 0.9));
    state = applyProgress(state, progress(2, 0.7));
    expect(state.series.r1.steps).toBe(steps);
    expect(state.series.r1.steps).toEqual([1, 2]);
    expect(state.series.r1.values.kl).toEqual([0.9, 0.7]);
    expect(state.series.r1.values.examplesPerSecond).toEqual([100, 100]);
    expect(state.series.r1.version).toBe(3);
    expect(state.summaries.r1.lastStep).toBe(2);
    expect(state.progress.r1?.step).toBe(2);
  });

  it('ignores repeated or older steps; metrics missing at a step, or first seen later, are null there', () => {
    let state = upsertRun(emptyRuns, run('r1'));
    state = applyProgress(state, progress(2, 0.7));
    state = applyProgress(state, progress(2, 0.6));
    state = applyProgress(state, progress(1, 0.5));
    state = applyProgress(state, { ...progress(3, 0), metrics: { logLikelihood: -2, bound: Number.NaN } });
    expect(state.series.r1.steps).toEqual([2, 3]);
    expect(state.series.r1.values.kl).toEqual([0.7, null]);
    expect(state.series.r1.values.logLikelihood).toEqual([null, -2]);
    expect(state.series.r1.values.bound).toBeUndefined();
    expect(finalKl(state, 'r1')).toBe(0.7);
    expect(latestMetric(state, 'r1', 'logLikelihood')).toBe(-2);
    expect(latestMetric(state, 'r1', 'bound')).toBeUndefined();
  });

  it('a loaded summary fills every metric it holds, aligned by step', () => {
    const metrics: MetricPoint[] = [
      { step: 1, values: { bound: -9, weightNorm: 1 } },
      { step: 2, values: { bound: -8, weightNorm: 1.5, aisLogLikelihood: -7.5 } },
    ];
    const state = runsFromSummaries([run('r1', { status: 'completed', metrics })]);
    expect(state.series.r1.steps).toEqual([1, 2]);
    expect(state.series.r1.values).toEqual({ bound: [-9, -8], weightNorm: [1, 1.5], aisLogLikelihood: [null, -7.5] });
  });

  it('the ended run summary replaces the live series with its complete metrics', () => {
    let state = upsertRun(emptyRuns, run('r1'));
    state = applyProgress(state, progress(5, 0.4));
    const metrics = [1, 2, 3, 4, 5].map((step) => ({ step, values: { kl: 1 / step } }));
    state = upsertRun(state, run('r1', { status: 'completed', lastStep: 5, metrics }));
    expect(state.series.r1.steps).toEqual([1, 2, 3, 4, 5]);
    expect(finalKl(state, 'r1')).toBeCloseTo(0.2, 12);
    expect(state.progress.r1).toBeUndefined();
    expect(state.order).toEqual(['r1']);
  });

  it('orders loaded runs by start time', () => {
    const state = runsFromSummaries([run('b', { startedAt: 20 }), run('a', { startedAt: 10 })]);
    expect(state.order).toEqual(['a', 'b']);
  });
});

describe('mergePoints (a zoomed range read at finer resolution)', () => {
  it('merges new steps in order, keeps the values of steps it holds, and returns the same series when nothing is new', () => {
    const series: MetricSeries = { steps: [], values: {}, version: 3 };
    for (const step of [1, 10, 20]) appendPoint(series, step, { kl: step });
    const merged = mergePoints(series, [
      { step: 10, values: { kl: -1 } },
      { step: 15, values: { kl: 15, bound: -2 } },
      { step: 5, values: { kl: 5 } },
    ]);
    expect(merged.steps).toEqual([1, 5, 10, 15, 20]);
    expect(merged.values.kl).toEqual([1, 5, 10, 15, 20]);
    expect(merged.values.bound).toEqual([null, null, null, -2, null]);
    expect(merged.version).toBe(4);
    expect(mergePoints(merged, [{ step: 15, values: { kl: 0 } }])).toBe(merged);
  });
});
