import { execFileSync } from 'node:child_process';
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

/** Text shaped like /etc/passwd: what a file argument must never echo beyond a truncated cell. */
export const PASSWD_TEXT =
  'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\nsecret-user:x:1000:1000:Secret User,,,:/home/secret:/bin/bash\n';

/** Bytes of a binary file: every byte value, with NULs and line breaks, twice. */
export const BINARY_BYTES = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256));

export interface PathCase {
  name: string;
  path: string;
  /** The file's content, when a message must not quote more than a cell of it. */
  content?: string;
}

/**
 * Paths a client may name where a file is expected: devices, a FIFO, a folder, a missing file, a sparse file over
 * `tooLargeBytes`, a binary file and passwd-like text (files get `extension`, as a user would name them).
 */
export function pathCorpus(dir: string, extension: string, tooLargeBytes: number): PathCase[] {
  mkdirSync(dir, { recursive: true });
  const fifo = join(dir, `pipe${extension}`);
  execFileSync('mkfifo', [fifo]);
  const folder = join(dir, `folder${extension}`);
  mkdirSync(folder);
  const large = join(dir, `large${extension}`);
  writeFileSync(large, '');
  truncateSync(large, tooLargeBytes + 1);
  const binary = join(dir, `binary${extension}`);
  writeFileSync(binary, BINARY_BYTES);
  const passwd = join(dir, `passwd${extension}`);
  writeFileSync(passwd, PASSWD_TEXT);
  return [
    { name: '/dev/zero', path: '/dev/zero' },
    { name: '/dev/null', path: '/dev/null' },
    { name: 'a FIFO', path: fifo },
    { name: 'a folder', path: folder },
    { name: 'a missing file', path: join(dir, `missing${extension}`) },
    { name: 'a file over the size limit', path: large },
    { name: 'a binary file', path: binary, content: BINARY_BYTES.toString('latin1') },
    { name: 'passwd-like text', path: passwd, content: PASSWD_TEXT },
  ];
}

/** The longest message a user is shown. */
export const MESSAGE_LIMIT = 500;

/** Settles `work` or fails after `seconds` (generous: it guards the suite against a hang, it is no speed test). */
export async function promptly<T>(work: Promise<T>, what: string, seconds = 20): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${seconds} s`)), seconds * 1000);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A refusal message: one line, bounded, and quoting no more than 20 characters of the file's content in a row. */
export function expectBoundedMessage(message: string, content?: string): void {
  expect(message).not.toMatch(/[\r\n]/);
  expect(message.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
  // eslint-disable-next-line no-control-regex
  expect(message).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  if (content === undefined) return;
  for (let start = 0; start + 21 <= content.length; start++) {
    const window = content.slice(start, start + 21);
    if (message.includes(window)) throw new Error(`the message quotes '${window}' of the file: ${message}`);
  }
}
