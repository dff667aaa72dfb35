import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProject, openProject } from '../../../projects/storage/openProject';
import { PROJECT_SCHEMA_VERSION, ProjectOpenError, type ProjectStore } from '../../../projects/types';
import {
  expectCheckpointEqual,
  labelledDataset,
  makeTempDir,
  plainDataset,
  rbmDiagram,
  sampleCheckpoint,
  sampleMetrics,
  sampleRun,
  unitDiagram,
} from '../helpers';

let temp: ReturnType<typeof makeTempDir>;
const open: ProjectStore[] = [];
const track = <T extends ProjectStore>(store: T): T => (open.push(store), store);

beforeEach(() => {
  temp = makeTempDir();
});
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
  temp.cleanup();
});

/** Writes one of everything into a store. */
async function fill(store: ProjectStore): Promise<void> {
  await store.putDiagram(unitDiagram());
  await store.putDiagram(rbmDiagram());
  await store.putDataset(plainDataset());
  await store.putDataset(labelledDataset());
  await store.putRun(sampleRun('run-a', 'completed', 1000));
  await store.putRun(sampleRun('run-b', 'failed', 2000));
  await store.putRun(sampleRun('run-c', 'running', 3000));
  await store.appendMetrics('run-a', sampleMetrics(30));
  await store.appendMetrics('run-c', sampleMetrics(3));
  await store.putCheckpoint(sampleCheckpoint('run-a', 10));
  await store.putCheckpoint(sampleCheckpoint('run-a', 200));
  await store.putCheckpoint(sampleCheckpoint('run-a', 50));
}

/** Asserts a store holds exactly what fill() wrote. */
async function expectFilled(store: ProjectStore): Promise<void> {
  expect(await store.listDiagrams()).toStrictEqual([unitDiagram(), rbmDiagram()]);
  expect(await store.listDatasets()).toStrictEqual([plainDataset(), labelledDataset()]);
  expect(await store.getDataset('digits')).toStrictEqual(labelledDataset());
  expect(await store.getDataset('nope')).toBeUndefined();
  expect(await store.listRuns()).toStrictEqual([sampleRun('run-a', 'completed', 1000), sampleRun('run-b', 'failed', 2000), sampleRun('run-c', 'running', 3000)]);
  expect(await store.listMetrics('run-a')).toStrictEqual(sampleMetrics(30));
  expect(await store.listMetrics('run-c')).toStrictEqual(sampleMetrics(3));
  expect(await store.listMetrics('run-b')).toStrictEqual([]);
  expectCheckpointEqual(await store.latestCheckpoint('run-a'), sampleCheckpoint('run-a', 200));
  expect(await store.latestCheckpoint('run-b')).toBeUndefined();
}

