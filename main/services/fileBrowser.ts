/**
 * fs:list and fs:mkdir: the folder browsing behind browser mode's Open and Save As dialogs (Electron has native ones).
 * Lists folders and regular files only; kernel and device trees (/proc, /sys, /dev) are refused, never walked.
 */
import { promises as fs, type Dirent } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, extname, isAbsolute, join, resolve, sep } from 'node:path';
import { PROJECT_EXTENSION } from '../../projects/types';
import { FOLDER_LIST_MAX_ENTRIES, type FolderEntry, type FolderListing } from '../api/contract';
import { ServiceError } from './errors';

/** Pseudo-filesystems whose "files" are processes, devices or kernel state, not documents. */
const SPECIAL_ROOTS = ['/proc', '/sys', '/dev'];

function isSpecial(path: string): boolean {
  return SPECIAL_ROOTS.some((root) => path === root || path.startsWith(`${root}${sep}`));
}

/** The user's message for a failed access of `path` (not found, not a folder, permission), with what to do. */
function accessError(error: unknown, path: string): ServiceError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return new ServiceError('not-found', `The folder ${path} does not exist. Check the path, or go up to a folder that exists.`);
  if (code === 'ENOTDIR') return new ServiceError('invalid-argument', `${path} is a file, not a folder.`);
  if (code === 'EACCES' || code === 'EPERM') return new ServiceError('io', `Permission denied: ${path} cannot be read by the user running Attractor Studio.`);
  if (code === 'EEXIST') return new ServiceError('exists', `${path} already exists. Choose another name.`);
  return new ServiceError('io', `Could not access ${path}: ${error instanceof Error ? error.message : String(error)}.`);
}

/** An absolute path from a request; empty or missing means the home folder. */
function requestedFolder(path: unknown, channel: string): string {
  if (path === undefined || path === null || path === '') return homedir();
  if (typeof path !== 'string') throw new ServiceError('invalid-argument', `${channel} needs { path: string }.`);
  const expanded = path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
  if (!isAbsolute(expanded)) throw new ServiceError('invalid-argument', `${path} is not an absolute path: start it with / (or ~ for the home folder).`);
  return resolve(expanded);
}

/** The kind and size of one entry; symbolic links count as what they point to; sockets, devices and broken links are left out. */
async function describe(folder: string, entry: Dirent): Promise<FolderEntry | undefined> {
  const stat = await fs.stat(join(folder, entry.name)).catch(() => undefined);
  if (!stat) return undefined;
  const modifiedAt = Math.round(stat.mtimeMs);
  if (stat.isDirectory()) return { name: entry.name, kind: 'folder', size: 0, modifiedAt };
  if (!stat.isFile()) return undefined;
  const kind = extname(entry.name).toLowerCase() === PROJECT_EXTENSION ? 'project' : 'file';
  return { name: entry.name, kind, size: stat.size, modifiedAt };
}

const byKindThenName = (a: FolderEntry, b: FolderEntry): number =>
  (a.kind === 'folder' ? 0 : 1) - (b.kind === 'folder' ? 0 : 1) || a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' });

/** Lists a folder: folders first, then files, by name; at most `maxEntries` of them. */
export async function listFolder(requested: unknown, maxEntries = FOLDER_LIST_MAX_ENTRIES): Promise<FolderListing> {
  const asked = requestedFolder(requested, 'fs:list');
  const path = await fs.realpath(asked).catch((error: unknown) => {
    throw accessError(error, asked);
  });
  if (isSpecial(path)) throw new ServiceError('invalid-argument', `${path} holds system state, not projects; choose another folder.`);
  const folder = await fs.opendir(path).catch((error: unknown) => {
    throw accessError(error, path);
  });
  const found: Dirent[] = [];
  let truncated = false;
  try {
    for await (const entry of folder) {
      if (found.length === maxEntries) {
        truncated = true;
        break;
      }
      found.push(entry);
    }
  } catch (error) {
    throw accessError(error, path);
  }
  const entries = (await Promise.all(found.map((entry) => describe(path, entry)))).filter((e): e is FolderEntry => e !== undefined);
  const parent = dirname(path);
  return { path, parent: parent === path ? null : parent, entries: entries.sort(byKindThenName), truncated };
}

/** Creates one folder inside an existing one; returns its absolute path. */
export async function makeFolder(requested: unknown): Promise<string> {
  if (typeof requested !== 'string' || requested.trim() === '') throw new ServiceError('invalid-argument', 'fs:mkdir needs { path: string }: the folder to create.');
  const path = requestedFolder(requested.trim(), 'fs:mkdir');
  if (isSpecial(path)) throw new ServiceError('invalid-argument', `Folders cannot be created under ${path.split(sep).slice(0, 2).join(sep)}.`);
  await fs.mkdir(path).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ServiceError('not-found', `The folder ${dirname(path)} does not exist, so ${path} cannot be created in it.`);
    }
    throw accessError(error, path);
  });
  return path;
}
