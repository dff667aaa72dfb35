import type { ApiError } from '../api/contract';
import { InvalidDiagramError, ProjectOpenError } from '../../projects/types';

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
  damaged: 'project-refused',
  'newer-version': 'project-refused',
  locked: 'project-refused',
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

/** Turns anything thrown inside a service into an ApiError a user can act on. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ServiceError) return { code: error.code, message: error.message };
  if (error instanceof ProjectOpenError) return { code: openErrorCodes[error.reason], message: error.message };
  if (error instanceof InvalidDiagramError) return { code: 'invalid-diagram', message: error.message };
  const nodeCode = (error as { code?: unknown } | null)?.code;
  if (typeof nodeCode === 'string' && nodeCode in nodeErrorCodes) {
    const path = (error as { path?: string }).path;
    return { code: 'io', message: `Could not access ${path ?? 'a file'}: ${nodeErrorCodes[nodeCode]}.` };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Internal error: ${message}` };
}
