/**
 * Decides whether a file may be opened as a project without changing it: the header is read with plain file I/O,
 * then SQLite inspects it read-only (immutable — no locks, no -wal/-shm side files — when no WAL exists); a writable
 * open adds the full integrity check (checkIntegrity).
 * Every refusal is a ProjectOpenError whose message tells the user what to do.
 */
import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
import { DAMAGED_READ_ONLY_REASON, PROJECT_SCHEMA_VERSION, ProjectOpenError } from '../types';
import { isDamageError, SqliteDatabase, sqliteErrorCode } from './db';
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

/** Text from SQLite or the file system, made one line of at most `max` characters. */
export function oneLine(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * The first of SQLite's integrity-check problems and how many more there are. One answer row may hold several problems,
 * one per line under a "*** in database main ***" heading; SQLite stops after 100.
 */
export function summarizeProblems(rows: string[]): string {
  const problems = rows.flatMap((row) => row.split('\n')).map((line) => line.trim()).filter((line) => line !== '' && !/^\*\*\* in database/.test(line));
  if (problems.length === 0) return 'no answer';
  const more = problems.length - 1;
  return `${oneLine(problems[0], 120)}${more === 0 ? '' : ` and ${problems.length >= 100 ? 'at least ' : ''}${more} more`}`;
}

const damaged = (path: string, why: string): ProjectOpenError =>
  new ProjectOpenError(
    'damaged',
    `${basename(path)} is damaged and cannot be opened (${oneLine(why)}). Open a backup copy, or a copy saved earlier with Save As.`,
  );

/** A file SQLite can still read but that failed the integrity check: refused for writing, readable read-only. */
export const damagedForWriting = (path: string, why: string): ProjectOpenError =>
  new ProjectOpenError(
    'damaged',
    `${basename(path)} is damaged (${oneLine(why)}) and was not changed: open it read-only to export what is intact, or open a backup copy.`,
    DAMAGED_READ_ONLY_REASON,
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
    const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
    if (pageSize > 0 && stat.size < pageSize) throw damaged(path, 'the file is truncated');
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

/** Opens a connection that reads without side effects: immutable (no locks, no -wal/-shm) unless a WAL holds frames. */
export async function inspectionConnection(path: string): Promise<SqliteDatabase> {
  const walSize = (await fs.stat(walPath(path)).catch(() => undefined))?.size ?? 0;
  try {
    return await SqliteDatabase.open(path, walSize === 0 ? 'immutable' : 'readonly');
  } catch (error) {
    throw openFailure(path, error);
  }
}

/**
 * Checks that `path` is a project this version can open, or throws ProjectOpenError; never modifies it. This looks at
 * the header, identity and tables only: checkIntegrity() is the full check a writable open adds.
 */
export async function inspectProjectFile(path: string): Promise<ProjectFileInfo> {
  const header = await readHeader(path);
  const walSize = (await fs.stat(walPath(path)).catch(() => undefined))?.size ?? 0;
  if (walSize === 0) {
    // No pending WAL frames: the file header is authoritative, so foreign or newer files are refused untouched.
    checkIdentity(path, header.readInt32BE(HEADER_APPLICATION_ID_OFFSET), header.readInt32BE(HEADER_USER_VERSION_OFFSET));
  }
  const db = await inspectionConnection(path);
  try {
    const applicationId = (await db.get<{ application_id: number }>('PRAGMA application_id'))?.application_id ?? 0;
    const userVersion = (await db.get<{ user_version: number }>('PRAGMA user_version'))?.user_version ?? 0;
    if (walSize > 0 && header.readInt32BE(HEADER_APPLICATION_ID_OFFSET) === APPLICATION_ID && applicationId !== APPLICATION_ID) {
      throw new ProjectOpenError(
        'damaged',
        `${basename(path)} is not opened: the ${basename(walPath(path))} file beside it holds changes of another program's database. ` +
          'Move that file away and open the project again.',
      );
    }
    checkIdentity(path, applicationId, userVersion);
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

/**
 * SQLite's full PRAGMA integrity_check (every page, every index entry, NOT NULL and CHECK constraints): the file must
 * pass it before anything writes to it. quick_check is not enough — it skips index contents and row order, and passed
 * files with "row missing from index" and "NULL value in metrics.json" that writes then spread. Throws 'damaged'.
 */
export async function checkIntegrity(path: string): Promise<void> {
  const db = await inspectionConnection(path);
  try {
    const problems = (await db.all<{ integrity_check: string }>('PRAGMA integrity_check')).map((row) => String(row.integrity_check));
    if (problems.length !== 1 || problems[0] !== 'ok') throw damagedForWriting(path, `integrity check: ${summarizeProblems(problems)}`);
  } catch (error) {
    throw error instanceof ProjectOpenError ? error : openFailure(path, error);
  } finally {
    await db.close().catch(() => undefined);
  }
}

/** Maps an SQLite failure while reading a candidate file to the reason shown to the user. */
export function openFailure(path: string, error: unknown): ProjectOpenError {
  const code = sqliteErrorCode(error);
  if (isDamageError(error) || code === 'SQLITE_FORMAT') return damaged(path, (error as Error).message);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new ProjectOpenError('locked', `${basename(path)} is busy in another program. Close it there and try again.`);
  }
  return new ProjectOpenError('io', `Cannot open ${path}: ${oneLine((error as Error).message)}. Check the file's permissions and the disk.`);
}
