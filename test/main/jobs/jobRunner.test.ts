import { availableParallelism } from 'node:os';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { JobRunner } from '../../../main/jobs/jobRunner';
import type { FromWorker, ProgressStep, TrainJobSpec } from '../../../main/jobs/messages';
import { loadExample } from '../../../projects/examples/index';

const example = await loadExample('xor-boltzmann');
if (!example) throw new Error('the XOR example is missing');

/** A training job of the XOR example; the dataset is copied because the runner transfers its buffer to the worker. */
function xorJob(overrides: Partial<TrainJobSpec> = {}): TrainJobSpec {
  const dataset = example!.datasets[0];
  return {
    kind: 'train',
    diagram: example!.diagrams[0],
    dataset: { ...dataset, bits: dataset.bits.slice() },
    algorithm: 'boltzmann-exact',
    totalSteps: 120,
    startStep: 0,
    seed: 3,
    config: {},
    checkpointEvery: 50,
    ...overrides,
  };
}

// Two runners shared by the tests (their idle workers are reused: loading TensorFlow.js in a worker takes seconds).
const shared = new Map<number, JobRunner>();
const extra: JobRunner[] = [];
afterEach(async () => {
  for (const runner of extra.splice(0)) await runner.dispose();
});
afterAll(async () => {
  for (const runner of shared.values()) await runner.dispose();
});

function makeRunner(maxConcurrent = 2): JobRunner {
  let runner = shared.get(maxConcurrent);
  if (!runner) shared.set(maxConcurrent, (runner = new JobRunner({ maxConcurrent })));
  expect([runner.runningCount, runner.queuedCount]).toEqual([0, 0]);
  return runner;
}

/** Every step reported in the messages, in order. */
const stepsOf = (messages: FromWorker[]): ProgressStep[] => messages.flatMap((m) => (m.type === 'progress' ? m.steps : []));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `done()` holds; fails after `timeoutMs` (generous: CI machines are slow and loaded). */
async function until(done: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(5);
  }
}

