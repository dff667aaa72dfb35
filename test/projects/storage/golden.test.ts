import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../../../projects/storage/db';
import { createProject, openProject } from '../../../projects/storage/openProject';
import type { ProjectStore } from '../../../projects/types';
import { V1_CHECKPOINT, V1_DATASETS, V1_DIAGRAMS, V1_METRICS, V1_NAME, V1_RUNS } from '../fixtures/v1Content';
import { expectCheckpointEqual, makeTempDir, sha256 } from '../helpers';

/** The committed fixture's bytes never change: files of released schemas stay readable as they are. */
const FIXTURE = join(import.meta.dirname, '../fixtures/v1.attractor');
const FIXTURE_SHA256 = '9d430ad004fd8582ab3e6c3b2e667572a28a5b80bc60ccbd8123d028e2c7b7d9';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

/** A private copy of the fixture, so opening it never writes next to the committed file. */
function fixtureCopy(): string {
  const path = join(temp.dir, 'v1.attractor');
  copyFileSync(FIXTURE, path);
  return path;
}

async function expectV1Content(store: ProjectStore): Promise<void> {
  expect(await store.getName()).toBe(V1_NAME);
  expect(await store.listDiagrams()).toStrictEqual(V1_DIAGRAMS);
  expect(await store.listDatasets()).toStrictEqual(V1_DATASETS);
  expect(await store.listRuns()).toStrictEqual(V1_RUNS);
  for (const [runId, metrics] of Object.entries(V1_METRICS)) expect(await store.listMetrics(runId)).toStrictEqual(metrics);
  expectCheckpointEqual(await store.latestCheckpoint('run-done'), V1_CHECKPOINT);
}

async function schemaOf(path: string): Promise<unknown[]> {
  const db = await SqliteDatabase.open(path, 'readonly');
  const rows = await db.all(`SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name`);
  await db.close();
  return rows;
}

describe('golden fixture v1.attractor (schema 1)', () => {
  it('is the committed file, unchanged', () => {
    expect(sha256(FIXTURE)).toBe(FIXTURE_SHA256);
  });

  it('opens read-only and read-write with all its content', async () => {
    const path = fixtureCopy();
    const reader = await openProject(path, { readOnly: true });
    await expectV1Content(reader);
    await reader.close();
    const writer = await openProject(path);
    await expectV1Content(writer);
    expect(await writer.markInterruptedRuns()).toBe(1);
    await writer.close();
  });

  it('has exactly the schema a new project gets (migration 001 was not edited)', async () => {
    const fresh = join(temp.dir, 'fresh.attractor');
    await (await createProject(fresh, 'Fresh')).close();
    expect(await schemaOf(fixtureCopy())).toEqual(await schemaOf(fresh));
  });
});
