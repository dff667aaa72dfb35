import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nextEvent, openXorExample, servicesPerTest, sharedRunnerPerFile, valueOf, xorRequest } from '../helpers';

const makeServices = servicesPerTest();
const runner = sharedRunnerPerFile();

describe('saved state after runs', () => {
  it('a saved project stays saved when a run ends: the run is written into its file, not pending', async () => {
    const { services, dataDir } = makeServices({ runner: runner() });
    const example = await openXorExample(services);
    const saved = valueOf(await services.handle('project:saveAs', { path: join(dataDir, 'trained') }));
    expect(saved.dirty).toBe(false);
    const ended = nextEvent(services, 'run:ended');
    valueOf(await services.handle('run:start', xorRequest(example, { epochs: 10 })));
    const { run } = await ended;
    expect(run.status).toBe('completed');
    const after = valueOf(await services.handle('project:get', undefined));
    expect(after).toMatchObject({ path: saved.path, dirty: false });
    expect(after?.runs.map((r) => r.id)).toEqual([run.id]);
  });

  it('an untitled project counts as edited once a run ended in it, and an untouched one does not', async () => {
    const { services } = makeServices({ runner: runner() });
    const example = await openXorExample(services);
    expect(example.edited).toBe(false);
    const ended = nextEvent(services, 'run:ended');
    valueOf(await services.handle('run:start', xorRequest(example, { epochs: 5 })));
    await ended;
    expect(valueOf(await services.handle('project:get', undefined))).toMatchObject({ path: null, edited: true });
  });
});
