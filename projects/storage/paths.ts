import { constants as fsConstants, promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Absolute path with symlinks resolved (of the file if it exists, else of its folder), so one file has one lock. */
export async function canonicalPath(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await fs.realpath(absolute);
  } catch {
    try {
      return join(await fs.realpath(dirname(absolute)), basename(absolute));
    } catch {
      return absolute;
    }
  }
}

/** A fresh hidden sibling path to build a file in before renaming it into place. */
export function temporarySibling(path: string, tag: string): string {
  return join(dirname(path), `.${basename(path)}.${tag}-${process.pid}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
}

/** Whether this process may write `target` and its mode grants write to someone (root may write a 0444 file; we do not). */
async function writable(target: string): Promise<boolean> {
  if (!(await fs.access(target, fsConstants.W_OK).then(() => true, () => false))) return false;
  return ((await fs.stat(target)).mode & 0o222) !== 0;
}

/**
 * Why the project at `path` cannot be written: the file, or its folder (where WAL mode keeps `-wal`/`-shm` and we keep
 * the lock), is not writable; undefined when both are. A file or folder without any write permission bit counts as
 * read-only even for root, as the user meant it; writes SQLite refuses anyway surface from its SQLITE_READONLY error.
 */
export async function unwritableReason(path: string): Promise<string | undefined> {
  if (!(await writable(path))) return 'the file is read-only';
  const folder = dirname(path);
  if (!(await writable(folder))) return `the folder ${folder} is not writable, so SQLite cannot keep its journal there`;
  return undefined;
}
