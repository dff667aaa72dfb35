import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../../../projects/storage/db';
import { createProject, openProject } from '../../../projects/storage/openProject';
import { PROJECT_SCHEMA_VERSION, type ProjectStore } from '../../../projects/types';
import { GOLDEN_FIXTURES, type GoldenFixture } from '../fixtures/golden';
import { makeTempDir, sha256 } from '../helpers';

// Every released schema has a committed fixture; each must open, migrate to the current schema and keep its content.

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

/** A private copy of a fixture, so opening it never writes next to the committed file. */
function fixtureCopy(fixture: GoldenFixture): string {
  const path = join(temp.dir, fixture.file);
  copyFileSync(join(import.meta.dirname, '../fixtures', fixture.file), path);
  return path;
}

async function schemaOf(path: string): Promise<unknown[]> {
  const db = await SqliteDatabase.open(path, 'readonly');
  const rows = await db.all(`SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name`);
  await db.close();
  return rows;
}

async function userVersion(path: string): Promise<number> {
  const db = await SqliteDatabase.open(path, 'readonly');
  const row = await db.get<{ user_version: number }>('PRAGMA user_version');
  await db.close();
  return row?.user_version ?? -1;
}

it('there is a golden fixture of the current schema', () => {
  expect(GOLDEN_FIXTURES.map((f) => f.schema)).toContain(PROJECT_SCHEMA_VERSION);
});

describe.each(GOLDEN_FIXTURES)('golden fixture $file (schema $schema)', (fixture) => {
  it('is the committed file, unchanged', () => {
    expect(sha256(join(import.meta.dirname, '../fixtures', fixture.file))).toBe(fixture.sha256);
  });

  it('opens read-only without changing the file, then read-write migrated to the current schema, with all its content', async () => {
    const path = fixtureCopy(fixture);
    expect(await userVersion(path)).toBe(fixture.schema);
    const before = sha256(path);
    const reader: ProjectStore = await openProject(path, { readOnly: true });
    await fixture.expectContent(reader);
    await reader.close();
    expect(sha256(path)).toBe(before);
    const writer = await openProject(path);
    await fixture.expectContent(writer);
    expect(await writer.markInterruptedRuns()).toBe(fixture.unfinishedRuns);
    await writer.close();
    expect(await userVersion(path)).toBe(PROJECT_SCHEMA_VERSION);
  });

  it('migrates to exactly the schema a new project gets', async () => {
    const path = fixtureCopy(fixture);
    await (await openProject(path)).close();
    const fresh = join(temp.dir, 'fresh.attractor');
    await (await createProject(fresh, 'Fresh')).close();
    expect(await schemaOf(path)).toEqual(await schemaOf(fresh));
  });
});