describe('JobRunner', () => {
  it('runs a job in a worker: started, one progress message per step, parameters on checkpoint steps and at the end', async () => {
    const runner = makeRunner();
    expect(new JobRunner().maxConcurrent).toBe(availableParallelism());
    const idleBefore = runner.idleCount;
    const messages: FromWorker[] = [];
    const end = await runner.submit(xorJob(), (m) => messages.push(m)).finished;
    expect(messages[0]).toMatchObject({ type: 'started' });
    const epochs = stepsOf(messages);
    expect(epochs.map((m) => m.step)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(epochs.filter((m) => m.parameters).map((m) => m.step)).toEqual([50, 100]);
    // Fast steps arrive batched: far fewer messages than steps.
    expect(messages.filter((m) => m.type === 'progress').length).toBeLessThan(120);
    expect(end.type).toBe('done');
    expect(messages[messages.length - 1]).toBe(end);
    if (end.type !== 'done' || !end.parameters) throw new Error('training ends with parameters');
    expect(Object.keys(end.parameters.weights)).toHaveLength(21);
    expect(Object.values(end.parameters.weights).every((w) => w instanceof Float32Array && w.length === 1)).toBe(true);
    expect(Object.keys(end.parameters.biases)).toHaveLength(7);
    // The worker waits for the next job rather than exiting.
    expect(runner.idleCount).toBe(Math.max(1, idleBefore));
  });

  it('stops its idle workers when disposed', async () => {
    const runner = new JobRunner({ maxConcurrent: 1 });
    extra.push(runner);
    expect(await runner.submit(xorJob({ totalSteps: 3 }), () => {}).finished).toMatchObject({ type: 'done' });
    expect(runner.idleCount).toBe(1);
    await runner.dispose();
    expect(runner.idleCount).toBe(0);
  });

  it('is reproducible: the same seed gives the same parameters', async () => {
    const runner = makeRunner();
    const [a, b] = await Promise.all([runner.submit(xorJob(), () => {}).finished, runner.submit(xorJob(), () => {}).finished]);
    if (a.type !== 'done' || b.type !== 'done') throw new Error('both jobs should finish');
    expect(a.parameters).toEqual(b.parameters);
  });

  it('runs at most maxConcurrent jobs at once and starts queued jobs in order', async () => {
    const runner = makeRunner(1);
    const log: string[] = [];
    const track = (name: string) => (m: FromWorker) => {
      if (m.type !== 'progress') log.push(`${name}:${m.type}`);
    };
    const first = runner.submit(xorJob({ totalSteps: 30 }), track('a'));
    const second = runner.submit(xorJob({ totalSteps: 30 }), track('b'));
    expect([runner.runningCount, runner.queuedCount]).toEqual([1, 1]);
    await Promise.all([first.finished, second.finished]);
    expect(log).toEqual(['a:started', 'a:done', 'b:started', 'b:done']);
  });

  it('cancels a queued job at once and a running one at its next epoch, with the last good parameters', async () => {
    const runner = makeRunner(1);
    let step = 0;
    const running = runner.submit(xorJob({ totalSteps: 1_000_000 }), (m) => {
      if (m.type === 'progress') step = m.steps[m.steps.length - 1].step;
    });
    const queued = runner.submit(xorJob(), () => {});
    queued.cancel();
    expect(await queued.finished).toMatchObject({ type: 'error', code: 'cancelled' });
    await until(() => step >= 5, 'five epochs ran');
    const cancelledAt = performance.now();
    running.cancel();
    const end = await running.finished;
    // Long before the 1,000,000 epochs would end; generous enough for a loaded machine.
    expect(performance.now() - cancelledAt).toBeLessThan(10_000);
    expect(end).toMatchObject({ type: 'error', code: 'cancelled' });
    if (end.type === 'error') expect(Object.keys(end.lastGood?.weights ?? {})).toHaveLength(21);
  });

  it('pauses after the current step (acknowledged with paused, no step after it) and resumes (acknowledged with resumed)', async () => {
    const runner = makeRunner();
    const log: FromWorker[] = [];
    const job = runner.submit(xorJob({ totalSteps: 1_000_000 }), (m) => log.push(m));
    const steps = () => stepsOf(log).length;
    await until(() => steps() >= 5, 'five epochs ran');
    job.pause();
    await until(() => log.some((m) => m.type === 'paused'), 'the worker acknowledged the pause');
    const pausedAt = steps();
    expect(log[log.length - 1].type).toBe('paused');
    await sleep(300);
    expect(steps()).toBe(pausedAt);
    job.resume();
    await until(() => steps() > pausedAt, 'an epoch ran after resume');
    expect(log.slice(log.findIndex((m) => m.type === 'paused') + 1)[0]).toMatchObject({ type: 'resumed' });
    job.cancel();
    expect(await job.finished).toMatchObject({ code: 'cancelled' });
  });

  it('holds a job paused while queued before its first step', async () => {
    const runner = makeRunner(1);
    const log: FromWorker[] = [];
    const blocker = runner.submit(xorJob({ totalSteps: 20 }), () => {});
    const job = runner.submit(xorJob({ totalSteps: 1_000_000 }), (m) => log.push(m));
    job.pause();
    await blocker.finished;
    await until(() => log.some((m) => m.type === 'paused'), 'the queued job started paused');
    await sleep(200);
    expect(log.map((m) => m.type)).toEqual(['started', 'paused']);
    job.cancel();
    expect(await job.finished).toMatchObject({ code: 'cancelled' });
  });

  it('continues from a checkpoint step to the same parameters as an uninterrupted run (exact Boltzmann learning is deterministic)', async () => {
    const runner = makeRunner();
    const checkpoints: Record<number, ProgressStep> = {};
    const full = await runner.submit(xorJob({ totalSteps: 90, checkpointEvery: 30 }), (m) => {
      for (const step of m.type === 'progress' ? m.steps : []) if (step.parameters) checkpoints[step.step] = step;
    }).finished;
    expect(Object.keys(checkpoints).map(Number)).toEqual([30, 60]);
    const steps: number[] = [];
    const continued = await runner.submit(xorJob({ totalSteps: 90, checkpointEvery: 30, startStep: 60, initial: checkpoints[60].parameters }), (m) => {
      if (m.type === 'progress') steps.push(...m.steps.map((s) => s.step));
    }).finished;
    expect(steps).toEqual(Array.from({ length: 30 }, (_, i) => 61 + i));
    if (full.type !== 'done' || continued.type !== 'done') throw new Error('both jobs should finish');
    for (const [key, values] of Object.entries(full.parameters!.weights)) {
      const other = continued.parameters!.weights[key];
      values.forEach((w, i) => expect(other[i]).toBeCloseTo(w, 5));
    }
  });

  it('reports a crash of the worker script as an internal error', async () => {
    const runner = new JobRunner({ workerUrl: new URL('file:///nonexistent/attractor/jobWorker.js') });
    extra.push(runner);
    const end = await runner.submit(xorJob(), () => {}).finished;
    expect(end).toMatchObject({ type: 'error', code: 'internal' });
    if (end.type === 'error') expect(end.message).toMatch(/job worker/);
  });
});
