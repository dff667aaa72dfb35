/**
 * Opening and creating project files. A refused file is never modified: it is inspected read-only first
 * (inspectFile.ts), and a writable open adds the full integrity check under the writer lock before the file is reopened
 * read-write, switched to WAL and migrated. Writers hold `<project>-lock` (writerLock.ts) from open to close();
 * read-only opens may run alongside and leave no `-wal`/`-shm` files behind.
 */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describeDamage, PROJECT_SCHEMA_VERSION, ProjectOpenError, REQUESTED_READ_ONLY_REASON, type ProjectStore } from '../types';
import { SqliteDatabase, sqliteErrorCode } from './db';
import { shmPath, walPath } from './fileFormat';
import { checkIntegrity, damagedForWriting, inspectionConnection, inspectProjectFile, openFailure } from './inspectFile';
import { migrate } from './migrations';
import { canonicalPath, temporarySibling, unwritableReason } from './paths';
import { damagedRecords, SqliteProject } from './sqliteProject';
import { WalCheckpointer } from './walCheckpointer';
import { acquireWriterLock, liveLockOwner, type WriterLock } from './writerLock';

/** How to open a project. */
export interface OpenOptions {
  /** Read without writing anything: no lock, no integrity check, no side files left. Default false. */
  readOnly?: boolean;
  /** Why it is opened read-only, named by every refused write; default: the file's or folder's own reason, else "opened read-only". */
  reason?: string;
}

/** Refuses writing to a file whose diagram or run records fail their checksums (it still opens read-only). */
async function checkRecords(path: string): Promise<void> {
  const db = await inspectionConnection(path);
  let damage;
  try {
    [damage] = await damagedRecords(db);
  } finally {
    await db.close().catch(() => undefined);
  }
  if (damage) throw damagedForWriting(path, `${describeDamage(damage.location)} damaged: ${damage.damage}`);
}

/**
 * Read-only connections beside a writer's: calls in flight together are read side by side on libuv's thread pool (4
 * threads by default, shared with the writer and file I/O). `npm run bench -- apiLatency` chose 2.
 */
const READER_CONNECTIONS = 2;

const notWritable = (path: string, reason: string): ProjectOpenError =>
  new ProjectOpenError('read-only', `${basename(path)} cannot be changed: ${reason}. Make it writable, or save a copy elsewhere with Save As.`, reason);

const isReadOnlyFailure = (error: unknown): boolean => ['SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_PERM'].includes(sqliteErrorCode(error) ?? '');

const fileSize = async (path: string): Promise<number | undefined> => (await fs.stat(path).catch(() => undefined))?.size;

async function connectWriter(path: string, schemaVersion: number, lock: WriterLock): Promise<SqliteProject> {
  let db: SqliteDatabase;
  try {
    db = await SqliteDatabase.open(path, 'readwrite');
  } catch (error) {
    throw isReadOnlyFailure(error) ? notWritable(path, 'the file or its folder is not writable') : openFailure(path, error);
  }
  try {
    await db.exec('PRAGMA foreign_keys = ON');
    await db.get('PRAGMA journal_mode = WAL');
    // WAL with synchronous=NORMAL: a commit is durable once written to the WAL, which survives a killed process
    // (kill -9, crash); only a power cut can lose the last commits. It saves an fsync per commit, which under load
    // would hold up every API call waiting on the project.
    await db.exec('PRAGMA synchronous = NORMAL');
    await db.exec('PRAGMA wal_autocheckpoint = 0');
    await migrate(db, schemaVersion);
    const readers: SqliteDatabase[] = [];
    const closeReaders = async () => {
      for (const reader of readers) await reader.close().catch(() => undefined);
    };
    try {
      for (let i = 0; i < READER_CONNECTIONS; i++) {
        const reader = await SqliteDatabase.open(path, 'readonly');
        readers.push(reader);
        await reader.exec('PRAGMA query_only = ON');
      }
    } catch (error) {
      await closeReaders();
      throw error;
    }
    const checkpointer = await WalCheckpointer.start(path).catch(async (error: unknown) => {
      await closeReaders();
      throw error;
    });
    // Closed after the writer's connection, so it is the last one: it checkpoints the WAL into the file and removes it.
    const held = {
      async release() {
        await checkpointer.close();
        await lock.release();
      },
    };
    return new SqliteProject(db, path, undefined, held, readers);
  } catch (error) {
    await db.close().catch(() => undefined);
    if (error instanceof ProjectOpenError) throw error;
    throw isReadOnlyFailure(error) ? notWritable(path, 'the file or its folder is not writable') : openFailure(path, error);
  }
}

/**
 * A read-only connection to a current-schema file. Without WAL frames or a live writer the file cannot change under
 * it, so it is opened immutable: no locks and no side files. Otherwise it reads through the WAL, which needs `-shm`;
 * the side files this connection adds are removed on close unless a writer has taken the file meanwhile.
 */
async function connectReader(path: string, reason: string, existed: SideFiles): Promise<SqliteProject | undefined> {
  const walSize = (await fileSize(walPath(path))) ?? 0;
  if (walSize === 0 && !(await liveLockOwner(path))) {
    const db = await SqliteDatabase.open(path, 'immutable').catch((error: unknown) => {
      throw openFailure(path, error);
    });
    return new SqliteProject(db, path, reason, undefined);
  }
  let db: SqliteDatabase | undefined;
  try {
    db = await SqliteDatabase.open(path, 'readonly');
    await db.exec('PRAGMA query_only = ON');
    // The WAL index is opened by the first read, which fails where -shm cannot be created (a read-only folder).
    await db.get('SELECT count(*) FROM sqlite_master');
  } catch (error) {
    await db?.close().catch(() => undefined);
    await removeAddedSideFiles(path, existed);
    if (isReadOnlyFailure(error)) return undefined;
    throw openFailure(path, error);
  }
  return new SqliteProject(db, path, reason, { release: () => removeAddedSideFiles(path, existed) });
}

