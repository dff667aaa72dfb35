import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProjectSnapshot } from '../../../main/api/contract';
import type { ProjectDialogs } from '../../../main/services/projectSession';
import { openProject } from '../../../projects/storage/openProject';
import { errorOf, makeServices, nextEvent, openXorExample, tempDir, valueOf } from '../helpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setup(overrides: Parameters<typeof makeServices>[0] = {}) {
  const made = makeServices(overrides);
  cleanups.push(made.cleanup);
  return made;
}

function scratchFiles(dataDir: string): string[] {
  const folder = join(dataDir, 'scratch');
  return existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.attractor')) : [];
}

describe('project session', () => {
  it('keeps an untitled project in a scratch file and refuses Save without a location', async () => {
    const { services, dataDir } = setup();
    const snapshot = valueOf(await services.handle('project:new', undefined));
    expect(snapshot).toMatchObject({ path: null, name: 'Untitled', dirty: true, readOnly: false });
    expect(snapshot.diagrams).toHaveLength(1);
    expect(scratchFiles(dataDir)).toHaveLength(1);
    const error = errorOf(await services.handle('project:save', undefined));
    expect(error.code).toBe('invalid-argument');
    expect(error.message).toMatch(/Save As/);
  });

  it('opens the XOR example with its diagram and dataset', async () => {
    const { services } = setup();
    const snapshot = await openXorExample(services);
    expect(snapshot.name).toBe('XOR Boltzmann machine');
    expect(snapshot.diagrams[0].nodes).toHaveLength(7);
    expect(snapshot.diagrams[0].edges).toHaveLength(21);
    expect(snapshot.datasets[0]).toMatchObject({ width: 3, rowCount: 4, preview: ['000', '110', '011', '101'] });
    expect(valueOf(await services.handle('example:list', undefined)).map((e) => e.id)).toContain('xor-boltzmann');
    expect(errorOf(await services.handle('project:openExample', { exampleId: 'nope' })).code).toBe('not-found');
  });

  it('Save As adds the extension, switches to the file, deletes the scratch file and restores everything on reopen', async () => {
    const { services, dataDir } = setup();
    const example = await openXorExample(services);
    const changed = nextEvent(services, 'project:changed', (s) => s.path !== null);
    const saved = valueOf(await services.handle('project:saveAs', { path: join(dataDir, 'my-xor') }));
    expect(saved.path).toBe(join(dataDir, 'my-xor.attractor'));
    expect(saved).toMatchObject({ name: 'my-xor', dirty: false });
    expect((await changed).path).toBe(saved.path);
    expect(scratchFiles(dataDir)).toHaveLength(0);

    const moved = { ...example.diagrams[0], nodes: example.diagrams[0].nodes.map((n) => ({ ...n, position: { x: n.position.x + 5, y: 0 } })) };
    const dirtied = nextEvent(services, 'project:changed', (s) => s.dirty);
    valueOf(await services.handle('diagram:put', { diagram: moved }));
    expect((await dirtied).dirty).toBe(true);
    expect(valueOf(await services.handle('project:save', undefined)).dirty).toBe(false);

    valueOf(await services.handle('project:close', undefined));
    expect(valueOf(await services.handle('project:get', undefined))).toBeNull();
    const reopened = valueOf(await services.handle('project:open', { path: saved.path as string }));
    expect(reopened.diagrams).toEqual([moved]);
    expect(reopened.datasets).toEqual(example.datasets);
    expect(valueOf(await services.handle('project:recent', undefined))[0]).toBe(saved.path);
  });

  it('maps refused files to actionable errors and drops missing files from the recent list', async () => {
    const { services, dataDir } = setup();
    const missing = join(dataDir, 'gone.attractor');
    const notFound = errorOf(await services.handle('project:open', { path: missing }));
    expect(notFound.code).toBe('not-found');
    expect(notFound.message).toContain('gone.attractor');

    await openXorExample(services);
    const shared = valueOf(await services.handle('project:saveAs', { path: join(dataDir, 'shared') })).path as string;
    const other = setup();
    const locked = errorOf(await other.services.handle('project:open', { path: shared }));
    expect(locked.code).toBe('project-refused');
    expect(locked.message).toContain('shared.attractor');

    const foreign = join(dataDir, 'notes.attractor');
    writeFileSync(foreign, 'just some text, not a database\n'.repeat(10));
    const refused = errorOf(await services.handle('project:open', { path: foreign }));
    expect(refused.code).toBe('project-refused');
    expect(refused.message).toMatch(/Attractor Studio/);
  });

  it('reports a Save As into a missing folder as an io error and keeps the project open', async () => {
    const { services, dataDir } = setup();
    await openXorExample(services);
    const error = errorOf(await services.handle('project:saveAs', { path: join(dataDir, 'no', 'such', 'folder', 'x') }));
    expect(error.code).toBe('io');
    expect(error.message).toContain(join(dataDir, 'no', 'such', 'folder', 'x.attractor'));
    expect(valueOf(await services.handle('project:get', undefined))).toMatchObject({ path: null, name: 'XOR Boltzmann machine' });
  });

  it('refuses a typed Save As onto an existing file until overwrite is confirmed, leaving that file untouched', async () => {
    const { services, dataDir } = setup();
    await openXorExample(services);
    const target = join(dataDir, 'taken.attractor');
    writeFileSync(target, 'my notes');
    const error = errorOf(await services.handle('project:saveAs', { path: target }));
    expect(error.code).toBe('exists');
    expect(error.message).toContain(target);
    expect(readFileSync(target, 'utf8')).toBe('my notes');
    const saved = valueOf(await services.handle('project:saveAs', { path: target, overwrite: true }));
    expect(saved.path).toBe(target);
    expect(readFileSync(target).subarray(0, 15).toString()).toBe('SQLite format 3');
  });

  it('keeps the recent list most-recent-first with at most 10 entries', async () => {
    const { services, dataDir } = setup();
    await openXorExample(services);
    const paths: string[] = [];
    for (let i = 0; i < 12; i++) {
      const saved = valueOf(await services.handle('project:saveAs', { path: join(dataDir, `p${i}.attractor`) }));
      paths.push(saved.path as string);
    }
    const recent = valueOf(await services.handle('project:recent', undefined));
    expect(recent).toEqual(paths.slice(2).reverse());
    valueOf(await services.handle('project:open', { path: paths[5] }));
    expect(valueOf(await services.handle('project:recent', undefined))[0]).toBe(paths[5]);
  });

  it('needs a path in browser mode and uses the injected dialogs in Electron mode', async () => {
    const { services } = setup();
    await openXorExample(services);
    expect(errorOf(await services.handle('project:saveAs', {})).code).toBe('invalid-argument');
    expect(errorOf(await services.handle('project:open', {})).code).toBe('invalid-argument');

    const target = tempDir('dialog');
    cleanups.push(target.cleanup);
    let answer: string | undefined = join(target.dir, 'chosen');
    const asked: string[] = [];
    const dialogs: ProjectDialogs = {
      chooseProjectToOpen: async () => answer,
      chooseSaveLocation: async (name) => {
        asked.push(name);
        return answer;
      },
    };
    const electron = setup({ mode: 'electron', dialogs });
    await openXorExample(electron.services);
    const saved = valueOf(await electron.services.handle('project:saveAs', {}));
    expect(asked).toEqual(['XOR Boltzmann machine']);
    expect(saved.path).toBe(join(target.dir, 'chosen.attractor'));
    answer = undefined;
    expect(errorOf(await electron.services.handle('project:open', {})).code).toBe('cancelled');
    expect(valueOf(await electron.services.handle('project:get', undefined))?.path).toBe(saved.path);
  });

  it('validates diagrams on put and names the JSON path of each problem', async () => {
    const { services } = setup();
    const example = await openXorExample(services);
    const broken = { ...example.diagrams[0], nodes: [{ ...example.diagrams[0].nodes[0], kind: 'layer', size: -3 }] };
    const error = errorOf(await services.handle('diagram:put', { diagram: broken as never }));
    expect(error.code).toBe('invalid-diagram');
    expect(error.message).toContain('$.nodes[0]');
    const unchanged = valueOf(await services.handle('project:get', undefined)) as ProjectSnapshot;
    expect(unchanged.diagrams).toEqual(example.diagrams);
    expect(errorOf(await services.handle('diagram:delete', { diagramId: 'nope' })).code).toBe('not-found');
    valueOf(await services.handle('diagram:delete', { diagramId: example.diagrams[0].id }));
    expect(valueOf(await services.handle('project:get', undefined))?.diagrams).toEqual([]);
  });

  it('answers calls without a project with no-project, and unknown channels with invalid-argument', async () => {
    const { services } = setup();
    expect(errorOf(await services.handle('run:list', undefined)).code).toBe('no-project');
    expect(errorOf(await services.handle('project:save', undefined)).code).toBe('no-project');
    expect(errorOf(await services.handle('nope:never' as never, undefined as never)).code).toBe('invalid-argument');
  });

  it('marks runs left running by a killed process as interrupted when the file is opened', async () => {
    const { services, dataDir } = setup();
    await openXorExample(services);
    const path = valueOf(await services.handle('project:saveAs', { path: join(dataDir, 'crashed') })).path as string;
    valueOf(await services.handle('project:close', undefined));
    const store = await openProject(path);
    await store.putRun({
      id: 'run-killed', kind: 'train', diagramId: 'xor-boltzmann', datasetId: 'xor', algorithm: 'boltzmann-exact', config: {}, seed: 1,
      backend: 'cpu', status: 'running', startedAt: Date.now(), totalSteps: 100, lastStep: 40, activeSeconds: 2,
    });
    await store.close();
    const reopened = valueOf(await services.handle('project:open', { path }));
    expect(reopened.runs.map((r) => [r.id, r.status])).toEqual([['run-killed', 'interrupted']]);
  });
});
