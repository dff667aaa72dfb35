import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProject, openProject } from '../../../projects/storage/openProject';
import type { ProjectStore } from '../../../projects/types';
import { makeTempDir, plainDataset, sampleMetrics, sampleRun } from '../helpers';

let temp: ReturnType<typeof makeTempDir>;
let path: string;
const open: ProjectStore[] = [];
const track = (store: ProjectStore): ProjectStore => (open.push(store), store);

beforeEach(async () => {
  temp = makeTempDir();
  path = join(temp.dir, 'shared.attractor');
  await (await createProject(path, 'Shared')).close();
});
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
  temp.cleanup();
});

const lockFile = () => `${path}-lock`;
const writeLock = (owner: object) => writeFileSync(lockFile(), JSON.stringify({ processStartedAt: 0, token: 't', ...owner }));

describe('one writer per project', () => {
  it('refuses a second writable open in the same process until the first closes', async () => {
    const first = await openProject(path);
    await expect(openProject(path)).rejects.toMatchObject({ reason: 'locked', message: expect.stringMatching(/already open for editing in this session.*read-only/) });
    await first.close();
    expect(existsSync(lockFile())).toBe(false);
    track(await openProject(path));
  });

  it('lets exactly one of two simultaneous writable opens win', async () => {
    const results = await Promise.allSettled([openProject(path), openProject(path), openProject(path)]);
    const won = results.filter((result) => result.status === 'fulfilled');
    expect(won).toHaveLength(1);
    track((won[0] as PromiseFulfilledResult<ProjectStore>).value);
    for (const result of results) if (result.status === 'rejected') expect(result.reason).toMatchObject({ reason: 'locked' });
  });

  it('allows read-only opens alongside the writer; they see its commits and cannot write', async () => {
    const writer = track(await openProject(path));
    const reader = track(await openProject(path, { readOnly: true }));
    const second = track(await openProject(path, { readOnly: true }));
    expect(reader.readOnly).toBe(true);
    await writer.putDataset(plainDataset());
    expect(await reader.listDatasets()).toStrictEqual([plainDataset()]);
    expect(await second.getName()).toBe('Shared');
    await expect(reader.putDataset(plainDataset('x'))).rejects.toThrow(/is read-only: opened read-only; nothing was changed — save a copy/);
    await expect(reader.markInterruptedRuns()).rejects.toThrow(/read-only/);
    expect(await writer.listDatasets()).toHaveLength(1);
  });

  it('takes over a stale lock of a dead process and refuses live or foreign ones', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeLock({ pid: dead, host: hostname() });
    const store = await openProject(path);
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    await store.close();

    writeLock({ pid: process.ppid, host: hostname() });
    await expect(openProject(path)).rejects.toMatchObject({ reason: 'locked', message: expect.stringContaining(`pid ${process.ppid}`) });
    writeLock({ pid: process.pid, host: 'other-machine' });
    await expect(openProject(path)).rejects.toMatchObject({ reason: 'locked', message: expect.stringMatching(/computer "other-machine".*delete .*-lock/) });
    writeLock({ pid: process.pid, host: hostname(), processStartedAt: 1 });
    track(await openProject(path));
  });

  it('treats a garbled lock as live while fresh and stale when old', async () => {
    writeFileSync(lockFile(), '{"pid": 12');
    await expect(openProject(path)).rejects.toMatchObject({ reason: 'locked' });
    utimesSync(lockFile(), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    track(await openProject(path));
  });
});

/** Collects "committed N" lines of the child writer. */
function watch(child: ChildProcess): { lastCommitted(): number; untilCommitted(step: number): Promise<void> } {
  let last = 0;
  const waiters: { step: number; resolve(): void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const match = /^committed (\d+)$/.exec(line);
    if (!match) return;
    last = Number(match[1]);
    for (const waiter of waiters.filter((w) => last >= w.step)) waiter.resolve();
  });
  return {
    lastCommitted: () => last,
    untilCommitted: (step) =>
      new Promise((resolve, reject) => {
        waiters.push({ step, resolve });
        child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
      }),
  };
}

describe('a writer killed with SIGKILL', () => {
  it('loses no committed metric; its lock is stale and its run is marked interrupted', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'childWriter.ts'), path], {
      cwd: join(import.meta.dirname, '../../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const progress = watch(child);
    await progress.untilCommitted(40);

    await expect(openProject(path)).rejects.toMatchObject({ reason: 'locked', message: expect.stringContaining(`pid ${child.pid}`) });
    const reader = await openProject(path, { readOnly: true });
    expect((await reader.listMetrics('doomed')).length).toBeGreaterThanOrEqual(40);
    await reader.close();

    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const committed = progress.lastCommitted();
    expect(existsSync(lockFile())).toBe(true);
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);

    const store = track(await openProject(path));
    const metrics = await store.listMetrics('doomed');
    expect(metrics.length).toBeGreaterThanOrEqual(committed);
    expect(metrics).toStrictEqual(Array.from({ length: metrics.length }, (_, i) => ({ step: i + 1, values: { kl: 1 / (i + 1), logLikelihood: -(i + 1) } })));
    expect((await store.listRuns()).map((run) => run.status)).toEqual(['running']);
    expect(await store.markInterruptedRuns()).toBe(1);
    expect(await store.listRuns()).toStrictEqual([{ ...sampleRun('doomed', 'running'), status: 'interrupted' }]);
    await store.appendMetrics('doomed', sampleMetrics(2));
  });
});
