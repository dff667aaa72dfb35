import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_SUMMARY_POINTS, type MetricPoint, type ProjectSnapshot, type RunSummary } from '../../../main/api/contract';
import { cleanUp, value, type Cleanups } from '../jobs/loadProbe';
import { bigRunSession, LONG_RUN_STEPS, measureCalls, SPIKE_KL, SPIKE_STEP } from './bigRunLoad';

// Speed is measured in `npm run bench -- apiLatency`; the limit here only catches a history scan (seconds per call) on any machine.
const LOAD_PROOF_LIMIT_MS = 10_000;

const cleanups: Cleanups = [];
let session: Awaited<ReturnType<typeof bigRunSession>>;
beforeAll(async () => {
  session = await bigRunSession(cleanups);
}, 240_000);
afterAll(() => cleanUp(cleanups), 60_000);

function expectSeriesOfLongRun(points: MetricPoint[], maxPoints: number): void {
  expect(points.length).toBeLessThanOrEqual(maxPoints);
  expect(points.find((point) => point.values.kl === SPIKE_KL)?.step).toBe(SPIKE_STEP);
  expect(points[points.length - 1].step).toBe(LONG_RUN_STEPS);
  expect(points.every((point, i) => i === 0 || point.step > points[i - 1].step)).toBe(true);
}

describe('summaries with a 1,000,000-step run stored and training going on', () => {
  it('list the long run from its stored summary and downsampled series, spike included', async () => {
    const { client, longRunId } = session;
    const snapshot = await value<ProjectSnapshot>(client, 'project:get');
    const listed = snapshot.runs.find((run) => run.id === longRunId) as RunSummary;
    expectSeriesOfLongRun(listed.metrics, RUN_SUMMARY_POINTS);
    expect(listed.metrics[0].step).toBe(1);
    expectSeriesOfLongRun((await value<RunSummary>(client, 'run:get', { runId: longRunId })).metrics, RUN_SUMMARY_POINTS);
    expectSeriesOfLongRun(await value<MetricPoint[]>(client, 'run:metrics', { runId: longRunId, maxPoints: 200 }), 200);
    const zoom = await value<MetricPoint[]>(client, 'run:metrics', { runId: longRunId, fromStep: SPIKE_STEP - 10, toStep: SPIKE_STEP + 10, maxPoints: 100 });
    expect(zoom.map((point) => point.step)).toEqual(Array.from({ length: 21 }, (_, i) => SPIKE_STEP - 10 + i));
    expect((await value<RunSummary[]>(client, 'run:list')).find((run) => run.id === session.trainingId)?.status).toBe('running');
  }, 60_000);

  it('answer every call within a load-proof limit with eight calls in flight', async () => {
    const { client, longRunId, project } = session;
    const figures = await measureCalls(client, longRunId, project.diagrams[0], 2000, 8, 2);
    for (const [channel, times] of figures.latencies) {
      expect(times.length, channel).toBeGreaterThan(0);
      expect(Math.max(...times), channel).toBeLessThan(LOAD_PROOF_LIMIT_MS);
    }
  }, 120_000);
});