describe('SQLite project store', () => {
  it('restores everything written after close and reopen', async () => {
    const path = join(temp.dir, 'round.attractor');
    const store = await createProject(path, 'Round trip ✓');
    expect(store.readOnly).toBe(false);
    await fill(store);
    await expectFilled(store);
    await store.close();
    expect(readdirSync(temp.dir).sort()).toEqual(['round.attractor']);

    const reopened = track(await openProject(path));
    expect(await reopened.getName()).toBe('Round trip ✓');
    await expectFilled(reopened);
  });

  it('upserts by id, replaces metric rows by step and deletes diagrams', async () => {
    const store = track(await createProject(join(temp.dir, 'edit.attractor'), 'Edits'));
    await fill(store);
    const renamed = { ...unitDiagram(), name: 'Renamed' };
    await store.putDiagram(renamed);
    await store.deleteDiagram('rbm-diagram');
    expect(await store.listDiagrams()).toStrictEqual([renamed]);

    const smaller = { ...labelledDataset(), width: 3, rowCount: 1, bits: new Uint8Array([1, 0, 1]), imageShape: undefined, labels: undefined };
    await store.putDataset({ id: smaller.id, name: smaller.name, width: 3, rowCount: 1, bits: smaller.bits });
    expect(await store.getDataset('digits')).toStrictEqual({ id: 'digits', name: 'Tiny digits', width: 3, rowCount: 1, bits: new Uint8Array([1, 0, 1]) });

    const finished = { ...sampleRun('run-c', 'completed', 3000), lastStep: 200, endedAt: 9999 };
    await store.putRun(finished);
    expect((await store.listRuns())[2]).toStrictEqual(finished);

    await store.appendMetrics('run-c', [{ step: 2, values: { kl: 42 } }, { step: 4, values: { kl: 0 } }]);
    expect((await store.listMetrics('run-c')).map((m) => [m.step, m.values.kl])).toEqual([[1, 1], [2, 42], [3, 1 / 3], [4, 0]]);

    await store.setName('New name');
    expect(await store.getName()).toBe('New name');
  });

  it('refuses metrics and checkpoints of an unknown run (foreign keys are on)', async () => {
    const store = track(await createProject(join(temp.dir, 'fk.attractor'), 'FK'));
    await expect(store.appendMetrics('ghost', sampleMetrics(1))).rejects.toThrow(/FOREIGN KEY/);
    await expect(store.putCheckpoint(sampleCheckpoint('ghost', 1))).rejects.toThrow(/FOREIGN KEY/);
  });

  it('rejects invalid input with a message naming the problem', async () => {
    const store = track(await createProject(join(temp.dir, 'bad.attractor'), 'Bad'));
    await expect(store.putDataset({ ...plainDataset(), bits: new Uint8Array([0, 2, 0, 1, 1, 0, 0, 1, 1, 1, 0, 1]) })).rejects.toThrow(/bit 1 is 2/);
    await expect(store.putDataset({ ...plainDataset(), rowCount: 5 })).rejects.toThrow(/expected rowCount × width = 15/);
    await expect(store.putRun({ ...sampleRun('r', 'running'), status: 'sleeping' as never })).rejects.toThrow(/unknown status "sleeping"/);
    await expect(store.putRun({ ...sampleRun('r', 'running'), kind: 'dream' as never })).rejects.toThrow(/unknown kind "dream"/);
    await expect(store.putRun({ ...sampleRun('r', 'running'), activeSeconds: -1 })).rejects.toThrow(/activeSeconds/);
    await expect(store.putDiagram({ ...unitDiagram(), nodes: [{ kind: 'unit' }] } as never)).rejects.toThrow(/malformed: \$\.nodes\[0\]/);
    expect(await store.listDatasets()).toEqual([]);
    expect(await store.listRuns()).toEqual([]);
  });

  it('marks runs left running, paused or queued as interrupted, and only those', async () => {
    const path = join(temp.dir, 'runs.attractor');
    const store = await createProject(path, 'Runs');
    for (const [id, status] of [['a', 'queued'], ['b', 'running'], ['c', 'completed'], ['d', 'failed'], ['e', 'cancelled'], ['f', 'running'], ['g', 'paused'], ['h', 'interrupted']] as const) {
      await store.putRun(sampleRun(id, status, id.charCodeAt(0)));
    }
    await store.close();
    const reopened = track(await openProject(path));
    expect(await reopened.markInterruptedRuns()).toBe(4);
    expect((await reopened.listRuns()).map((run) => `${run.id}:${run.status}`)).toEqual([
      'a:interrupted', 'b:interrupted', 'c:completed', 'd:failed', 'e:cancelled', 'f:interrupted', 'g:interrupted', 'h:interrupted',
    ]);
    expect(await reopened.markInterruptedRuns()).toBe(0);
  });

  it('copyTo writes an openable, identical project and overwrites an existing target', async () => {
    const store = track(await createProject(join(temp.dir, 'source.attractor'), 'Source'));
    await fill(store);
    const target = join(temp.dir, 'copy.attractor');
    const other = await createProject(target, 'Old content');
    await other.putDataset(plainDataset('old'));
    await other.close();

    await store.copyTo(target);
    await store.putDiagram({ ...unitDiagram('after-copy') });
    expect(readdirSync(temp.dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const copy = track(await openProject(target));
    expect(await copy.getName()).toBe('Source');
    await expectFilled(copy);
    await expect(store.copyTo(join(temp.dir, 'source.attractor'))).rejects.toThrow(/onto itself/);
  });

  it('copyTo refuses a target that another store has open for writing', async () => {
    const store = track(await createProject(join(temp.dir, 'a.attractor'), 'A'));
    const busy = track(await createProject(join(temp.dir, 'b.attractor'), 'B'));
    await busy.putDataset(plainDataset('keep'));
    await expect(store.copyTo(busy.path)).rejects.toMatchObject({ reason: 'locked' });
    expect(await busy.listDatasets()).toHaveLength(1);
  });

  it('createProject builds version-stamped files and refuses an existing path', async () => {
    const path = join(temp.dir, 'new.attractor');
    const store = track(await createProject(path, 'New'));
    expect(store.path).toBe(path);
    await expect(createProject(path, 'Again')).rejects.toBeInstanceOf(ProjectOpenError);
    await expect(createProject(join(temp.dir, 'missing-folder', 'x.attractor'), 'X')).rejects.toMatchObject({ reason: 'io' });
    expect(existsSync(join(temp.dir, 'missing-folder'))).toBe(false);
    await store.close();
    expect(readFileSync(path).readInt32BE(60)).toBe(PROJECT_SCHEMA_VERSION);
  });

  it('serialises concurrent writers on one store without losing or mixing rows', async () => {
    const store = track(await createProject(join(temp.dir, 'busy.attractor'), 'Busy'));
    await store.putRun(sampleRun('r', 'running'));
    const failing = store.appendMetrics('r', [{ step: 1000, values: { kl: 1 } }, { step: -1, values: {} }]);
    const writes = Array.from({ length: 40 }, (_, i) => store.appendMetrics('r', [{ step: 2 * i, values: { kl: i } }, { step: 2 * i + 1, values: { kl: -i } }]));
    await expect(failing).rejects.toThrow(/step -1/);
    await Promise.all(writes);
    const metrics = await store.listMetrics('r');
    expect(metrics.map((m) => m.step)).toEqual(Array.from({ length: 80 }, (_, i) => i));
    expect(metrics.every((m) => m.values.kl === (m.step % 2 === 0 ? m.step / 2 : -(m.step - 1) / 2))).toBe(true);
  });

  it('a closed store rejects calls instead of touching the file', async () => {
    const store = await createProject(join(temp.dir, 'closed.attractor'), 'Closed');
    await store.close();
    await store.close();
    await expect(store.listRuns()).rejects.toThrow(/closed/);
  });
});
