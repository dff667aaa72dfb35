/**
 * Opening and creating project files. A refused file is never modified: it is inspected read-only first
 * (inspectFile.ts) and reopened read-write, switched to WAL and migrated only once it is accepted.
 * Writers hold `<project>-lock` (writerLock.ts) from open to close(); read-only opens may run alongside.
 */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_SCHEMA_VERSION, ProjectOpenError, type ProjectStore } from '../types';
import { SqliteDatabase } from './db';
import { walPath } from './fileFormat';
import { inspectProjectFile, openFailure } from './inspectFile';
import { migrate } from './migrations';
import { canonicalPath, temporarySibling } from './paths';
import { SqliteProject } from './sqliteProject';
import { WalCheckpointer } from './walCheckpointer';
import { acquireWriterLock, type WriterLock } from './writerLock';

async function connect(path: string, schemaVersion: number, lock: WriterLock | undefined): Promise<SqliteProject> {
  let db: SqliteDatabase;
  try {
    db = await SqliteDatabase.open(path, lock ? 'readwrite' : 'readonly');
  } catch (error) {
    throw openFailure(path, error);
  }
  try {
    if (lock) {
      await db.exec('PRAGMA foreign_keys = ON');
      await db.get('PRAGMA journal_mode = WAL');
      // WAL with synchronous=NORMAL: a commit is durable once written to the WAL, which survives a killed process
      // (kill -9, crash); only a power cut can lose the last commits. It saves an fsync per commit, which under load
      // would hold up every API call waiting on the project.
      await db.exec('PRAGMA synchronous = NORMAL');
      await db.exec('PRAGMA wal_autocheckpoint = 0');
      await migrate(db, schemaVersion);
      const reader = await SqliteDatabase.open(path, 'readonly');
      await reader.exec('PRAGMA query_only = ON');
      const checkpointer = await WalCheckpointer.start(path).catch(async (error: unknown) => {
        await reader.close();
        throw error;
      });
      // Closed after the writer's connection, so it is the last one: it checkpoints the WAL into the file and removes it.
      const held = {
        async release() {
          await checkpointer.close();
          await lock.release();
        },
      };
      return new SqliteProject(db, path, false, held, reader);
    }
    await db.exec('PRAGMA query_only = ON');
    return new SqliteProject(db, path, true, undefined);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error instanceof ProjectOpenError ? error : openFailure(path, error);
  }
}

/**
 * Read-only access to a file of an older schema, which stays untouched: a copy in the temporary folder is upgraded and
 * opened read-only under the original path; the copy is deleted on close.
 */
async function connectUpgradedCopy(path: string, schemaVersion: number): Promise<SqliteProject> {
  const folder = await fs.mkdtemp(join(tmpdir(), 'attractor-upgrade-'));
  const copy = join(folder, 'project.attractor');
  const removeCopy = { release: () => fs.rm(folder, { recursive: true, force: true }) };
  try {
    const hasWal = ((await fs.stat(walPath(path)).catch(() => undefined))?.size ?? 0) > 0;
    const source = await SqliteDatabase.open(path, hasWal ? 'readonly' : 'immutable');
    try {
      await source.run('VACUUM INTO ?', [copy]);
    } finally {
      await source.close();
    }
    const upgrade = await SqliteDatabase.open(copy, 'readwrite');
    try {
      await migrate(upgrade, schemaVersion);
    } finally {
      await upgrade.close();
    }
    const db = await SqliteDatabase.open(copy, 'readonly');
    await db.exec('PRAGMA query_only = ON');
    return new SqliteProject(db, path, true, removeCopy);
  } catch (error) {
    await removeCopy.release();
    throw error instanceof ProjectOpenError ? error : openFailure(path, error);
  }
}

/** Opens a project file; throws ProjectOpenError (file untouched) when it is missing, foreign, damaged, newer or locked. */
export async function openProject(path: string, opts: { readOnly?: boolean } = {}): Promise<ProjectStore> {
  const absolute = await canonicalPath(path);
  const info = await inspectProjectFile(absolute);
  if (opts.readOnly && info.schemaVersion < PROJECT_SCHEMA_VERSION) return connectUpgradedCopy(absolute, info.schemaVersion);
  const lock = opts.readOnly ? undefined : await acquireWriterLock(absolute);
  try {
    return await connect(absolute, info.schemaVersion, lock);
  } catch (error) {
    await lock?.release();
    throw error;
  }
}

/** Creates a new, empty project at `path` (which must not exist), built in a temporary file and renamed into place. */
export async function createProject(path: string, name: string): Promise<ProjectStore> {
  const absolute = await canonicalPath(path);
  if (await fs.stat(absolute).then(() => true, () => false)) {
    throw new ProjectOpenError('io', `${absolute} already exists. Choose another file name, or open the existing project.`);
  }
  const lock = await acquireWriterLock(absolute);
  const temp = temporarySibling(absolute, 'new');
  try {
    const db = await SqliteDatabase.open(temp, 'create');
    try {
      await migrate(db, 0);
      await db.transaction(async () => {
        await db.run(`INSERT INTO meta (key, value) VALUES ('name', ?), ('created_at', ?)`, [name, new Date().toISOString()]);
      });
    } finally {
      await db.close();
    }
    await fs.rename(temp, absolute);
    return await connect(absolute, PROJECT_SCHEMA_VERSION, lock);
  } catch (error) {
    await fs.rm(temp, { force: true });
    await lock.release();
    throw error instanceof ProjectOpenError
      ? error
      : new ProjectOpenError('io', `Cannot create ${absolute}: ${(error as Error).message}. Check that the folder exists and is writable.`);
  }
}
