import { afterAll, describe, expect, it } from 'vitest';
import { JobRunner } from '../../../main/jobs/jobRunner';
import { nextEvent, openXorExample, servicesPerTest, valueOf, xorRequest } from '../helpers';

// run:pause, run:resume and run:cancel reply with the state after the action, not the one before it.

const makeServices = servicesPerTest();
// One worker: a second run waits in the queue, so pausing a queued run can be tested.
const runner = new JobRunner({ maxConcurrent: 1 });
afterAll(() => runner.dispose());
const setup = () => makeServices({ runner, progressIntervalMs: 20 });

describe('replies of run:pause, run:resume and run:cancel', () => {
  it('a running run: pause replies paused (and it holds), resume replies running, cancel replies once it is cancelled', async () => {
    const { services } = setup();
    const example = await openXorExample(services);
    const run = valueOf(await services.handle('run:start', xorRequest(example, { epochs: 1_000_000 })));
    await nextEvent(services, 'run:progress', (p) => p.runId === run.id && p.step >= 5);

    const paused = valueOf(await services.handle('run:pause', { runId: run.id }));
    expect(paused.status).toBe('paused');
    // It holds at the step the reply gave: no step after the reply.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(valueOf(await services.handle('run:get', { runId: run.id }))).toMatchObject({ status: 'paused', lastStep: paused.lastStep });
    expect(valueOf(await services.handle('run:pause', { runId: run.id })).status).toBe('paused');

    const resumed = valueOf(await services.handle('run:resume', { runId: run.id }));
    expect(resumed.status).toBe('running');
    await nextEvent(services, 'run:progress', (p) => p.runId === run.id && p.step > paused.lastStep);
    expect(valueOf(await services.handle('run:get', { runId: run.id })).status).toBe('running');

    valueOf(await services.handle('run:cancel', { runId: run.id }));
    expect(valueOf(await services.handle('run:get', { runId: run.id })).status).toBe('cancelled');
  });

  it('a queued run: pause replies paused, resume queued; cancelling a paused run replies once it is cancelled', async () => {
    const { services } = setup();
    const example = await openXorExample(services);
    const first = valueOf(await services.handle('run:start', xorRequest(example, { epochs: 1_000_000 })));
    const second = valueOf(await services.handle('run:start', xorRequest(example, { epochs: 1_000_000, seed: 8 })));
    expect(second.status).toBe('queued');
    expect(valueOf(await services.handle('run:pause', { runId: second.id })).status).toBe('paused');
    expect(valueOf(await services.handle('run:get', { runId: second.id })).status).toBe('paused');
    expect(valueOf(await services.handle('run:resume', { runId: second.id })).status).toBe('queued');
    valueOf(await services.handle('run:cancel', { runId: second.id }));
    expect(valueOf(await services.handle('run:get', { runId: second.id })).status).toBe('cancelled');

    await nextEvent(services, 'run:progress', (p) => p.runId === first.id);
    expect(valueOf(await services.handle('run:pause', { runId: first.id })).status).toBe('paused');
    valueOf(await services.handle('run:cancel', { runId: first.id }));
    expect(valueOf(await services.handle('run:get', { runId: first.id })).status).toBe('cancelled');
  });
});
