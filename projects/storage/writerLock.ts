/**
 * One writer per project: `<project>-lock` holds {pid, host, processStartedAt, token} of the process that has the
 * project open for writing. It is created with O_EXCL, removed on close (and on process exit), and a lock whose
 * process is gone (a crash or kill -9) is stale and taken over. Read-only opens ignore it.
 * A pid of another live process on this host, or any process on another host, counts as live.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs, rmSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { ProjectOpenError } from '../types';
import { lockPath } from './fileFormat';

/** What a lock file records about its owner. */
export interface LockOwner {
  pid: number;
  host: string;
  /** Owner's process start time (ms since epoch) — tells a reused pid apart after a restart. */
  processStartedAt: number;
  token: string;
}

/** A held writer lock; release() is idempotent. */
export interface WriterLock {
  readonly file: string;
  release(): Promise<void>;
}

const PROCESS_STARTED_AT = Math.round(Date.now() - process.uptime() * 1000);
/** Lock files this process holds → their token; the exit handler removes them if close() was never called. */
const held = new Map<string, string>();
let exitHandlerInstalled = false;

function installExitHandler(): void {
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  process.on('exit', () => {
    for (const [file, token] of held) if (readOwner(readFileSyncSafe(file))?.token === token) rmSync(file, { force: true });
  });
}

function readFileSyncSafe(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function readOwner(text: string | undefined): LockOwner | undefined {
  if (text === undefined) return undefined;
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    if (typeof owner.pid === 'number' && typeof owner.host === 'string' && typeof owner.token === 'string') {
      return { pid: owner.pid, host: owner.host, processStartedAt: Number(owner.processStartedAt), token: owner.token };
    }
  } catch {
    // falls through: garbled
  }
  return undefined;
}

/** Whether the recorded owner may still be running. */
function ownerAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return Math.abs(owner.processStartedAt - PROCESS_STARTED_AT) < 2000;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live owner of a project's writer lock, or undefined when the project is free (no lock or a stale one). */
export async function liveLockOwner(projectPath: string): Promise<LockOwner | undefined> {
  const file = lockPath(projectPath);
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const owner = readOwner(text);
  if (owner) return ownerAlive(owner) ? owner : undefined;
  // Unparsable: another process may be between creating and writing it; only an old one is stale.
  const stat = await fs.stat(file).catch(() => undefined);
  return stat && Date.now() - stat.mtimeMs < 2000 ? { pid: -1, host: 'unknown', processStartedAt: 0, token: '' } : undefined;
}

/** The refusal for a project another writer holds: who holds it and what to do. */
export function lockedError(projectPath: string, owner: LockOwner): ProjectOpenError {
  if (owner.pid === process.pid && owner.host === hostname()) {
    return new ProjectOpenError('locked', `${projectPath} is already open for editing in this session. Switch to it, or open it read-only.`);
  }
  const where =
    owner.pid < 0
      ? 'another Attractor Studio process'
      : owner.host === hostname()
        ? `another Attractor Studio process (pid ${owner.pid})`
        : `Attractor Studio on computer "${owner.host}" (pid ${owner.pid})`;
  return new ProjectOpenError(
    'locked',
    `${projectPath} is already open for editing in ${where}. Close it there first, or open it read-only. ` +
      `If no other copy of Attractor Studio is running, delete ${lockPath(projectPath)} and try again.`,
  );
}

async function tryCreate(file: string, owner: LockOwner): Promise<boolean> {
  try {
    await fs.writeFile(file, JSON.stringify(owner), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new ProjectOpenError('io', `Cannot create the lock file ${file}: ${(error as Error).message}. Check that the folder is writable.`);
  }
}

/** Takes the writer lock of a project or throws ProjectOpenError('locked'); a stale lock is taken over. */
export async function acquireWriterLock(projectPath: string): Promise<WriterLock> {
  const file = lockPath(projectPath);
  if (held.has(file)) throw lockedError(projectPath, { pid: process.pid, host: hostname(), processStartedAt: PROCESS_STARTED_AT, token: '' });
  const owner: LockOwner = { pid: process.pid, host: hostname(), processStartedAt: PROCESS_STARTED_AT, token: randomBytes(8).toString('hex') };
  held.set(file, owner.token);
  try {
    if (!(await tryCreate(file, owner))) {
      const current = await liveLockOwner(projectPath);
      if (current) throw lockedError(projectPath, current);
      // Stale: move it aside (only one process wins the rename), then create ours.
      const aside = `${file}.stale-${owner.token}`;
      await fs.rename(file, aside).catch(() => undefined);
      await fs.rm(aside, { force: true });
      if (!(await tryCreate(file, owner))) throw lockedError(projectPath, (await liveLockOwner(projectPath)) ?? owner);
    }
  } catch (error) {
    held.delete(file);
    throw error;
  }
  installExitHandler();
  let released = false;
  return {
    file,
    async release() {
      if (released) return;
      released = true;
      held.delete(file);
      const text = await fs.readFile(file, 'utf8').catch(() => undefined);
      if (readOwner(text)?.token === owner.token) await fs.rm(file, { force: true });
    },
  };
}
