/**
 * Crash recovery of untitled projects: their scratch files (<dataDir>/scratch/*.attractor) outlive a crash or kill -9.
 * Lists the ones no live process holds, and discards them under their writer lock so no other instance can open one meanwhile.
 */
import { promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { openProject } from '../../projects/storage/openProject';
import { canonicalPath } from '../../projects/storage/paths';
import { acquireWriterLock, liveLockOwner } from '../../projects/storage/writerLock';
import { PROJECT_EXTENSION, ProjectOpenError } from '../../projects/types';
import type { RecoverableProject } from '../api/contract';
import { ServiceError } from './errors';

/** Folder of the scratch files of untitled projects. */
export function scratchFolder(dataDir: string): string {
  return join(dataDir, 'scratch');
}

/** Suffixes of a scratch file and its SQLite side files, deleted together (its -lock file goes when the lock is released). */
export const SIDE_SUFFIXES = ['', '-wal', '-shm', '-journal'];

const isScratchName = (name: string): boolean => name.endsWith(PROJECT_EXTENSION) && !name.startsWith('.');

/** What a listing learns from one scratch file; `blank` when it holds nothing the user made (no node, dataset or run). */
interface ScratchContents {
  entry: RecoverableProject;
  blank: boolean;
}

/** project:listRecoverable and project:discardRecoverable, and the path check of project:recover. */
export class ScratchRecovery {
  constructor(
    private readonly dataDir: string,
    /** Canonical path of the open untitled project's scratch file, or null. */
    private readonly openScratchFile: () => string | null,
  ) {}

  /** Recoverable scratch files, newest first; blank ones are deleted, damaged ones skipped and left on disk. */
  async list(): Promise<RecoverableProject[]> {
    const folder = await this.realFolder();
    const names = await fs.readdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    const found: RecoverableProject[] = [];
    for (const name of names.filter(isScratchName)) {
      const path = await canonicalPath(join(folder, name));
      // A symlink leading out of the folder is not a scratch file (and must never be deleted as a blank one).
      if (dirname(path) !== folder || path === this.openScratchFile() || (await liveLockOwner(path))) continue;
      const contents = await readContents(path);
      if (!contents) continue;
      if (contents.blank) await deleteUnderLock(path).catch(() => undefined);
      else found.push(contents.entry);
    }
    return found.sort((a, b) => b.modifiedAt - a.modifiedAt);
  }

  /** Canonical path of an existing scratch file; 'invalid-argument' for any path outside the scratch folder. */
  async resolve(requested: unknown, channel: string): Promise<string> {
    if (typeof requested !== 'string' || requested === '') throw new ServiceError('invalid-argument', `${channel} needs { path: string }.`);
    const realFolder = await this.realFolder();
    const path = await canonicalPath(requested);
    if (dirname(path) !== realFolder || !isScratchName(basename(path))) {
      throw new ServiceError('invalid-argument', `${requested} is not unsaved work of Attractor Studio: only files in ${realFolder} are accepted.`);
    }
    if (!(await fs.stat(path).then((stat) => stat.isFile(), () => false))) {
      throw new ServiceError('not-found', `The unsaved project ${basename(path)} no longer exists; it may have been recovered or discarded already.`);
    }
    return path;
  }

  private async realFolder(): Promise<string> {
    const folder = scratchFolder(this.dataDir);
    return fs.realpath(folder).catch(() => resolve(folder));
  }

  /** Deletes a scratch file and its side files; refuses the open project and files another live process holds. */
  async discard(requested: unknown): Promise<void> {
    const path = await this.resolve(requested, 'project:discardRecoverable');
    if (path === this.openScratchFile()) {
      throw new ServiceError('invalid-argument', 'That unsaved project is the one open now: close it to discard it.');
    }
    await deleteUnderLock(path);
  }
}

/** Name, counts and last write of a scratch file, read without changing it; undefined when it cannot be read. */
async function readContents(path: string): Promise<ScratchContents | undefined> {
  // Stat before opening: a reader may create empty side files.
  const stats = await Promise.all([fs.stat(path), fs.stat(`${path}-wal`).catch(() => undefined)]).catch(() => undefined);
  if (!stats) return undefined;
  const modifiedAt = Math.round(Math.max(stats[0].mtimeMs, stats[1]?.size ? stats[1].mtimeMs : 0));
  let store;
  try {
    store = await openProject(path, { readOnly: true });
  } catch {
    return undefined;
  }
  try {
    const [name, diagrams, datasets, runs] = await Promise.all([store.getName(), store.listDiagrams(), store.listDatasets(), store.listRuns()]);
    const blank = diagrams.every((diagram) => diagram.nodes.length === 0) && datasets.length === 0 && runs.length === 0;
    return { entry: { path, name, modifiedAt, diagramCount: diagrams.length, runCount: runs.length }, blank };
  } catch {
    return undefined;
  } finally {
    await store.close().catch(() => undefined);
  }
}

/** Takes the writer lock (a stale one is taken over), deletes the file and its side files, then releases the lock file. */
async function deleteUnderLock(path: string): Promise<void> {
  let lock;
  try {
    lock = await acquireWriterLock(path);
  } catch (error) {
    if (error instanceof ProjectOpenError && error.reason === 'locked') {
      throw new ServiceError('busy', `The unsaved project ${basename(path)} is open in another running Attractor Studio; close it there first.`);
    }
    throw error;
  }
  try {
    for (const suffix of SIDE_SUFFIXES) await fs.rm(`${path}${suffix}`, { force: true });
  } finally {
    await lock.release();
  }
}
