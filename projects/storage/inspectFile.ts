/**
 * Decides whether a file may be opened as a project without changing it: the header is read with plain file I/O,
 * then SQLite inspects it read-only (immutable — no locks, no -wal/-shm side files — when no WAL exists).
 * Every refusal is a ProjectOpenError whose message tells the user what to do.
 */
import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
import { PROJECT_SCHEMA_VERSION, ProjectOpenError } from '../types';
import { SqliteDatabase, sqliteErrorCode } from './db';
import {
  APP_META_ID,
  APPLICATION_ID,
  HEADER_APPLICATION_ID_OFFSET,
  HEADER_USER_VERSION_OFFSET,
  SQLITE_HEADER_BYTES,
  SQLITE_MAGIC,
  walPath,
} from './fileFormat';
import { REQUIRED_TABLES } from './migrations';

const notAProject = (path: string, why: string): ProjectOpenError =>
  new ProjectOpenError('not-sqlite', `${basename(path)} is not an Attractor Studio project: ${why}. Choose a project file (*.attractor).`);

const damaged = (path: string, why: string): ProjectOpenError =>
  new ProjectOpenError(
    'damaged',
    `${basename(path)} is damaged and cannot be opened (${why}). Open a backup copy, or a copy saved earlier with Save As.`,
  );

const newerVersion = (path: string, version: number): ProjectOpenError =>
  new ProjectOpenError(
    'newer-version',
    `${basename(path)} was written by a newer version of Attractor Studio (schema ${version}); ` +
      `this version reads up to ${PROJECT_SCHEMA_VERSION} — update the app to open it.`,
  );

const hex = (id: number): string => `0x${(id >>> 0).toString(16).padStart(8, '0')}`;

async function readHeader(path: string): Promise<Buffer> {
  let stat;
  try {
    stat = await fs.stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ProjectOpenError('not-found', `${path} does not exist. It may have been moved, renamed or deleted — choose it again with Open.`);
    }
    throw new ProjectOpenError('io', `Cannot read ${path}: ${(error as Error).message}. Check that you may read this file.`);
  }
  if (stat.isDirectory()) throw notAProject(path, 'it is a folder');
  if (stat.size === 0) throw notAProject(path, 'the file is empty');
  const handle = await fs.open(path, 'r').catch((error: Error) => {
    throw new ProjectOpenError('io', `Cannot read ${path}: ${error.message}. Check that you may read this file.`);
  });
  try {
    const header = Buffer.alloc(SQLITE_HEADER_BYTES);
    const { bytesRead } = await handle.read(header, 0, SQLITE_HEADER_BYTES, 0);
    const magic = header.subarray(0, SQLITE_MAGIC.length);
    if (bytesRead < SQLITE_MAGIC.length || !magic.equals(SQLITE_MAGIC)) throw notAProject(path, 'it is not an SQLite database');
    if (bytesRead < SQLITE_HEADER_BYTES) throw damaged(path, 'the file is truncated');
    return header;
  } finally {
    await handle.close();
  }
}

function checkIdentity(path: string, applicationId: number, userVersion: number): void {
  if (applicationId !== APPLICATION_ID) {
    throw notAProject(path, `it is an SQLite database of another program (application id ${hex(applicationId)})`);
  }
  if (userVersion > PROJECT_SCHEMA_VERSION) throw newerVersion(path, userVersion);
  if (userVersion < 1) throw damaged(path, 'its schema was never completed');
}

/** What inspection found in an acceptable project file. */
export interface ProjectFileInfo {
  schemaVersion: number;
}

/** Checks that `path` is an intact project this version can open, or throws ProjectOpenError; never modifies it. */
export async function inspectProjectFile(path: string): Promise<ProjectFileInfo> {
  const header = await readHeader(path);
  const walSize = (await fs.stat(walPath(path)).catch(() => undefined))?.size ?? 0;
  if (walSize === 0) {
    // No pending WAL frames: the file header is authoritative, so foreign or newer files are refused untouched.
    checkIdentity(path, header.readInt32BE(HEADER_APPLICATION_ID_OFFSET), header.readInt32BE(HEADER_USER_VERSION_OFFSET));
  }
  let db: SqliteDatabase;
  try {
    db = await SqliteDatabase.open(path, walSize === 0 ? 'immutable' : 'readonly');
  } catch (error) {
    throw openFailure(path, error);
  }
  try {
    const applicationId = (await db.get<{ application_id: number }>('PRAGMA application_id'))?.application_id ?? 0;
    const userVersion = (await db.get<{ user_version: number }>('PRAGMA user_version'))?.user_version ?? 0;
    checkIdentity(path, applicationId, userVersion);
    const problems = await db.all<{ quick_check: string }>('PRAGMA quick_check');
    if (problems.length !== 1 || problems[0].quick_check !== 'ok') throw damaged(path, `integrity check: ${problems[0]?.quick_check ?? 'no answer'}`);
    const tables = new Set((await db.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`)).map((row) => row.name));
    const missing = userVersion === PROJECT_SCHEMA_VERSION ? REQUIRED_TABLES.filter((table) => !tables.has(table)) : [];
    if (missing.length > 0) throw damaged(path, `missing table${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
    const app = await db.get<{ value: string }>(`SELECT value FROM meta WHERE key = 'app'`);
    if (app?.value !== APP_META_ID) throw damaged(path, 'its project record is missing');
    return { schemaVersion: userVersion };
  } catch (error) {
    throw error instanceof ProjectOpenError ? error : openFailure(path, error);
  } finally {
    await db.close().catch(() => undefined);
  }
}

/** Maps an SQLite failure while reading a candidate file to the reason shown to the user. */
export function openFailure(path: string, error: unknown): ProjectOpenError {
  const code = sqliteErrorCode(error);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code === 'SQLITE_FORMAT') return damaged(path, (error as Error).message);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new ProjectOpenError('locked', `${basename(path)} is busy in another program. Close it there and try again.`);
  }
  return new ProjectOpenError('io', `Cannot open ${path}: ${(error as Error).message}. Check the file's permissions and the disk.`);
}
