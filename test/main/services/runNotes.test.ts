import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProjectSnapshot, RunSummary } from '../../../main/api/contract';
import { ApiEventBus } from '../../../main/services/eventBus';
import { SingleProjectHost } from '../../../main/services/runHost';
import { RunService } from '../../../main/services/runService';
import { ServiceError } from '../../../main/services/errors';
import { openProject } from '../../../projects/storage/openProject';
import { errorOf, nextEvent, openXorExample, servicesPerTest, sharedRunnerPerFile, valueOf, xorRequest } from '../helpers';

const makeServices = servicesPerTest();
const runner = sharedRunnerPerFile();

describe('run notes', () => {
  it('sets a note on a finished run: dirty project, listed, kept by Save As and reopening, cleared with an empty note', async () => {
    const { services, dataDir } = makeServices({ runner: runner() });
    const example = await openXorExample(services);
    const ended = nextEvent(services, 'run:ended');
    valueOf(await services.handle('run:start', xorRequest(example, { epochs: 20 })));
    const { run } = await ended;
    const saved = valueOf(await services.handle('project:saveAs', { path: join(dataDir, 'noted') }));
    expect(saved.dirty).toBe(false);

    const changed = nextEvent(services, 'project:changed');
    const note = 'lr 0.2 — converges ✓\nnext: try 0.05';
    const noted = valueOf(await services.handle('run:setNote', { runId: run.id, note }));
    expect(noted).toMatchObject({ id: run.id, status: 'completed', note, lastStep: 20 });
    expect(noted.metrics).toHaveLength(20);
    expect((await changed).dirty).toBe(true);
    expect(valueOf(await services.handle('run:list', undefined))[0].note).toBe(note);

    valueOf(await services.handle('project:save', undefined));
    valueOf(await services.handle('project:close', undefined));
    const reopened = valueOf(await services.handle('project:open', { path: saved.path as string })) as ProjectSnapshot;
    expect(reopened.runs.find((r) => r.id === run.id)?.note).toBe(note);

    const cleared = valueOf(await services.handle('run:setNote', { runId: run.id, note: '' }));
    expect(cleared.note).toBeUndefined();
  });

  it('notes a running run without its progress writes undoing the note', async () => {
    const { services } = makeServices({ runner: runner() });
    const example = await openXorExample(services);
    const started = valueOf(await services.handle('run:start', xorRequest(example, { epochs: 1_000_000 })));
    await nextEvent(services, 'run:progress', (p) => p.step >= 5);
    const noted = valueOf(await services.handle('run:setNote', { runId: started.id, note: 'live' }));
    expect(noted).toMatchObject({ status: 'running', note: 'live' });
    await nextEvent(services, 'run:progress', (p) => p.step >= noted.lastStep + 50);
    const ended = nextEvent(services, 'run:ended');
    valueOf(await services.handle('run:cancel', { runId: started.id }));
    expect((await ended).run).toMatchObject({ status: 'cancelled', note: 'live' });
    expect(valueOf(await services.handle('run:get', { runId: started.id })).note).toBe('live');
  });

  it('refuses an unknown run, a missing note and an over-long one', async () => {
    const { services } = makeServices({ runner: runner() });
    await openXorExample(services);
    expect(errorOf(await services.handle('run:setNote', { runId: 'run-nope', note: 'x' })).code).toBe('not-found');
    expect(errorOf(await services.handle('run:setNote', { runId: 'run-nope' } as never)).message).toContain('note: string');
    const long = errorOf(await services.handle('run:setNote', { runId: 'run-nope', note: 'x'.repeat(20_001) }));
    expect(long).toMatchObject({ code: 'invalid-argument' });
    expect(long.message).toContain('20000');
  });

  it('is refused on a project open read-only', async () => {
    const { services, dataDir } = makeServices({ runner: runner() });
    const example = await openXorExample(services);
    const ended = nextEvent(services, 'run:ended');
    valueOf(await services.handle('run:start', xorRequest(example, { epochs: 5 })));
    const { run } = await ended;
    const path = valueOf(await services.handle('project:saveAs', { path: join(dataDir, 'reader') })).path as string;
    valueOf(await services.handle('project:close', undefined));

    const host = new SingleProjectHost(await openProject(path, { readOnly: true }));
    const runs = new RunService({ host, runner: runner(), events: new ApiEventBus(), backendName: async () => 'wasm' });
    try {
      const refused = await runs.setNote(run.id, 'nope').then((r: RunSummary) => r, (e: unknown) => e);
      expect(refused).toBeInstanceOf(ServiceError);
      expect((refused as ServiceError).message).toMatch(/read-only.*Save As/);
      expect((await runs.get(run.id)).note).toBeUndefined();
    } finally {
      await host.close();
    }
  });
});
