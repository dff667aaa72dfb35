import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packBits } from '../../../projects/storage/codec';
import { SqliteDatabase } from '../../../projects/storage/db';
import { createProject, openProject } from '../../../projects/storage/openProject';
import type { ProjectStore, StoredMetric, StoredOutput, StoredRun } from '../../../projects/types';
import { expectBitExact, expectCheckpointEqual, makeTempDir, sampleCheckpoint, sampleRun } from '../helpers';

let temp: ReturnType<typeof makeTempDir>;
let store: ProjectStore;

beforeEach(async () => {
  temp = makeTempDir();
  store = await createProject(join(temp.dir, 'runs.attractor'), 'Runs');
});
afterEach(async () => {
  await store.close();
  temp.cleanup();
});

const series = (from: number, to: number): StoredMetric[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ step: from + i, values: { kl: 1 / (from + i), logLikelihood: -(from + i) } }));

function floatOutput(id: string, runId: string, step: number): StoredOutput {
  const values = new Float32Array(new Uint32Array([0x80000000, 0x00000001, 0x7fc00123, 0x3eaaaaab, 0x7f800000, 0xff800000]).buffer);
  return { id, runId, kind: 'inference', name: 'Exact inference on XOR', step, createdAt: 1_700_000_000_500, summary: { method: 'exact', meanLogProbability: -1.25 }, array: { dtype: 'float32', shape: [2, 3], values } };
}

function bitOutput(id: string, runId: string): StoredOutput {
  const values = new Uint8Array(3 * 5).map((_, i) => (i * 5) % 3 === 0 ? 1 : 0);
  return { id, runId, kind: 'samples', name: '3 samples', createdAt: 1_700_000_000_600, summary: { method: 'exact', seed: 4 }, array: { dtype: 'bits', shape: [3, 5], values } };
}

