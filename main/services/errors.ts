import type { ApiError } from '../api/contract';
import { DamagedDataError, InvalidDiagramError, ProjectOpenError, ReadOnlyProjectError } from '../../projects/types';
import { oneLine } from '../../engine/text/boundedText';
import { FileArgumentError } from './fileArguments';

/** An error meant for the user, thrown inside the services and returned to callers as an ApiError value. */
export class ServiceError extends Error {
  constructor(
    readonly code: ApiError['code'],
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** ApiError code of each reason a project file is refused (the projects layer's messages already say what to do). */
const openErrorCodes: Record<ProjectOpenError['reason'], ApiError['code']> = {
  'not-found': 'not-found',
  'not-sqlite': 'project-refused',
  damaged: 'damaged',
  'newer-version': 'project-refused',
  locked: 'project-refused',
  'read-only': 'read-only',
  io: 'io',
};

const nodeErrorCodes: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'the disk is full',
  EROFS: 'the file system is read-only',
  EISDIR: 'a folder is in the way',
};

/** SQLite result codes of a write that failed on the disk's side, and what the user can do. The open project stays as it was. */
const sqliteWriteCodes: Record<string, string> = {
  SQLITE_FULL: 'the disk is full. Free some space and try again',
  SQLITE_READONLY: 'the file or its folder is read-only. Make it writable, or save a copy elsewhere with Save As',
  SQLITE_CANTOPEN: 'the file cannot be created or opened there (a missing or read-only folder?). Choose another location',
  SQLITE_IOERR: 'the disk reported an error. Check the disk, or save a copy elsewhere with Save As',
  SQLITE_PERM: 'permission was denied. Check the file and folder permissions',
};

/** The reason a disk write failed, from an SQLite or file-system error, or undefined for other errors. */
export function writeFailureReason(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (code in sqliteWriteCodes) return sqliteWriteCodes[code];
  const sqlite = /^SQLITE_(FULL|READONLY|CANTOPEN|IOERR|PERM)/.exec(code);
  if (sqlite) return sqliteWriteCodes[`SQLITE_${sqlite[1]}`];
  return code in nodeErrorCodes ? nodeErrorCodes[code] : undefined;
}

/** ApiError code of each reason a file named in a request is refused. */
const fileArgumentCodes: Record<FileArgumentError['reason'], ApiError['code']> = {
  'not-found': 'not-found',
  'not-a-file': 'invalid-argument',
  'too-large': 'invalid-argument',
  unreadable: 'io',
  unwritable: 'io',
  exists: 'exists',
};

/** Turns anything thrown inside a service into an ApiError a user can act on: one line of at most MAX_MESSAGE_CHARS. */
export function toApiError(error: unknown): ApiError {
  const { code, message } = describeError(error);
  return { code, message: oneLine(message) };
}

function describeError(error: unknown): ApiError {
  if (error instanceof FileArgumentError) return { code: fileArgumentCodes[error.reason], message: error.message };
  if (error instanceof ServiceError) return { code: error.code, message: error.message };
  if (error instanceof ProjectOpenError) return { code: openErrorCodes[error.reason], message: error.message };
  if (error instanceof InvalidDiagramError) return { code: 'invalid-diagram', message: error.message };
  if (error instanceof DamagedDataError) return { code: 'damaged', message: error.message };
  if (error instanceof ReadOnlyProjectError) return { code: 'read-only', message: error.message };
  const nodeCode = (error as { code?: unknown } | null)?.code;
  if (typeof nodeCode === 'string' && nodeCode in nodeErrorCodes) {
    const path = (error as { path?: string }).path;
    return { code: 'io', message: `Could not access ${path ?? 'a file'}: ${nodeErrorCodes[nodeCode]}.` };
  }
  const diskReason = writeFailureReason(error);
  if (diskReason) return { code: 'io', message: `The change could not be stored: ${diskReason}. Nothing was lost from the open project.` };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Internal error: ${message}` };
}
