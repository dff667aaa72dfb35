/**
 * The API with a 1,000,000-step run stored and a training job going on, for the summaries test (which checks answers and
 * what they hold) and for `npm run bench -- apiLatency` (which prints how fast). The long run is written straight through
 * the store; calls go over the WebSocket bridge, one at a time and then eight in flight. No vitest here, so the bench can run it.
 */
import { join } from 'node:path';
import type { ProjectSnapshot, RunSummary } from '../../../main/api/contract';
import { loadExample } from '../../../projects/examples';
import { createProject } from '../../../projects/storage/openProject';
import type { StoredMetric, StoredRun } from '../../../projects/types';
import { scratch, startSession, value, type Cleanups, type LoadFigures } from '../jobs/loadProbe';
import { mainThreadRunQueueMs, watchLongTasks } from '../jobs/schedstat';
import type { TestClient } from '../web/wsClient';

/** Steps of the stored long run, and where its one spike is. */
export const LONG_RUN_STEPS = 1_000_000;
export const SPIKE_STEP = 612_345;
export const SPIKE_KL = 99;

/** The XOR example with a completed run of `steps` steps (KL falling, one spike) and its last checkpoint. */
export async function longRunProject(path: string, steps: number): Promise<{ diagramId: string; datasetId: string; runId: string }> {
  const example = await loadExample('xor-boltzmann');
  if (!example) throw new Error('the xor-boltzmann example is missing');
  const store = await createProject(path, 'Long run');
  try {
    for (const diagram of example.diagrams) await store.putDiagram(diagram);
    for (const dataset of example.datasets) await store.putDataset(dataset);
    const [diagram] = example.diagrams;
    const run: StoredRun = {
      id: 'long-run', kind: 'train', diagramId: diagram.id, datasetId: example.datasets[0].id, algorithm: 'boltzmann-exact', config: {}, seed: 1,
      backend: 'cpu', status: 'running', startedAt: Date.now(), totalSteps: steps, lastStep: 0, activeSeconds: 0,
    };
    const batch = 50_000;
    for (let start = 1; start <= steps; start += batch) {
      const metrics: StoredMetric[] = [];
      for (let step = start; step < Math.min(steps + 1, start + batch); step++) {
        metrics.push({ step, values: { kl: step === SPIKE_STEP ? SPIKE_KL : 0.03 + 0.7 / (1 + step / 1000), logLikelihood: -2.1 - 0.5 / step } });
      }
      await store.saveProgress({ run: { ...run, lastStep: metrics[metrics.length - 1].step }, metrics });
    }
    await store.putRun({ ...run, status: 'completed', lastStep: steps, endedAt: Date.now() });
    return { diagramId: diagram.id, datasetId: example.datasets[0].id, runId: run.id };
  } finally {
    await store.close();
  }
}

/** A session over the bridge with the long-run project open and an XOR training (a checkpoint every epoch) past step 100. */
export async function bigRunSession(cleanups: Cleanups, steps = LONG_RUN_STEPS) {
  const dataDir = scratch('bigrun', cleanups);
  const path = join(dataDir, 'long.attractor');
  const t0 = performance.now();
  const ids = await longRunProject(path, steps);
  const insertSeconds = (performance.now() - t0) / 1000;
  const { client } = await startSession(cleanups, dataDir);
  const project = await value<ProjectSnapshot>(client, 'project:open', { path });
  const training = await value<RunSummary>(client, 'run:start', {
    diagramId: ids.diagramId, datasetId: ids.datasetId, algorithm: 'boltzmann-exact', epochs: 1_000_000, seed: 1, config: { checkpointEvery: 1 },
  });
  for (;;) {
    const progress = (await client.nextEvent('run:progress', 60_000)) as { runId: string; step: number };
    if (progress.runId === training.id && progress.step >= 100) break;
  }
  return { client, project, longRunId: ids.runId, trainingId: training.id, insertSeconds };
}

/** The calls measured: every listing, the long run's summary and its series (whole, and a zoomed range), and a write. */
function calls(longRunId: string, diagram: ProjectSnapshot['diagrams'][number]): [string, () => unknown][] {
  let edit = 0;
  return [
    ['project:get', () => undefined],
    ['run:list', () => undefined],
    ['run:get', () => ({ runId: longRunId })],
    ['run:metrics', () => ({ runId: longRunId, maxPoints: 1000 })],
    ['run:metrics zoom', () => ({ runId: longRunId, fromStep: 600_000, toStep: 620_000, maxPoints: 500 })],
    ['run:checkpoints', () => ({ runId: longRunId })],
    ['dataset:list', () => undefined],
    ['output:list', () => ({})],
    ['diagram:put', () => ({ diagram: { ...diagram, name: `renamed ${++edit}` } })],
  ];
}

/**
 * Calls every channel in turn for `ms` (and at least `rounds` times each) with `inFlight` calls outstanding; with one in
 * flight, times are round trips minus the main thread's run-queue wait (schedstat.ts), the part the OS, not our code, kept
 * a call waiting. Throws naming the first call that fails.
 */
export async function measureCalls(
  client: TestClient,
  longRunId: string,
  diagram: ProjectSnapshot['diagrams'][number],
  ms: number,
  inFlight = 1,
  rounds = 3,
): Promise<LoadFigures> {
  const list = calls(longRunId, diagram);
  const latencies = new Map(list.map(([channel]) => [channel, [] as number[]]));
  const stop = watchLongTasks();
  const until = performance.now() + ms;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < until || next < rounds * list.length) {
      const [name, arg] = list[next++ % list.length];
      const sent = performance.now();
      const waitBefore = mainThreadRunQueueMs() ?? 0;
      const result = await client.call(name.split(' ')[0], arg());
      const osWait = inFlight === 1 ? (mainThreadRunQueueMs() ?? 0) - waitBefore : 0;
      latencies.get(name)?.push(performance.now() - sent - osWait);
      if (!result.ok) throw new Error(`${name} failed under load: ${result.error.message}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { latencies, longestTaskMs: stop().longestTaskMs };
}
