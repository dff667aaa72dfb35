import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProject, openProject } from '../../../projects/storage/openProject';
import type { ProjectStore } from '../../../projects/types';
import { makeTempDir, sampleRun, sha256 } from '../helpers';

let temp: ReturnType<typeof makeTempDir>;
let path: string;
let store: ProjectStore;

beforeEach(async () => {
  temp = makeTempDir();
  path = join(temp.dir, 'notes.attractor');
  store = await createProject(path, 'Notes');
});
afterEach(async () => {
  await store.close();
  temp.cleanup();
});

describe('run notes', () => {
  it('sets, replaces and clears a note, which survives closing and reopening', async () => {
    await store.putRun(sampleRun('a', 'completed'));
    expect((await store.getRun('a'))?.note).toBeUndefined();
    expect(await store.setRunNote('a', 'first try — lr too high\n✓ converged later')).toBe(true);
    expect((await store.getRun('a'))?.note).toBe('first try — lr too high\n✓ converged later');
    await store.close();
    store = await openProject(path);
    expect((await store.listRuns())[0].note).toBe('first try — lr too high\n✓ converged later');
    expect(await store.setRunNote('a', '')).toBe(true);
    expect(await store.getRun('a')).toStrictEqual(sampleRun('a', 'completed'));
  });

  it('answers false for an unknown run', async () => {
    expect(await store.setRunNote('nope', 'x')).toBe(false);
  });

  it('keeps a note when a running job rewrites its (older) record, and writes the note of a new record', async () => {
    const running = sampleRun('r', 'running');
    await store.putRun(running);
    await store.setRunNote('r', 'watch the KL');
    await store.saveProgress({ run: { ...running, lastStep: 5 }, metrics: [] });
    expect(await store.getRun('r')).toMatchObject({ lastStep: 5, note: 'watch the KL' });
    await store.putRun({ ...sampleRun('n', 'queued'), note: 'made with a note' });
    expect((await store.getRun('n'))?.note).toBe('made with a note');
  });

  it('is refused on a project open read-only, leaving the file unchanged', async () => {
    await store.putRun(sampleRun('a', 'completed'));
    await store.close();
    const before = sha256(path);
    store = await openProject(path, { readOnly: true });
    await expect(store.setRunNote('a', 'nope')).rejects.toThrow(/read-only/);
    await store.close();
    expect(sha256(path)).toBe(before);
    store = await openProject(path);
  });
});
