import { chmodSync, copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../../../projects/storage/db';
import { openProject, openProjectForEditing } from '../../../projects/storage/openProject';
import { SqliteProject } from '../../../projects/storage/sqliteProject';
import { DAMAGED_READ_ONLY_REASON, ProjectOpenError, ReadOnlyProjectError, REQUESTED_READ_ONLY_REASON, type ProjectStore } from '../../../projects/types';
import { damageDatasetIndex, labelledDataset, makeTempDir, plainDataset, sha256, unitDiagram, writeSmallProject } from '../helpers';

// Read-only places (a 0444 file, a folder without write permission) open read-only with the reason named, refuse every
// write in one line, and — like every read-only open — leave no -wal/-shm files beside the project. The permission
// checks look at the mode bits as well as access(), so these tests hold when run as root too.

let temp: ReturnType<typeof makeTempDir>;
let folder: string;
let path: string;
const open: ProjectStore[] = [];
const track = <T extends ProjectStore>(store: T): T => (open.push(store), store);

beforeEach(async () => {
  temp = makeTempDir();
  folder = join(temp.dir, 'projects');
  mkdirSync(folder);
  path = join(folder, 'held.attractor');
  await writeSmallProject(path, 'Held', 'r', 20);
});
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
  chmodSync(folder, 0o755);
  chmodSync(path, 0o644);
  temp.cleanup();
});

const listing = () => readdirSync(folder).sort();

/** Opening for editing gives a read-only store naming `reason`; its reads work, every write is refused, nothing changes. */
async function expectOpensReadOnly(reason: string): Promise<void> {
  const before = { files: listing(), hash: sha256(path) };
  const refused = await openProject(path).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(ProjectOpenError);
  expect(refused).toMatchObject({ reason: 'read-only', readOnlyReason: reason });
  expect((refused as Error).message).toMatch(/^held\.attractor cannot be changed: .*\. Make it writable, or save a copy elsewhere with Save As\.$/);
  expect(listing()).toEqual(before.files);

  const store = track(await openProjectForEditing(path));
  expect(store.readOnly).toBe(true);
  expect(store.readOnlyReason).toBe(reason);
  expect(await store.getDataset('digits')).toEqual(labelledDataset());
  expect(await store.listMetrics('r')).toHaveLength(20);
  for (const write of [() => store.putDataset(plainDataset()), () => store.markInterruptedRuns(), () => store.setName('x')]) {
    const error = await write().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ReadOnlyProjectError);
    expect((error as Error).message).toMatch(/^held\.attractor is read-only: .+; nothing was changed — save a copy with Save As to make changes\.$/);
    expect((error as Error).message).toContain(`: ${reason};`);
  }
  await store.close();
  expect(listing()).toEqual(before.files);
  expect(sha256(path)).toBe(before.hash);
}

describe('read-only places', () => {
  it('a 0444 file opens read-only: "the file is read-only"', async () => {
    chmodSync(path, 0o444);
    await expectOpensReadOnly('the file is read-only');
  });

  it('a folder without write permission opens read-only, naming the folder and the journal', async () => {
    chmodSync(folder, 0o555);
    await expectOpensReadOnly(`the folder ${folder} is not writable, so SQLite cannot keep its journal there`);
  });

  it('a write SQLite refuses as read-only (the check was not authoritative) is a ReadOnlyProjectError, not SQLITE_READONLY', async () => {
    const connection = await SqliteDatabase.open(path, 'readonly');
    const store = track(new SqliteProject(connection, path, undefined, undefined));
    const error = await store.putDataset(plainDataset()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ReadOnlyProjectError);
    expect((error as Error).message).toBe(
      'held.attractor is read-only: the file or its folder is not writable; nothing was changed — save a copy with Save As to make changes.',
    );
  });

  it('a file that fails the integrity check opens read-only for editing, with what is intact readable', async () => {
    await damageDatasetIndex(path);
    const hash = sha256(path);
    const store = track(await openProjectForEditing(path));
    expect(store.readOnlyReason).toBe(DAMAGED_READ_ONLY_REASON);
    // The damaged index no longer finds the row by id; a scan of the table still reads it.
    expect(await store.listDatasets()).toEqual([labelledDataset()]);
    await expect(store.putDiagram(unitDiagram('other'))).rejects.toThrow(/^held\.attractor is read-only: the file is damaged; nothing was changed/);
    await store.close();
    expect(sha256(path)).toBe(hash);
    expect(listing()).toEqual(['held.attractor']);
  });
});

describe('read-only opens leave no side files', () => {
  it('of a closed project: opened immutable, nothing beside it before or after', async () => {
    const store = track(await openProject(path, { readOnly: true }));
    expect(store.readOnlyReason).toBe(REQUESTED_READ_ONLY_REASON);
    expect(await store.listDiagrams()).toHaveLength(1);
    expect(listing()).toEqual(['held.attractor']);
    await store.close();
    expect(listing()).toEqual(['held.attractor']);
  });

  it('beside a live writer: reads its commits, and the writer is the one to remove its WAL', async () => {
    const writer = track(await openProject(path));
    const reader = track(await openProject(path, { readOnly: true }));
    await writer.putDataset(plainDataset());
    expect((await reader.listDatasets()).map((d) => d.id)).toEqual(['digits', 'xor']);
    await reader.close();
    expect(listing()).toEqual(['held.attractor', 'held.attractor-lock', 'held.attractor-shm', 'held.attractor-wal']);
    await writer.close();
    expect(listing()).toEqual(['held.attractor']);
  });

  it('of a file a crash left with a WAL: reads the WAL, keeps it as it was and removes the -shm it added', async () => {
    const writer = await SqliteDatabase.open(path, 'readwrite');
    await writer.exec(`PRAGMA wal_autocheckpoint = 0; UPDATE meta SET value = 'After crash' WHERE key = 'name';`);
    const crashed = join(folder, 'crashed.attractor');
    copyFileSync(path, crashed);
    copyFileSync(`${path}-wal`, `${crashed}-wal`);
    await writer.close();
    const walHash = sha256(`${crashed}-wal`);
    const store = track(await openProject(crashed, { readOnly: true }));
    expect(await store.getName()).toBe('After crash');
    await store.close();
    expect(listing()).toEqual(['crashed.attractor', 'crashed.attractor-wal', 'held.attractor']);
    expect(sha256(`${crashed}-wal`)).toBe(walHash);
  });
});
