import { availableParallelism } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { JobRunner } from '../../../main/jobs/jobRunner';
import type { FromWorker, TrainJob } from '../../../main/jobs/messages';
import { loadExample } from '../../../projects/examples/index';

const example = loadExample('xor-boltzmann');
if (!example) throw new Error('the XOR example is missing');

function xorJob(overrides: Partial<TrainJob> = {}): TrainJob {
  return {
    diagram: example!.diagrams[0],
    dataset: example!.datasets[0],
    algorithm: 'boltzmann-exact',
    epochs: 120,
    seed: 3,
    config: {},
    checkpointEvery: 50,
    ...overrides,
  };
}

const runners: JobRunner[] = [];
afterEach(async () => {
  for (const runner of runners.splice(0)) await runner.dispose();
});

function makeRunner(maxConcurrent?: number): JobRunner {
  const runner = new JobRunner({ maxConcurrent });
  runners.push(runner);
  return runner;
}

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
  it('runs a job in a worker: started, one epoch message per step, parameters on checkpoint steps and at the end', async () => {
    const runner = makeRunner();
    expect(new JobRunner().maxConcurrent).toBe(availableParallelism());
    const messages: FromWorker[] = [];
    const end = await runner.submit(xorJob(), (m) => messages.push(m)).finished;
    expect(messages[0]).toMatchObject({ type: 'started' });
    const epochs = messages.filter((m) => m.type === 'epoch');
    expect(epochs.map((m) => m.step)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(epochs.filter((m) => m.parameters).map((m) => m.step)).toEqual([50, 100]);
    expect(end.type).toBe('done');
    expect(messages[messages.length - 1]).toBe(end);
    if (end.type !== 'done') return;
    expect(Object.keys(end.parameters.weights)).toHaveLength(21);
    expect(Object.values(end.parameters.weights).every((w) => w instanceof Float32Array && w.length === 1)).toBe(true);
    expect(Object.keys(end.parameters.biases)).toHaveLength(7);
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
      if (m.type !== 'epoch') log.push(`${name}:${m.type}`);
    };
    const first = runner.submit(xorJob({ epochs: 30 }), track('a'));
    const second = runner.submit(xorJob({ epochs: 30 }), track('b'));
    expect([runner.runningCount, runner.queuedCount]).toEqual([1, 1]);
    await Promise.all([first.finished, second.finished]);
    expect(log).toEqual(['a:started', 'a:done', 'b:started', 'b:done']);
  });

  it('cancels a queued job at once and a running one at its next epoch, with the last good parameters', async () => {
    const runner = makeRunner(1);
    let step = 0;
    const running = runner.submit(xorJob({ epochs: 1_000_000 }), (m) => {
      if (m.type === 'epoch') step = m.step;
    });
    const queued = runner.submit(xorJob(), () => {});
    queued.cancel();
    expect(await queued.finished).toMatchObject({ type: 'error', code: 'cancelled' });
    await until(() => step >= 5, 'five epochs ran');
    const cancelledAt = performance.now();
    running.cancel();
    const end = await running.finished;
    expect(performance.now() - cancelledAt).toBeLessThan(1000);
    expect(end).toMatchObject({ type: 'error', code: 'cancelled' });
    if (end.type === 'error') expect(Object.keys(end.lastGood?.weights ?? {})).toHaveLength(21);
  });

  it('pauses after the current epoch and resumes', async () => {
    const runner = makeRunner();
    let step = 0;
    const job = runner.submit(xorJob({ epochs: 1_000_000 }), (m) => {
      if (m.type === 'epoch') step = m.step;
    });
    await until(() => step >= 5, 'five epochs ran');
    job.pause();
    // Epochs already posted may still arrive: wait until none has for 200 ms.
    let lastChange = performance.now();
    let seen = step;
    await until(() => {
      if (step !== seen) [seen, lastChange] = [step, performance.now()];
      return performance.now() - lastChange >= 200;
    }, 'the job went quiet');
    const pausedAt = step;
    await sleep(300);
    expect(step).toBe(pausedAt);
    job.resume();
    await until(() => step > pausedAt, 'an epoch ran after resume');
    expect(step).toBeGreaterThan(pausedAt);
    job.cancel();
    expect(await job.finished).toMatchObject({ code: 'cancelled' });
  });

  it('reports a crash of the worker script as an internal error', async () => {
    const runner = new JobRunner({ workerUrl: new URL('file:///nonexistent/attractor/trainWorker.js') });
    runners.push(runner);
    const end = await runner.submit(xorJob(), () => {}).finished;
    expect(end).toMatchObject({ type: 'error', code: 'internal' });
    if (end.type === 'error') expect(end.message).toMatch(/training worker/);
  });
});
