import { describe, expect, it } from 'vitest';
import { applyProgress, emptyRuns, finalKl, runsFromSummaries, upsertRun } from '../../renderer/src/store/runs';
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
    expect(state.series.r1.kl).toEqual([0.9, 0.7]);
    expect(state.series.r1.version).toBe(3);
    expect(state.summaries.r1.lastStep).toBe(2);
    expect(state.progress.r1?.step).toBe(2);
  });

  it('ignores repeated or older steps and points without a KL value', () => {
    let state = upsertRun(emptyRuns, run('r1'));
    state = applyProgress(state, progress(2, 0.7));
    state = applyProgress(state, progress(2, 0.6));
    state = applyProgress(state, { ...progress(3, 0), metrics: { logLikelihood: -2 } });
    expect(state.series.r1.kl).toEqual([0.7]);
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
