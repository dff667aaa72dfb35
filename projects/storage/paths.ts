import { promises as fs } from 'node:fs';
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
