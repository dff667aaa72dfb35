import { spawn } from 'node:child_process';
import { existsSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { diagramId } from '../../../engine/diagram/ids';
import type { ProjectSnapshot } from '../../../main/api/contract';
import { createAppServices, type AppServices } from '../../../main/services/appServices';
import { createProject, openProject } from '../../../projects/storage/openProject';
import { errorOf, openXorExample, tempDir, valueOf } from '../helpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A data folder removed after the test. */
function dataFolder(): string {
  const { dir, cleanup } = tempDir('recovery');
  cleanups.push(cleanup);
  return dir;
}

/** Services on `dataDir`, disposed after the test unless the test disposes them first. */
function servicesOn(dataDir: string): AppServices {
  const services = createAppServices({ mode: 'browser', dataDir });
  cleanups.push(() => services.dispose());
  return services;
}

const scratchDir = (dataDir: string) => join(dataDir, 'scratch');
const scratchEntries = (dataDir: string): string[] => (existsSync(scratchDir(dataDir)) ? readdirSync(scratchDir(dataDir)).sort() : []);

/** Runs crashChild.ts on `dataDir` until its edit and running run are stored, then kills it with SIGKILL; returns the scratch file. */
async function crashedSession(dataDir: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'crashChild.ts'), dataDir], {
    cwd: join(import.meta.dirname, '../../..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => line === 'ready' && resolve());
      child.once('exit', (code) => reject(new Error(`crash child exited early with ${code}`)));
    });
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
  const files = scratchEntries(dataDir).filter((name) => name.endsWith('.attractor'));
  expect(files).toHaveLength(1);
  return join(scratchDir(dataDir), files[0]);
}

/** Opens the XOR example in services that then shut down (a quit without saving keeps the scratch file); returns that file. */
async function quitSession(dataDir: string): Promise<string> {
  const before = new Set(scratchEntries(dataDir));
  const services = createAppServices({ mode: 'browser', dataDir });
  await openXorExample(services);
  await services.dispose();
  const added = scratchEntries(dataDir).filter((name) => !before.has(name) && name.endsWith('.attractor'));
  expect(added).toHaveLength(1);
  return join(scratchDir(dataDir), added[0]);
}

