import { chmodSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../../../projects/storage/db';
import { sha256, writeSmallProject } from '../../projects/helpers';
import { tempDirsPerTest } from '../helpers';
import { cli, errorLine } from './inProcess';

// Commands that only read a project (compile, project info, data list/export) leave nothing beside it — no -wal/-shm —
// and work on a read-only file, saying so once; commands that write refuse it in one line naming the reason.

const tempDir = tempDirsPerTest('cli-readonly');

async function makeProjectFile(): Promise<{ dir: string; path: string }> {
  const dir = tempDir();
  const path = join(dir, 'kept.attractor');
  await writeSmallProject(path, 'Kept', 'r3', 120);
  return { dir, path };
}

describe('read-only commands on project files', () => {
  it('compile, project info and data list leave no -shm or -wal beside the project and do not change it', async () => {
    const { dir, path } = await makeProjectFile();
    const hash = sha256(path);
    for (const argv of [['compile', path], ['project', 'info', path], ['data', 'list', path], ['data', 'export', path, 'digits']]) {
      const outcome = await cli(argv);
      expect(outcome.code, `${argv.join(' ')}: ${outcome.stderr}`).toBe(0);
      expect(outcome.stderr, argv.join(' ')).toBe('');
      expect(readdirSync(dir), argv.join(' ')).toEqual(['kept.attractor']);
    }
    expect(sha256(path)).toBe(hash);
  });

  it('works on a 0444 file, saying "read-only: the file is read-only" once; a write is refused in one line', async () => {
    const { dir, path } = await makeProjectFile();
    chmodSync(path, 0o444);
    try {
      const info = await cli(['project', 'info', path]);
      expect(info.code).toBe(0);
      expect(info.stderr).toBe('attractor: read-only: the file is read-only\n');
      expect(JSON.parse(info.stdout)).toMatchObject({ name: 'Kept' });
      const compiled = await cli(['compile', path]);
      expect(compiled).toMatchObject({ code: 0, stderr: 'attractor: read-only: the file is read-only\n' });

      const write = await cli(['data', 'import', path, '--generate', 'hinton-bars:count=4,seed=1']);
      expect(write.code).toBe(1);
      expect(write.stderr.trim().split('\n')).toHaveLength(1);
      expect(errorLine(write)).toBe('attractor: kept.attractor cannot be changed: the file is read-only. Make it writable, or save a copy elsewhere with Save As.');
      expect(readdirSync(dir)).toEqual(['kept.attractor']);
    } finally {
      chmodSync(path, 0o644);
    }
  });

  it('names the folder when it is the folder that is not writable', async () => {
    const { dir, path } = await makeProjectFile();
    chmodSync(dir, 0o555);
    try {
      const info = await cli(['project', 'info', path]);
      expect(info.code).toBe(0);
      expect(info.stderr).toBe(`attractor: read-only: the folder ${dir} is not writable, so SQLite cannot keep its journal there\n`);
      expect(readdirSync(dir)).toEqual(['kept.attractor']);
    } finally {
      chmodSync(dir, 0o755);
    }
  });

  it('lists what is intact of a project whose run record is damaged, naming the damage in one line (exit 1, file unchanged)', async () => {
    const { path } = await makeProjectFile();
    const db = await SqliteDatabase.open(path, 'readwrite');
    await db.exec(`PRAGMA journal_mode = DELETE; UPDATE runs SET config = replace(config, '0.05', '0.07')`);
    await db.close();
    const info = await cli(['project', 'info', path]);
    expect(info.code).toBe(1);
    expect(errorLine(info)).toBe("attractor: left out as damaged: run r3's record; the file was not changed");
    expect(JSON.parse(info.stdout).runs).toEqual([]);
  });
});
