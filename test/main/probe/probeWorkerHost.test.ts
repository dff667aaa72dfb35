import { afterEach, describe, expect, it } from 'vitest';
import { ProbeWorker } from '../../../main/probe/probeWorkerHost';
import { ServiceError } from '../../../main/services/errors';

const workerUrl = new URL('./fakeProbeWorker.mjs', import.meta.url);
const workers: ProbeWorker[] = [];
afterEach(async () => {
  for (const worker of workers.splice(0)) await worker.dispose();
});
const make = () => {
  const worker = new ProbeWorker({ workerUrl });
  workers.push(worker);
  return worker;
};
const run = (worker: ProbeWorker, job: object) => worker.run(job as never) as Promise<unknown>;

describe('ProbeWorker', () => {
  it('answers requests in order, each with its own reply', async () => {
    const worker = make();
    const answers = await Promise.all([run(worker, { kind: 'echo', value: 1, delayMs: 30 }), run(worker, { kind: 'echo', value: 2 })]);
    expect(answers).toEqual([{ echo: 1 }, { echo: 2 }]);
  });

  it("turns a worker's refusal into a ServiceError with its code", async () => {
    const error = await run(make(), { kind: 'fail' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ code: 'invalid-argument', message: 'refused by the worker' });
  });

  it('fails the probes of a worker that died and starts a new one for the next probe', async () => {
    const worker = make();
    const waiting = run(worker, { kind: 'echo', value: 'queued', delayMs: 200 });
    const error = await run(worker, { kind: 'exit' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'internal', message: expect.stringMatching(/stopped unexpectedly \(exit code 3\)/) });
    await expect(waiting).rejects.toMatchObject({ code: 'internal' });
    expect(await run(worker, { kind: 'echo', value: 'again' })).toEqual({ echo: 'again' });
  });

  it('refuses probes once disposed and fails those still running', async () => {
    const worker = make();
    const running = run(worker, { kind: 'echo', value: 1, delayMs: 5000 }).catch((e: unknown) => e);
    await worker.dispose();
    expect(await running).toMatchObject({ code: 'cancelled' });
    await expect(run(worker, { kind: 'echo', value: 2 })).rejects.toMatchObject({ code: 'cancelled' });
  });
});
