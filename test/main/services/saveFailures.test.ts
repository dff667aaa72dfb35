import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiResult, ProjectSnapshot } from '../../../main/api/contract';
import { toApiError } from '../../../main/services/errors';
import { SqliteDatabase } from '../../../projects/storage/db';
import { nextEvent, openXorExample, servicesPerTest, sharedRunnerPerFile, tempDir, valueOf, xorRequest } from '../helpers';

// Saving to a read-only or full location reports the error and keeps the open document intact.
// Real file systems: a read-only tmpfs and small tmpfs mounted in a user + mount namespace (unshare -rm, no root needed
// where unprivileged user namespaces are enabled). Write failures inside SQLite are also injected with a trigger, which
// needs nothing from the machine.

const makeServices = servicesPerTest();
const runner = sharedRunnerPerFile();

const namespaces = spawnSync('unshare', ['-rm', 'true']).status === 0;

interface Observed {
  readOnlySave: ApiResult<ProjectSnapshot>;
  afterReadOnly: ProjectSnapshot;
  fullSave: ApiResult<ProjectSnapshot>;
  fullDirAfter: string[];
  afterFull: ProjectSnapshot;
  editAfterFailedSaves: ApiResult<void>;
  smallSave: ApiResult<ProjectSnapshot>;
  bigEdit: ApiResult<void>;
  afterBigEdit: ProjectSnapshot;
  editAfterSpaceFreed: ApiResult<void>;
  reopened: ProjectSnapshot;
}

/** Runs diskChild.ts with a read-only tmpfs, a 64 KiB tmpfs and a 2 MiB tmpfs mounted for it alone. */
function runInNamespace(): Promise<Observed> {
  const { dir, cleanup } = tempDir('disk');
  const [data, readOnly, full, small] = ['data', 'read-only', 'full', 'small'].map((name) => join(dir, name));
  for (const folder of [data, readOnly, full, small]) mkdirSync(folder);
  const script = [
    `mount -t tmpfs -o ro,size=1m tmpfs '${readOnly}'`,
    `mount -t tmpfs -o size=64k tmpfs '${full}'`,
    `mount -t tmpfs -o size=2m tmpfs '${small}'`,
    `exec '${process.execPath}' --import tsx '${join(import.meta.dirname, 'diskChild.ts')}' '${data}' '${readOnly}' '${full}' '${small}'`,
  ].join(' && ');
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', ['-rm', 'sh', '-c', script], { cwd: join(import.meta.dirname, '../../..'), stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('close', (code) => {
      cleanup();
      if (code !== 0) reject(new Error(`the disk child exited with ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').pop() as string) as Observed);
    });
  });
}

describe('saving to a read-only or full location', () => {
  it.skipIf(!namespaces)('reports read-only and full file systems as io errors and keeps the open project as it was', async () => {
    const seen = await runInNamespace();
    expect(seen.readOnlySave).toMatchObject({ ok: false, error: { code: 'io', message: expect.stringMatching(/Cannot save to .*read-only.*open project is unchanged/) } });
    expect(seen.afterReadOnly).toMatchObject({ path: null, name: 'XOR Boltzmann machine', dirty: true });
    expect(seen.fullSave).toMatchObject({ ok: false, error: { code: 'io', message: expect.stringMatching(/Cannot save to .*the disk is full/) } });
    expect(seen.fullDirAfter).toEqual([]);
    expect(seen.afterFull).toEqual(seen.afterReadOnly);
    expect(seen.editAfterFailedSaves).toEqual({ ok: true });

    expect(seen.smallSave).toMatchObject({ ok: true, value: { name: 'xor', diagrams: [{ name: 'still editing' }] } });
    expect(seen.bigEdit).toMatchObject({ ok: false, error: { code: 'io', message: expect.stringMatching(/could not be stored: the disk is full.*Nothing was lost/) } });
    expect(seen.afterBigEdit.diagrams[0].name).toBe('still editing');
    expect(seen.afterBigEdit.diagrams[0].nodes).toEqual(seen.afterReadOnly.diagrams[0].nodes);
    expect(seen.editAfterSpaceFreed).toEqual({ ok: true });
    expect(seen.reopened).toMatchObject({ name: 'xor', diagrams: [{ name: 'after space was freed' }], datasets: [{ id: 'xor' }] });
  });

  it('maps SQLite and file-system write failures to io errors that say what to do', () => {
    const sqlite = (code: string) => Object.assign(new Error(`${code}: something`), { code });
    expect(toApiError(sqlite('SQLITE_FULL'))).toEqual({ code: 'io', message: 'The change could not be stored: the disk is full. Free some space and try again. Nothing was lost from the open project.' });
    expect(toApiError(sqlite('SQLITE_READONLY')).message).toMatch(/read-only\. Make it writable, or save a copy elsewhere/);
    expect(toApiError(sqlite('SQLITE_IOERR')).message).toMatch(/disk reported an error/);
    expect(toApiError(Object.assign(new Error('x'), { code: 'ENOSPC', path: '/p' }))).toEqual({ code: 'io', message: 'Could not access /p: the disk is full.' });
    expect(toApiError(sqlite('SQLITE_CONSTRAINT')).code).toBe('internal');
  });

  it('stops a run whose progress cannot be stored, says why, and resumes once the store takes writes again', async () => {
    const { services, dataDir } = makeServices({ runner: runner() });
    const example = await openXorExample(services);
    const path = valueOf(await services.handle('project:saveAs', { path: join(dataDir, 'failing') })).path as string;
    // Fault injection from a second connection: every metric row is refused as a full disk would refuse it.
    const injector = await SqliteDatabase.open(path, 'readwrite');
    await injector.exec(`CREATE TRIGGER refuse_metrics BEFORE INSERT ON metrics BEGIN SELECT RAISE(ABORT, 'injected: database or disk is full'); END;`);
    const ended = nextEvent(services, 'run:ended');
    const started = valueOf(await services.handle('run:start', xorRequest(example, { epochs: 1_000_000 })));
    const { run } = await ended;
    expect(run).toMatchObject({ id: started.id, status: 'failed' });
    expect(run.error).toMatch(/could not be stored in the project \(.*injected: database or disk is full\).*then resume the run/);
    const snapshot = valueOf(await services.handle('project:get', undefined)) as ProjectSnapshot;
    expect(snapshot.diagrams).toEqual(example.diagrams);

    await injector.exec('DROP TRIGGER refuse_metrics');
    await injector.close();
    const resumed = nextEvent(services, 'run:progress', (p) => p.runId === started.id && p.step >= 20);
    valueOf(await services.handle('run:resume', { runId: started.id }));
    await resumed;
    const cancelled = nextEvent(services, 'run:ended');
    valueOf(await services.handle('run:cancel', { runId: started.id }));
    expect((await cancelled).run.status).toBe('cancelled');
    const series = valueOf(await services.handle('run:metrics', { runId: started.id }));
    expect(series.length).toBeGreaterThanOrEqual(20);
    expect(series.map((m) => m.step)).toEqual(Array.from({ length: series.length }, (_, i) => i + 1));
  });
});
