import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFolder, makeFolder } from '../../../main/services/fileBrowser';
import { errorOf, servicesPerTest, tempDirsPerTest, valueOf } from '../helpers';

const makeDir = tempDirsPerTest('files');
const makeServices = servicesPerTest();

/** A folder with a sub-folder, a project, a plain file, a hidden file, a symlinked folder and a broken link. */
function sampleFolder(): string {
  const dir = makeDir();
  mkdirSync(join(dir, 'runs'));
  writeFileSync(join(dir, 'xor.attractor'), 'not really sqlite');
  writeFileSync(join(dir, 'notes.txt'), 'hello');
  writeFileSync(join(dir, '.hidden'), '');
  symlinkSync(join(dir, 'runs'), join(dir, 'link-to-runs'));
  symlinkSync(join(dir, 'missing'), join(dir, 'broken-link'));
  return dir;
}

describe('file browser (fs:list, fs:mkdir)', () => {
  it('lists folders first, then files by name, with kinds and sizes; links count as their target, broken ones are left out', async () => {
    const dir = sampleFolder();
    const listing = await listFolder(dir);
    expect(listing.path).toBe(dir);
    expect(listing.parent).toBe(join(dir, '..'));
    expect(listing.truncated).toBe(false);
    expect(listing.entries.map((e) => [e.name, e.kind])).toEqual([
      ['link-to-runs', 'folder'],
      ['runs', 'folder'],
      ['.hidden', 'file'],
      ['notes.txt', 'file'],
      ['xor.attractor', 'project'],
    ]);
    expect(listing.entries.find((e) => e.name === 'notes.txt')).toMatchObject({ size: 5 });
    expect(listing.entries.every((e) => e.modifiedAt > 0)).toBe(true);
  });

  it('stops at the entry limit and says so', async () => {
    const dir = makeDir();
    for (let i = 0; i < 7; i++) writeFileSync(join(dir, `f${i}.attractor`), '');
    const listing = await listFolder(dir, 5);
    expect(listing.entries).toHaveLength(5);
    expect(listing.truncated).toBe(true);
  });

  it('starts at the home folder, expands ~ and has no parent at the root', async () => {
    expect((await listFolder(undefined)).path).toBe(await import('node:fs/promises').then((fs) => fs.realpath(homedir())));
    expect((await listFolder('~')).path).toBe((await listFolder('')).path);
    expect((await listFolder('/')).parent).toBeNull();
  });

  it('names the problem: missing folder, a file, a relative path, system folders', async () => {
    const { services } = makeServices();
    const dir = sampleFolder();
    expect(errorOf(await services.handle('fs:list', { path: join(dir, 'nope') }))).toMatchObject({ code: 'not-found', message: expect.stringContaining('does not exist') });
    expect(errorOf(await services.handle('fs:list', { path: join(dir, 'notes.txt') }))).toMatchObject({ code: 'invalid-argument', message: expect.stringContaining('is a file, not a folder') });
    expect(errorOf(await services.handle('fs:list', { path: 'relative/folder' }))).toMatchObject({ code: 'invalid-argument', message: expect.stringContaining('absolute') });
    expect(errorOf(await services.handle('fs:list', { path: '/proc/self' }))).toMatchObject({ code: 'invalid-argument' });
    expect(errorOf(await services.handle('fs:list', { path: '/sys' }))).toMatchObject({ code: 'invalid-argument' });
  });

  // root reads any folder, so only another user can see the refusal.
  it.skipIf(process.getuid?.() === 0)('refuses an unreadable folder with a permission message', async () => {
    const { services } = makeServices();
    const locked = join(makeDir(), 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o000);
    try {
      expect(errorOf(await services.handle('fs:list', { path: locked }))).toMatchObject({ code: 'io', message: expect.stringContaining('Permission denied') });
    } finally {
      chmodSync(locked, 0o755);
    }
  });

  it('creates a folder inside an existing one, refusing an existing name and a missing parent', async () => {
    const { services } = makeServices();
    const dir = makeDir();
    const created = valueOf(await services.handle('fs:mkdir', { path: join(dir, 'experiments') }));
    expect(created).toBe(join(dir, 'experiments'));
    expect(valueOf(await services.handle('fs:list', { path: dir })).entries.map((e) => e.name)).toEqual(['experiments']);
    expect(errorOf(await services.handle('fs:mkdir', { path: created }))).toMatchObject({ code: 'exists' });
    expect(errorOf(await services.handle('fs:mkdir', { path: join(dir, 'a', 'b') }))).toMatchObject({ code: 'not-found', message: expect.stringContaining(join(dir, 'a')) });
    await expect(makeFolder('')).rejects.toThrow('fs:mkdir needs');
  });
});