describe('run records', () => {
  it('stores every field of a run of each kind, reads one by id and deletes one with its metrics, checkpoints and outputs', async () => {
    const infer: StoredRun = { ...sampleRun('i', 'completed'), kind: 'infer', algorithm: 'exact', parent: { runId: 't', step: 10 }, activeSeconds: 0.125 };
    const sample: StoredRun = { ...sampleRun('s', 'paused'), kind: 'sample', datasetId: '', activeSeconds: 0 };
    await store.putRun(sampleRun('t', 'completed', 1));
    await store.putRun(infer);
    await store.putRun(sample);
    await store.appendMetrics('i', series(1, 3));
    await store.putCheckpoint(sampleCheckpoint('i', 2));
    await store.putOutput(floatOutput('o1', 'i', 3));
    expect(await store.listRuns()).toStrictEqual([sampleRun('t', 'completed', 1), infer, sample]);
    expect(await store.getRun('i')).toStrictEqual(infer);
    expect(await store.getRun('nope')).toBeUndefined();

    await store.deleteRun('i');
    expect((await store.listRuns()).map((r) => r.id)).toEqual(['t', 's']);
    expect(await store.listMetrics('i')).toEqual([]);
    expect(await store.listCheckpoints('i')).toEqual([]);
    expect(await store.listOutputs()).toEqual([]);
  });

  it('downsamples a metric range to at most maxPoints points (M4: each bucket\'s first, min, max and last), always keeping both ends', async () => {
    await store.putRun(sampleRun('r', 'running'));
    await store.appendMetrics('r', [...series(1, 499), { step: 500, values: { kl: 40, logLikelihood: -500 } }, ...series(501, 1000)]);
    expect((await store.listMetrics('r')).length).toBe(1000);
    const thinned = await store.listMetrics('r', { maxPoints: 100 });
    expect(thinned.length).toBeLessThanOrEqual(100);
    expect(thinned.length).toBeGreaterThanOrEqual(20);
    expect(thinned[0]).toEqual({ step: 1, values: { kl: 1, logLikelihood: -1 } });
    expect(thinned[thinned.length - 1]).toEqual({ step: 1000, values: { kl: 1 / 1000, logLikelihood: -1000 } });
    expect(thinned.find((m) => m.step === 500)?.values.kl).toBe(40);
    expect((await store.listMetrics('r', { fromStep: 990, toStep: 995 })).map((m) => m.step)).toEqual([990, 991, 992, 993, 994, 995]);
    expect((await store.listMetrics('r', { fromStep: 991, maxPoints: 4 })).map((m) => m.step)).toEqual([991, 1000]);
    expect(await store.listMetrics('r', { maxPoints: 5000 })).toHaveLength(1000);
    expect(await store.listMetrics('none', { maxPoints: 10 })).toEqual([]);
  });

  it('lists checkpoints and reads any of them back bit for bit', async () => {
    await store.putRun(sampleRun('r', 'running'));
    for (const step of [50, 10, 30]) await store.putCheckpoint(sampleCheckpoint('r', step));
    expect(await store.listCheckpoints('r')).toEqual([10, 30, 50].map((step) => ({ step, createdAt: 1_700_000_100_000 + step })));
    expectCheckpointEqual(await store.getCheckpoint('r', 30), sampleCheckpoint('r', 30));
    expect(await store.getCheckpoint('r', 31)).toBeUndefined();
  });

  it('saves progress in one transaction: a failing checkpoint keeps the metrics and run record of that save out too', async () => {
    const run = sampleRun('r', 'running');
    await store.saveProgress({ run, metrics: series(1, 5), checkpoints: [sampleCheckpoint('r', 5)], outputs: [bitOutput('o', 'r')] });
    expect(await store.listMetrics('r')).toEqual(series(1, 5));
    expect(await store.listCheckpoints('r')).toEqual([{ step: 5, createdAt: 1_700_000_100_005 }]);
    expect((await store.listOutputs('r')).map((o) => o.id)).toEqual(['o']);

    const injector = await SqliteDatabase.open(store.path, 'readwrite');
    await injector.exec(`CREATE TRIGGER fail_checkpoint BEFORE INSERT ON checkpoints WHEN NEW.step = 10 BEGIN SELECT RAISE(ABORT, 'injected failure'); END;`);
    await injector.close();
    await expect(store.saveProgress({ run: { ...run, lastStep: 10 }, metrics: series(6, 10), checkpoints: [sampleCheckpoint('r', 10)] })).rejects.toThrow(/injected failure/);
    expect(await store.listMetrics('r')).toEqual(series(1, 5));
    expect(await store.getRun('r')).toStrictEqual(run);
  });

  it('rewinds a run to a checkpoint step: later metrics, checkpoints and outputs go, earlier ones stay', async () => {
    const run = sampleRun('r', 'interrupted');
    await store.putRun(run);
    await store.appendMetrics('r', series(1, 40));
    for (const step of [10, 20, 30]) await store.putCheckpoint(sampleCheckpoint('r', step));
    await store.putOutput(floatOutput('early', 'r', 20));
    await store.putOutput(floatOutput('late', 'r', 35));
    await store.rewindRun({ ...run, status: 'queued', lastStep: 20 }, 20);
    expect(await store.listMetrics('r')).toEqual(series(1, 20));
    expect((await store.listCheckpoints('r')).map((c) => c.step)).toEqual([10, 20]);
    expect((await store.listOutputs('r')).map((o) => o.id)).toEqual(['early']);
    expect(await store.getRun('r')).toMatchObject({ status: 'queued', lastStep: 20 });
  });

  it('branches a run at a checkpoint: the new run starts with the parent metrics up to it and that checkpoint', async () => {
    await store.putRun(sampleRun('parent', 'completed'));
    await store.appendMetrics('parent', series(1, 40));
    for (const step of [20, 40]) await store.putCheckpoint(sampleCheckpoint('parent', step));
    const child: StoredRun & { parent: { runId: string; step: number } } = { ...sampleRun('child', 'queued'), parent: { runId: 'parent', step: 20 }, lastStep: 20 };
    await store.branchRun(child);
    expect(await store.listMetrics('child')).toEqual(series(1, 20));
    expectCheckpointEqual(await store.latestCheckpoint('child'), { ...sampleCheckpoint('parent', 20), runId: 'child' });
    expect(await store.listMetrics('parent')).toEqual(series(1, 40));
    await expect(store.branchRun({ ...child, id: 'orphan', parent: { runId: 'parent', step: 21 } })).rejects.toThrow(/no checkpoint at step 21/);
    expect(await store.getRun('orphan')).toBeUndefined();
  });

  it('round-trips outputs: float32 bit for bit, bits packed, listings without arrays', async () => {
    await store.putRun(sampleRun('r', 'completed'));
    await store.putOutput(floatOutput('f', 'r', 7));
    await store.putOutput(bitOutput('b', 'r'));
    await store.close();
    store = await openProject(join(temp.dir, 'runs.attractor'));
    const float = await store.getOutput('f');
    const expected = floatOutput('f', 'r', 7);
    expect({ ...float, array: undefined }).toEqual({ ...expected, array: undefined });
    expect(float?.array?.shape).toEqual([2, 3]);
    expectBitExact(float?.array?.values as Float32Array, expected.array?.values as Float32Array);
    expect(await store.getOutput('b')).toStrictEqual(bitOutput('b', 'r'));
    expect(await store.listOutputs()).toStrictEqual([
      { id: 'f', runId: 'r', kind: 'inference', name: 'Exact inference on XOR', step: 7, createdAt: 1_700_000_000_500, summary: expected.summary, arrayShape: [2, 3] },
      { id: 'b', runId: 'r', kind: 'samples', name: '3 samples', createdAt: 1_700_000_000_600, summary: { method: 'exact', seed: 4 }, arrayShape: [3, 5] },
    ]);
    expect(await store.listOutputs('other')).toEqual([]);
    expect(await store.getOutput('nope')).toBeUndefined();
  });

  it('reads a range of an output array\'s rows, and stores bits a worker packed as if they were given unpacked', async () => {
    await store.putRun(sampleRun('r', 'completed'));
    const bits = bitOutput('b', 'r');
    await store.putOutput({ ...bits, array: { dtype: 'packed-bits', shape: [3, 5], bytes: packBits(bits.array!.values as Uint8Array) } });
    expect(await store.getOutput('b')).toStrictEqual(bits);
    const rows = await store.getOutput('b', { from: 1, count: 5 });
    expect(rows).toStrictEqual({ ...bits, rowsTotal: 3, array: { dtype: 'bits', shape: [2, 5], values: (bits.array!.values as Uint8Array).slice(5) } });
    await store.putOutput(floatOutput('f', 'r', 1));
    const floats = await store.getOutput('f', { from: 1, count: 1 });
    expect(floats?.array?.shape).toEqual([1, 3]);
    expectBitExact(floats?.array?.values as Float32Array, (floatOutput('f', 'r', 1).array!.values as Float32Array).slice(3));
    expect((await store.getOutput('f', { from: 7, count: 2 }))?.array?.shape).toEqual([0, 3]);
    await expect(store.putOutput({ ...bits, id: 'short', array: { dtype: 'packed-bits', shape: [3, 5], bytes: new Uint8Array(1) } })).rejects.toThrow(/does not match 1 packed bytes/);
  });

  it('refuses malformed outputs naming the problem, writing nothing', async () => {
    await store.putRun(sampleRun('r', 'completed'));
    const good = floatOutput('x', 'r', 1);
    await expect(store.putOutput({ ...good, kind: 'poem' as never })).rejects.toThrow(/unknown kind "poem"/);
    await expect(store.putOutput({ ...good, array: { dtype: 'float32', shape: [4, 2], values: new Float32Array(6) } })).rejects.toThrow(/shape \[4, 2\] does not match 6 values/);
    await expect(store.putOutput({ ...bitOutput('y', 'r'), array: { dtype: 'bits', shape: [2], values: new Uint8Array([0, 3]) } })).rejects.toThrow(/bit 1 is 3/);
    await expect(store.putOutput({ ...good, runId: 'missing-run' })).rejects.toThrow(/FOREIGN KEY/);
    expect(await store.listOutputs()).toEqual([]);
  });
});
