import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../../../projects/storage/db';
import { summarizeProblems } from '../../../projects/storage/inspectFile';
import { createProject, openProject } from '../../../projects/storage/openProject';
import { DAMAGED_READ_ONLY_REASON, ProjectOpenError } from '../../../projects/types';
import { makeTempDir, sha256 } from '../helpers';

// A writable open runs SQLite's full integrity check: damage quick_check cannot see (index entries, row order) is refused
// before anything is written, in one short line, and the file still opens read-only.

let temp: ReturnType<typeof makeTempDir>;
let path: string;
beforeEach(async () => {
  temp = makeTempDir();
  path = join(temp.dir, 'indexed.attractor');
  const store = await createProject(path, 'Indexed');
  for (let i = 0; i < 40; i++) await store.putDataset({ id: `dataset-${i}`, name: `d${i}`, width: 2, rowCount: 1, bits: new Uint8Array([1, 0]) });
  await store.close();
});
afterEach(() => temp.cleanup());

/**
 * Changes the rowid stored in the first `cells` entries of the datasets table's primary-key index (a single leaf page
 * here), leaving every table page alone: each entry then points at no row (sqlite.org/fileformat2.html §1.6).
 */
async function damageIndex(cells: number): Promise<void> {
  const db = await SqliteDatabase.open(path, 'immutable');
  const index = await db.get<{ rootpage: number }>(`SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_datasets_1'`);
  await db.close();
  const bytes = readFileSync(path);
  const page = (index!.rootpage - 1) * bytes.readUInt16BE(16);
  expect(bytes[page]).toBe(0x0a);
  const cellCount = bytes.readUInt16BE(page + 3);
  for (let cell = 0; cell < Math.min(cells, cellCount); cell++) {
    const offset = page + bytes.readUInt16BE(page + 8 + 2 * cell);
    // One-byte payload size (small cells), then the record; its last byte is the low byte of the rowid.
    bytes[offset + bytes[offset]] ^= 0x40;
  }
  writeFileSync(path, bytes);
}

async function check(pragma: 'quick_check' | 'integrity_check'): Promise<string[]> {
  const db = await SqliteDatabase.open(path, 'immutable');
  const rows = await db.all<Record<string, string>>(`PRAGMA ${pragma}`);
  await db.close();
  return rows.map((row) => row[pragma]);
}

describe('the integrity check before a writable open', () => {
  it('refuses an index that lost a row — which quick_check passes — and leaves the file as it was', async () => {
    await damageIndex(1);
    expect(await check('quick_check')).toEqual(['ok']);
    expect((await check('integrity_check'))[0]).toMatch(/missing from index sqlite_autoindex_datasets_1/);
    const before = sha256(path);
    const error = await openProject(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProjectOpenError);
    expect(error).toMatchObject({ reason: 'damaged', readOnlyReason: DAMAGED_READ_ONLY_REASON });
    expect((error as Error).message).toMatch(
      /^indexed\.attractor is damaged \(integrity check: row \d+ missing from index sqlite_autoindex_datasets_1( and \d+ more)?\) and was not changed: open it read-only to export what is intact, or open a backup copy\.$/,
    );
    expect(sha256(path)).toBe(before);
    expect(readdirSync(temp.dir)).toEqual(['indexed.attractor']);
    const readOnly = await openProject(path, { readOnly: true });
    expect(await readOnly.listDatasets()).toHaveLength(40);
    await readOnly.close();
    expect(sha256(path)).toBe(before);
  });

  it('says one short line however many problems SQLite lists: the first and how many more', async () => {
    await damageIndex(30);
    const problems = (await check('integrity_check')).flatMap((row) => row.split('\n'));
    expect(problems.length).toBeGreaterThan(10);
    const error = (await openProject(path).catch((caught: unknown) => caught)) as Error;
    expect(error.message).not.toContain('\n');
    expect(error.message.length).toBeLessThanOrEqual(300);
    expect(error.message).toMatch(/\(integrity check: .+ and (at least )?\d+ more\)/);
  });

  it("refuses a WAL of another program's database beside the project in one line, leaving the folder as it was", async () => {
    const other = join(temp.dir, 'other.db');
    const writer = await SqliteDatabase.open(other, 'create');
    await writer.exec('PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE t (x); INSERT INTO t VALUES (randomblob(50000));');
    copyFileSync(`${other}-wal`, `${path}-wal`);
    await writer.close();
    const before = [sha256(path), sha256(`${path}-wal`)];
    for (const readOnly of [false, true]) {
      const error = (await openProject(path, { readOnly }).catch((caught: unknown) => caught)) as ProjectOpenError;
      expect(error.message).toBe(
        "indexed.attractor is not opened: the indexed.attractor-wal file beside it holds changes of another program's database. Move that file away and open the project again.",
      );
    }
    expect(readdirSync(temp.dir).sort()).toEqual(['indexed.attractor', 'indexed.attractor-wal', 'other.db']);
    expect([sha256(path), sha256(`${path}-wal`)]).toEqual(before);
  });

  it('summarizes rows that hold several problems under a heading, and the 100-problem limit', () => {
    expect(summarizeProblems(['*** in database main ***\nPage 7: never used\nPage 9: never used'])).toBe('Page 7: never used and 1 more');
    expect(summarizeProblems(Array.from({ length: 100 }, (_, i) => `row ${i} missing from index x`))).toBe('row 0 missing from index x and at least 99 more');
  });
});
