import type { ApiError } from '../api/contract';
import { ProjectOpenError } from '../../projects/types';

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

const openAdvice: Record<ProjectOpenError['reason'], { code: ApiError['code']; advice: string }> = {
  'not-found': { code: 'not-found', advice: 'Check the path, or choose the file again with Open….' },
  'not-sqlite': { code: 'project-refused', advice: 'Choose a file saved by Attractor Studio (.attractor).' },
  damaged: { code: 'project-refused', advice: 'The file was left untouched; open a backup copy instead.' },
  'newer-version': { code: 'project-refused', advice: 'Update Attractor Studio to open this project.' },
  locked: { code: 'project-refused', advice: 'Close the other program or window using it, then try again.' },
  io: { code: 'io', advice: 'Check that the file and its folder are readable and writable.' },
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
  if (error instanceof ProjectOpenError) {
    const { code, advice } = openAdvice[error.reason];
    return { code, message: `${error.message.trim().replace(/\.?$/, '.')} ${advice}` };
  }
  const nodeCode = (error as { code?: unknown } | null)?.code;
  if (typeof nodeCode === 'string' && nodeCode in nodeErrorCodes) {
    const path = (error as { path?: string }).path;
    return { code: 'io', message: `Could not access ${path ?? 'a file'}: ${nodeErrorCodes[nodeCode]}.` };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Internal error: ${message}` };
}