describe('crash recovery of untitled projects', () => {
  it('lists an untitled project killed with SIGKILL and recovers it: diagram edit, interrupted run, edits into the same file', async () => {
    const dataDir = dataFolder();
    const startedAt = Date.now();
    const scratch = await crashedSession(dataDir);
    expect(existsSync(`${scratch}-lock`)).toBe(true);

    const services = servicesOn(dataDir);
    const [entry, ...others] = valueOf(await services.handle('project:listRecoverable', undefined));
    expect(others).toEqual([]);
    expect(entry).toMatchObject({ path: scratch, name: 'XOR Boltzmann machine', diagramCount: 1, runCount: 1 });
    expect(entry.modifiedAt).toBeGreaterThanOrEqual(startedAt - 2000);
    expect(entry.modifiedAt).toBeLessThanOrEqual(Date.now() + 2000);

    const recovered = valueOf(await services.handle('project:recover', { path: entry.path }));
    expect(recovered).toMatchObject({ path: null, name: 'XOR Boltzmann machine', dirty: true, readOnly: false });
    expect(recovered.diagrams[0].nodes.map((n) => n.id)).toContain('h-extra');
    expect(recovered.diagrams[0].nodes).toHaveLength(8);
    expect(recovered.runs).toHaveLength(1);
    expect(recovered.runs[0].status).toBe('interrupted');
    expect(recovered.runs[0].metrics.length).toBeGreaterThan(0);
    expect(valueOf(await services.handle('project:listRecoverable', undefined))).toEqual([]);

    const moved = { ...recovered.diagrams[0], name: 'Recovered XOR' };
    valueOf(await services.handle('diagram:put', { diagram: moved }));
    const reader = await openProject(scratch, { readOnly: true });
    expect((await reader.listDiagrams())[0].name).toBe('Recovered XOR');
    await reader.close();

    const saved = valueOf(await services.handle('project:saveAs', { path: join(dataDir, 'rescued') }));
    expect(saved).toMatchObject({ path: join(dataDir, 'rescued.attractor'), name: 'rescued', dirty: false });
    expect(saved.diagrams[0]).toEqual(moved);
    expect(scratchEntries(dataDir)).toEqual([]);
  });

  it('keeps an edited untitled project for recovery when another project replaces it, and deletes an untouched or closed one', async () => {
    const dataDir = dataFolder();
    const services = servicesOn(dataDir);
    const untouched = await openXorExample(services);
    valueOf(await services.handle('project:new', undefined));
    expect(valueOf(await services.handle('project:listRecoverable', undefined))).toEqual([]);

    const edited = await openXorExample(services);
    const diagram = edited.diagrams[0];
    valueOf(await services.handle('diagram:put', { diagram: { ...diagram, name: 'XOR, renamed' } }));
    valueOf(await services.handle('project:openExample', { exampleId: 'xor-boltzmann' }));
    const listed = valueOf(await services.handle('project:listRecoverable', undefined));
    expect(listed.map((entry) => entry.name)).toEqual([untouched.name]);
    expect(listed).toHaveLength(1);

    valueOf(await services.handle('diagram:put', { diagram: { ...diagram, name: 'edited, then closed' } }));
    valueOf(await services.handle('project:close', undefined));
    expect(valueOf(await services.handle('project:listRecoverable', undefined))).toHaveLength(1);
  });

  it('discards a crashed scratch file with its -wal, -shm and -lock side files', async () => {
    const dataDir = dataFolder();
    const scratch = await crashedSession(dataDir);
    const name = scratch.slice(scratchDir(dataDir).length + 1);
    expect(scratchEntries(dataDir)).toEqual(['', '-lock', '-shm', '-wal'].map((suffix) => `${name}${suffix}`));
    const services = servicesOn(dataDir);
    valueOf(await services.handle('project:discardRecoverable', { path: scratch }));
    expect(scratchEntries(dataDir)).toEqual([]);
    expect(valueOf(await services.handle('project:listRecoverable', undefined))).toEqual([]);
    expect(errorOf(await services.handle('project:recover', { path: scratch })).code).toBe('not-found');
  });

  it('refuses every path outside the scratch folder, resolving symlinks and ..', async () => {
    const dataDir = dataFolder();
    const scratch = await quitSession(dataDir);
    const services = servicesOn(dataDir);
    const elsewhere = valueOf(await services.handle('project:openExample', { exampleId: 'xor-boltzmann' }));
    const outside = valueOf(await services.handle('project:saveAs', { path: join(dataDir, 'outside') })).path as string;
    valueOf(await services.handle('project:close', undefined));
    expect(elsewhere.path).toBeNull();
    symlinkSync(outside, join(scratchDir(dataDir), 'link.attractor'));

    const refused = [
      outside,
      join(scratchDir(dataDir), 'link.attractor'),
      join(scratchDir(dataDir), '..', 'outside.attractor'),
      join(dataDir, 'recent.json'),
      scratchDir(dataDir),
      'outside.attractor',
      '/etc/passwd',
    ];
    for (const path of refused) {
      expect(errorOf(await services.handle('project:recover', { path })).code, path).toBe('invalid-argument');
      expect(errorOf(await services.handle('project:discardRecoverable', { path })).code, path).toBe('invalid-argument');
    }
    expect(errorOf(await services.handle('project:recover', { path: 42 } as never)).code).toBe('invalid-argument');
    expect(errorOf(await services.handle('project:discardRecoverable', undefined as never)).code).toBe('invalid-argument');
    expect(existsSync(outside)).toBe(true);
    expect(valueOf(await services.handle('project:listRecoverable', undefined)).map((e) => e.path)).toEqual([scratch]);
  });

  it('never lists the open scratch project or one another live process holds; deletes blank ones, skips damaged ones', async () => {
    const dataDir = dataFolder();
    const older = await quitSession(dataDir);
    const held = await quitSession(dataDir);
    writeFileSync(`${held}-lock`, JSON.stringify({ pid: process.ppid, host: hostname(), processStartedAt: 0, token: 't' }));
    const blank = join(scratchDir(dataDir), 'untitled-blank.attractor');
    const blankStore = await createProject(blank, 'Untitled');
    await blankStore.putDiagram({ format: 'attractor-diagram', version: 1, id: diagramId('d'), name: 'Diagram 1', settings: { encoding: 'pm1' }, nodes: [], edges: [] });
    await blankStore.close();
    const empty = join(scratchDir(dataDir), 'untitled-empty.attractor');
    await (await createProject(empty, 'Untitled')).close();
    const damaged = join(scratchDir(dataDir), 'untitled-damaged.attractor');
    writeFileSync(damaged, Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(4080, 7)]));

    const services = servicesOn(dataDir);
    const open: ProjectSnapshot = valueOf(await services.handle('project:openExample', { exampleId: 'xor-boltzmann' }));
    expect(open.path).toBeNull();
    const listed = valueOf(await services.handle('project:listRecoverable', undefined)).map((e) => e.path);
    expect(listed).toEqual([older]);
    expect(existsSync(blank)).toBe(false);
    expect(existsSync(empty)).toBe(false);
    expect(scratchEntries(dataDir).filter((name) => name.includes('blank') || name.includes('empty'))).toEqual([]);
    expect(existsSync(damaged)).toBe(true);

    expect(errorOf(await services.handle('project:discardRecoverable', { path: held })).code).toBe('busy');
    expect(errorOf(await services.handle('project:recover', { path: held })).code).toBe('busy');
    expect(existsSync(held)).toBe(true);
    const openFile = scratchEntries(dataDir).find((name) => name.endsWith('.attractor') && ![older, held, damaged].some((p) => p.endsWith(name)));
    const openPath = join(scratchDir(dataDir), openFile as string);
    expect(errorOf(await services.handle('project:discardRecoverable', { path: openPath })).code).toBe('invalid-argument');
    expect(valueOf(await services.handle('project:recover', { path: openPath })).name).toBe('XOR Boltzmann machine');
  });
});

