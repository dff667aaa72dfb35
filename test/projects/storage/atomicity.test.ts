import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../../../projects/storage/db';
import { createProject } from '../../../projects/storage/openProject';
import type { ProjectStore } from '../../../projects/types';
import { expectCheckpointEqual, labelledDataset, makeTempDir, plainDataset, sampleCheckpoint, sampleMetrics, sampleRun } from '../helpers';

let temp: ReturnType<typeof makeTempDir>;
let store: ProjectStore;

beforeEach(async () => {
  temp = makeTempDir();
  store = await createProject(join(temp.dir, 'atomic.attractor'), 'Atomic');
  await store.putDataset(labelledDataset('d'));
  await store.putRun(sampleRun('r', 'running'));
  await store.appendMetrics('r', sampleMetrics(3));
  await store.putCheckpoint(sampleCheckpoint('r', 1));
});
afterEach(async () => {
  await store.close();
  temp.cleanup();
});

/** Installs a trigger (through a second connection, as fault injection) that aborts the statement when `when` holds. */
async function failWhen(table: string, event: 'INSERT' | 'UPDATE', when: string): Promise<void> {
  const db = await SqliteDatabase.open(store.path, 'readwrite');
  await db.exec(`CREATE TRIGGER inject_${table}_${event} BEFORE ${event} ON ${table} WHEN ${when} BEGIN SELECT RAISE(ABORT, 'injected failure'); END;`);
  await db.close();
}

describe('every put is one transaction', () => {
  it('appendMetrics failing at its third row leaves none of its rows', async () => {
    await failWhen('metrics', 'INSERT', 'NEW.step = 12');
    await expect(store.appendMetrics('r', [10, 11, 12, 13].map((step) => ({ step, values: { kl: step } })))).rejects.toThrow(/injected failure/);
    expect(await store.listMetrics('r')).toStrictEqual(sampleMetrics(3));
    await store.appendMetrics('r', [{ step: 10, values: { kl: 10 } }]);
    expect((await store.listMetrics('r')).map((m) => m.step)).toEqual([1, 2, 3, 10]);
  });

  it('appendMetrics rejecting a bad row mid-way leaves none of its rows', async () => {
    await expect(store.appendMetrics('r', [{ step: 20, values: { kl: 1 } }, { step: 2.5, values: { kl: 2 } }])).rejects.toThrow(/step 2.5/);
    expect(await store.listMetrics('r')).toStrictEqual(sampleMetrics(3));
  });

  it('a failing putDataset keeps the previous dataset whole', async () => {
    await failWhen('datasets', 'UPDATE', 'NEW.row_count = 4');
    await expect(store.putDataset({ ...plainDataset('d'), name: 'replacement' })).rejects.toThrow(/injected failure/);
    expect(await store.listDatasets()).toStrictEqual([labelledDataset('d')]);
  });

  it('a failing putRun or putCheckpoint changes nothing', async () => {
    await failWhen('runs', 'UPDATE', "NEW.status = 'completed'");
    await expect(store.putRun(sampleRun('r', 'completed'))).rejects.toThrow(/injected failure/);
    expect(await store.listRuns()).toStrictEqual([sampleRun('r', 'running')]);
    await failWhen('checkpoints', 'INSERT', 'NEW.step = 2');
    await expect(store.putCheckpoint(sampleCheckpoint('r', 2))).rejects.toThrow(/injected failure/);
    expectCheckpointEqual(await store.latestCheckpoint('r'), sampleCheckpoint('r', 1));
  });
});

describe('SqliteDatabase.transaction', () => {
  it('rolls back every statement when the body throws, commits otherwise, and stays usable', async () => {
    const db = await SqliteDatabase.open(join(temp.dir, 'raw.db'), 'create');
    await db.exec('CREATE TABLE t (x INTEGER)');
    await expect(
      db.transaction(async () => {
        await db.run('INSERT INTO t VALUES (1)');
        await db.run('INSERT INTO t VALUES (2)');
        throw new Error('body failed');
      }),
    ).rejects.toThrow('body failed');
    expect(await db.all('SELECT x FROM t')).toEqual([]);
    expect(await db.transaction(async () => (await db.run('INSERT INTO t VALUES (3)')).changes)).toBe(1);
    expect(await db.all('SELECT x FROM t')).toEqual([{ x: 3 }]);
    await db.close();
    await expect(db.serialized(async () => 1)).rejects.toThrow(/closed/);
  });
});