/** Which of SQLite's side files were beside the project before a read-only open. */
interface SideFiles {
  wal: boolean;
  shm: boolean;
}

const sideFilesOf = async (path: string): Promise<SideFiles> => ({
  wal: (await fileSize(walPath(path))) !== undefined,
  shm: (await fileSize(shmPath(path))) !== undefined,
});

async function removeAddedSideFiles(path: string, existed: SideFiles): Promise<void> {
  if (await liveLockOwner(path)) return;
  if (!existed.wal && (await fileSize(walPath(path))) === 0) await fs.rm(walPath(path), { force: true });
  if (!existed.shm) await fs.rm(shmPath(path), { force: true });
}

/**
 * Read-only access through a copy in the temporary folder, opened under the original path and deleted on close: for a
 * file of an older schema (the copy is upgraded; the file stays as it is) and for a WAL that cannot be read in place.
 */
async function connectCopy(path: string, schemaVersion: number, reason: string): Promise<SqliteProject> {
  const folder = await fs.mkdtemp(join(tmpdir(), 'attractor-readonly-'));
  const copy = join(folder, 'project.attractor');
  const removeCopy = { release: () => fs.rm(folder, { recursive: true, force: true }) };
  try {
    const walSize = (await fileSize(walPath(path))) ?? 0;
    try {
      const source = await SqliteDatabase.open(path, walSize === 0 ? 'immutable' : 'readonly');
      try {
        await source.run('VACUUM INTO ?', [copy]);
      } finally {
        await source.close();
      }
    } catch (error) {
      if (!isReadOnlyFailure(error)) throw error;
      // A WAL SQLite cannot open read-only here (no -shm in a read-only folder): copy both files and let the copy recover it.
      await fs.rm(copy, { force: true });
      await fs.copyFile(path, copy);
      await fs.copyFile(walPath(path), walPath(copy));
    }
    const upgrade = await SqliteDatabase.open(copy, 'readwrite');
    try {
      await migrate(upgrade, schemaVersion);
    } finally {
      await upgrade.close();
    }
    const db = await SqliteDatabase.open(copy, 'readonly');
    await db.exec('PRAGMA query_only = ON');
    return new SqliteProject(db, path, reason, removeCopy);
  } catch (error) {
    await removeCopy.release();
    throw error instanceof ProjectOpenError ? error : openFailure(path, error);
  }
}

/** A read-only open: inspection and reading add -shm (and an empty -wal) only when a WAL must be read; they go again on close. */
async function openReadOnly(path: string, requested: string | undefined): Promise<ProjectStore> {
  const existed = await sideFilesOf(path);
  try {
    const { schemaVersion } = await inspectProjectFile(path);
    const reason = requested ?? (await unwritableReason(path)) ?? REQUESTED_READ_ONLY_REASON;
    if (schemaVersion < PROJECT_SCHEMA_VERSION) return await withCleanup(connectCopy(path, schemaVersion, reason), path, existed);
    return (await connectReader(path, reason, existed)) ?? (await withCleanup(connectCopy(path, schemaVersion, reason), path, existed));
  } catch (error) {
    await removeAddedSideFiles(path, existed).catch(() => undefined);
    throw error;
  }
}

/** Removes the side files inspection added once the copy (which reads none of them) is made. */
async function withCleanup(store: Promise<SqliteProject>, path: string, existed: SideFiles): Promise<SqliteProject> {
  const opened = await store;
  await removeAddedSideFiles(path, existed);
  return opened;
}

/**
 * Opens a project file; throws ProjectOpenError (file untouched) when it is missing, foreign, newer or locked, and for
 * writing also when it is damaged (full integrity check) or not writable — those two still open with { readOnly: true }.
 */
export async function openProject(path: string, opts: OpenOptions = {}): Promise<ProjectStore> {
  const absolute = await canonicalPath(path);
  if (opts.readOnly) return openReadOnly(absolute, opts.reason);
  const existed = await sideFilesOf(absolute);
  // A refused file keeps its folder as it was: the -shm a WAL's inspection added goes again.
  const refuse = async (error: unknown): Promise<never> => {
    await removeAddedSideFiles(absolute, existed).catch(() => undefined);
    throw error;
  };
  const info = await inspectProjectFile(absolute).catch(refuse);
  const unwritable = await unwritableReason(absolute);
  if (unwritable) return refuse(notWritable(absolute, unwritable));
  const lock = await acquireWriterLock(absolute).catch(refuse);
  try {
    await checkIntegrity(absolute);
    // Rows before schema 5 carry no checksums to check.
    if (info.schemaVersion >= 5) await checkRecords(absolute);
  } catch (error) {
    await lock.release();
    return refuse(error);
  }
  try {
    return await connectWriter(absolute, info.schemaVersion, lock);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** Opens for writing where possible; a file refused only for writing (damaged but readable, not writable) opens read-only, saying why. */
export async function openProjectForEditing(path: string): Promise<ProjectStore> {
  try {
    return await openProject(path);
  } catch (error) {
    if (!(error instanceof ProjectOpenError) || error.readOnlyReason === undefined) throw error;
    return openProject(path, { readOnly: true, reason: error.readOnlyReason });
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
    return await connectWriter(absolute, PROJECT_SCHEMA_VERSION, lock);
  } catch (error) {
    await fs.rm(temp, { force: true });
    await lock.release();
    throw error instanceof ProjectOpenError
      ? error
      : new ProjectOpenError('io', `Cannot create ${absolute}: ${(error as Error).message}. Check that the folder exists and is writable.`);
  }
}
