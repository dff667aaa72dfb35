/**
 * Files named by a client (an API request's path, a command-line word): read only when they are regular files within a
 * size limit, checked before any byte is read, and written only where no file is, unless the caller asked to replace it.
 */
import { constants, type Stats } from 'node:fs';
import { open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { temporarySibling } from '../../projects/storage/paths';

const MB = 1024 * 1024;

/** Largest file each reader accepts; the message on refusal names the file's size and the limit. */
export const FILE_LIMITS = {
  /** A CSV dataset: 70,000 rows × 784 columns of 0/1 are about 110 MB. */
  csv: { maxBytes: 256 * MB, what: 'a CSV file' },
  /** A diagram JSON file: a 784×500 RBM with its parameters is about 8 MB. */
  diagram: { maxBytes: 64 * MB, what: 'a diagram file' },
  /** One PNG or JPEG image (its pixel count is checked separately, from its header). */
  image: { maxBytes: 32 * MB, what: 'an image file' },
} as const;

export type FileLimit = (typeof FILE_LIMITS)[keyof typeof FILE_LIMITS];

/** Why a file argument was refused: it does not exist, is not a regular file, is too large, or cannot be read or written. */
export class FileArgumentError extends Error {
  constructor(
    readonly reason: 'not-found' | 'not-a-file' | 'too-large' | 'unreadable' | 'unwritable' | 'exists',
    message: string,
  ) {
    super(message);
    this.name = 'FileArgumentError';
  }
}

/** "312 bytes", "1.5 MB", "256 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  if (bytes < MB) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  const megabytes = bytes / MB;
  return `${megabytes < 10 && !Number.isInteger(megabytes) ? megabytes.toFixed(1) : Math.round(megabytes)} MB`;
}

/** "is 300 MB, over the 256 MB limit for a CSV file". */
export function overLimit(bytes: number, limit: FileLimit): string {
  // Just over the limit both round to the same "256 MB": then exact byte counts say which is larger.
  const exact = formatBytes(bytes) === formatBytes(limit.maxBytes);
  const size = exact ? `${bytes.toLocaleString('en-US')} bytes` : formatBytes(bytes);
  const max = exact ? `${limit.maxBytes.toLocaleString('en-US')}-byte` : formatBytes(limit.maxBytes);
  return `is ${size}, over the ${max} limit for ${limit.what}`;
}

/** What a non-regular file is, in words. */
function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function checkStats(path: string, stats: Stats, limit: FileLimit): void {
  if (!stats.isFile()) throw new FileArgumentError('not-a-file', `${path} is ${kindOf(stats)}, not a file; choose ${limit.what}.`);
  if (stats.size > limit.maxBytes) {
    throw new FileArgumentError('too-large', `${path} ${overLimit(stats.size, limit)}.`);
  }
}

function accessProblem(path: string, error: unknown): FileArgumentError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return new FileArgumentError('not-found', `${path}: no such file`);
  if (code === 'ENOTDIR') return new FileArgumentError('not-found', `${path}: no such file (a part of the path is not a folder)`);
  if (code === 'EACCES' || code === 'EPERM') return new FileArgumentError('unreadable', `${path}: permission denied`);
  if (code === 'ELOOP') return new FileArgumentError('unreadable', `${path}: too many symbolic links`);
  return new FileArgumentError('unreadable', `${path} cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`);
}

/** Reads at most this much per call, so a file that grows while read is caught at the limit, not after. */
const CHUNK_BYTES = 4 * MB;

/**
 * The bytes of a regular file of at most `limit.maxBytes`. The type and size are checked before opening, and again on
 * the open handle (opened non-blocking, so a file swapped for a FIFO in between cannot hang the read); devices, FIFOs,
 * sockets and folders are refused by what they are, and the read stops at the limit even if the file grows.
 */
export async function readFileArgument(path: string, limit: FileLimit): Promise<Buffer> {
  checkStats(path, await stat(path).catch((error: unknown) => Promise.reject(accessProblem(path, error))), limit);
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK).catch((error: unknown) => Promise.reject(accessProblem(path, error)));
  try {
    const stats = await handle.stat();
    checkStats(path, stats, limit);
    const buffer = Buffer.alloc(stats.size + 1);
    let total = 0;
    for (;;) {
      const want = Math.min(CHUNK_BYTES, buffer.length - total);
      if (want === 0) break;
      const { bytesRead } = await handle.read(buffer, total, want, total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    if (total > stats.size) {
      throw new FileArgumentError('too-large', `${path} grew while it was read; read it again once it is complete.`);
    }
    return buffer.subarray(0, total);
  } catch (error) {
    if (error instanceof FileArgumentError) throw error;
    throw accessProblem(path, error);
  } finally {
    await handle.close();
  }
}

/** Text of a UTF-8 file argument, a leading byte-order mark dropped. */
export async function readTextFileArgument(path: string, limit: FileLimit): Promise<string> {
  const bytes = await readFileArgument(path, limit);
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return bytes.toString('utf8', start);
}

/**
 * Refuses to write over something at `path` unless `overwrite`: an existing file needs consent ('exists'), and a
 * folder, device or FIFO is never written to.
 */
export async function checkWriteTarget(path: string, overwrite: boolean, consent: string): Promise<void> {
  const stats = await stat(path).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw accessProblem(path, error);
  });
  if (!stats) return;
  if (!stats.isFile()) throw new FileArgumentError('not-a-file', `${path} is ${kindOf(stats)}, not a file; choose a file name to write to.`);
  if (!overwrite) throw new FileArgumentError('exists', `${path} already exists; choose another name, or ${consent} to replace it.`);
}

/**
 * Writes `bytes` to `path` through a temporary sibling and a rename (a failed write never leaves half a file), after
 * checkWriteTarget: an existing file is replaced only with `overwrite`; `consent` says how to give it ("pass --force").
 */
export async function writeFileArgument(path: string, bytes: Uint8Array | string, overwrite: boolean, consent: string): Promise<void> {
  await checkWriteTarget(path, overwrite, consent);
  const temp = temporarySibling(path, 'export');
  try {
    await writeFile(temp, bytes, { flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    const code = (error as NodeJS.ErrnoException | null)?.code;
    const reason = code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOSPC' ? 'the disk is full' : code === 'EROFS' ? 'the file system is read-only' : (code ?? String(error));
    throw new FileArgumentError('unwritable', `${path} cannot be written: ${reason}; choose another location.`);
  }
}
