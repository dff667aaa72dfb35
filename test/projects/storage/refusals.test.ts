import { copyFileSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../../../projects/storage/db';
import { APPLICATION_ID } from '../../../projects/storage/fileFormat';
import { createProject, openProject } from '../../../projects/storage/openProject';
import { PROJECT_SCHEMA_VERSION, ProjectOpenError } from '../../../projects/types';
import { labelledDataset, makeTempDir, sampleCheckpoint, sampleMetrics, sampleRun, sha256, unitDiagram } from '../helpers';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

/** A closed project with enough rows to span many pages. */
async function makeProject(name: string): Promise<string> {
  const path = join(temp.dir, name);
  const store = await createProject(path, 'Victim');
  await store.putDiagram(unitDiagram());
  await store.putDataset(labelledDataset());
  await store.putRun(sampleRun('r', 'completed'));
  await store.appendMetrics('r', sampleMetrics(500));
  for (let step = 0; step < 5; step++) await store.putCheckpoint(sampleCheckpoint('r', step));
  await store.close();
  return path;
}

/** Runs raw SQL on a file with a plain connection (as another program would). */
async function rawSql(path: string, sql: string): Promise<void> {
  const db = await SqliteDatabase.open(path, 'create');
  await db.exec(sql);
  await db.close();
}

/** Asserts both read-write and read-only opens are refused for `reason`, leaving the folder byte-for-byte unchanged. */
async function expectRefused(path: string, reason: ProjectOpenError['reason'], message: RegExp): Promise<void> {
  const listing = () => readdirSync(temp.dir).sort();
  const before = listing();
  const hashes = before.filter((name) => name !== 'folder').map((name) => sha256(join(temp.dir, name)));
  for (const readOnly of [false, true]) {
    const error = await openProject(path, { readOnly }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ProjectOpenError);
    expect((error as ProjectOpenError).reason).toBe(reason);
    expect((error as ProjectOpenError).message).toMatch(message);
  }
  expect(listing()).toEqual(before);
  expect(before.filter((name) => name !== 'folder').map((name) => sha256(join(temp.dir, name)))).toEqual(hashes);
}

describe('openProject refusals (file left untouched)', () => {
  it('a missing file', async () => {
    await expectRefused(join(temp.dir, 'nowhere.attractor'), 'not-found', /does not exist.*choose it again/);
  });

  it('a text file, an empty file, a folder', async () => {
    writeFileSync(join(temp.dir, 'notes.attractor'), 'Just some notes, definitely not SQLite.\n'.repeat(10));
    await expectRefused(join(temp.dir, 'notes.attractor'), 'not-sqlite', /not an Attractor Studio project: it is not an SQLite database\. Choose a project file/);
    writeFileSync(join(temp.dir, 'empty.attractor'), '');
    await expectRefused(join(temp.dir, 'empty.attractor'), 'not-sqlite', /the file is empty/);
    mkdirSync(join(temp.dir, 'folder'));
    await expectRefused(join(temp.dir, 'folder'), 'not-sqlite', /it is a folder/);
  });

  it('PNG bytes', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      Buffer.from('IHDR'),
      Buffer.alloc(200, 0x42),
    ]);
    writeFileSync(join(temp.dir, 'picture.attractor'), png);
    await expectRefused(join(temp.dir, 'picture.attractor'), 'not-sqlite', /not an SQLite database/);
  });

  it('an SQLite database of another program, in rollback and in WAL mode', async () => {
    const plain = join(temp.dir, 'other.db');
    await rawSql(plain, 'CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES (\'Ada\');');
    await expectRefused(plain, 'not-sqlite', /SQLite database of another program \(application id 0x00000000\)/);
    const wal = join(temp.dir, 'other-wal.db');
    await rawSql(wal, 'PRAGMA journal_mode = WAL; PRAGMA application_id = 1234; CREATE TABLE meta (key, value);');
    await expectRefused(wal, 'not-sqlite', /application id 0x000004d2/);
  });

  it('a file of a newer schema version', async () => {
    const path = await makeProject('future.attractor');
    const newer = PROJECT_SCHEMA_VERSION + 1;
    await rawSql(path, `PRAGMA user_version = ${newer}`);
    await expectRefused(path, 'newer-version', new RegExp(`newer version of Attractor Studio \\(schema ${newer}\\); this version reads up to ${PROJECT_SCHEMA_VERSION} — update the app`));
  });

  it('a newer schema version recorded only in an uncheckpointed WAL (a crashed newer app)', async () => {
    const path = await makeProject('source.attractor');
    const writer = await SqliteDatabase.open(path, 'readwrite');
    await writer.exec(`PRAGMA wal_autocheckpoint = 0; PRAGMA user_version = ${PROJECT_SCHEMA_VERSION + 1}; CREATE TABLE extra (x);`);
    const crashed = join(temp.dir, 'crashed.attractor');
    copyFileSync(path, crashed);
    copyFileSync(`${path}-wal`, `${crashed}-wal`);
    await writer.close();
    expect(readFileSync(crashed).readInt32BE(60)).toBe(PROJECT_SCHEMA_VERSION);
    await expectRefusedKeepingMain(crashed, 'newer-version', new RegExp(`schema ${PROJECT_SCHEMA_VERSION + 1}`));
  });

  it('truncated files', async () => {
    const half = await makeProject('half.attractor');
    truncateSync(half, Math.floor(readFileSync(half).length / 2));
    await expectRefused(half, 'damaged', /is damaged and cannot be opened .*backup/);
    const stub = await makeProject('stub.attractor');
    truncateSync(stub, 50);
    await expectRefused(stub, 'damaged', /truncated/);
  });

  it('garbled pages', async () => {
    const path = await makeProject('garbled.attractor');
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    for (let offset = pageSize; offset < bytes.length; offset += pageSize) bytes.fill(0xa5, offset + 8, offset + pageSize - 8);
    writeFileSync(path, bytes);
    await expectRefused(path, 'damaged', /is damaged/);
  });

  it('an unfinished project (our id, schema 0) and one with tables missing', async () => {
    const unfinished = join(temp.dir, 'unfinished.attractor');
    await rawSql(unfinished, `PRAGMA application_id = ${APPLICATION_ID}; CREATE TABLE meta (key, value);`);
    await expectRefused(unfinished, 'damaged', /schema was never completed/);
    const gutted = await makeProject('gutted.attractor');
    await rawSql(gutted, 'PRAGMA journal_mode = DELETE; DROP TABLE checkpoints; DROP TABLE outputs;');
    await expectRefused(gutted, 'damaged', /missing tables checkpoints, outputs/);
  });
});

/** As expectRefused for a file with a WAL: reading it adds a -shm index, which goes again; the database and WAL bytes stay unchanged. */
async function expectRefusedKeepingMain(path: string, reason: ProjectOpenError['reason'], message: RegExp): Promise<void> {
  const before = [sha256(path), sha256(`${path}-wal`)];
  const listing = readdirSync(temp.dir).sort();
  for (const readOnly of [false, true]) {
    await expect(openProject(path, { readOnly })).rejects.toMatchObject({ reason, message: expect.stringMatching(message) });
  }
  expect([sha256(path), sha256(`${path}-wal`)]).toEqual(before);
  expect(readdirSync(temp.dir).sort()).toEqual(listing);
}
