import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hintonBars, randomPatterns } from '../../../engine/data/generators';
import { joinSplit } from '../../../engine/data/split';
import { SqliteDatabase } from '../../../projects/storage/db';
import { createProject, openProject } from '../../../projects/storage/openProject';
import type { ProjectStore } from '../../../projects/types';
import { labelledDataset, makeTempDir, plainDataset } from '../helpers';

let temp: ReturnType<typeof makeTempDir>;
let store: ProjectStore;
let path: string;

beforeEach(async () => {
  temp = makeTempDir();
  path = join(temp.dir, 'datasets.attractor');
  store = await createProject(path, 'Datasets');
});
afterEach(async () => {
  await store.close();
  temp.cleanup();
});

/** A dataset using every field: labels with names, a split, an origin, an image shape. */
function fullDataset() {
  const bars = hintonBars(40, 3);
  const { labels: _labels, ...unlabelled } = hintonBars(10, 4);
  const train = { ...bars, labels: bars.labels!.slice(0, 30), bits: bars.bits.slice(0, 30 * 16), rowCount: 30 };
  const test = { ...unlabelled, labels: new Int32Array(10).fill(1) };
  return { ...joinSplit(train, test, { id: 'hb', name: 'Hinton bars · split' }), origin: { method: 'hinton-bars', settings: { count: 40, seed: 3, size: 4 } } };
}

describe('datasets in a project file', () => {
  it('round-trips labels, label names, the split and the origin through reopening', async () => {
    const dataset = fullDataset();
    await store.putDataset(dataset);
    await store.putDataset(plainDataset());
    await store.close();
    store = await openProject(path);
    expect(await store.listDatasets()).toStrictEqual([dataset, plainDataset()]);
    expect(await store.getDataset('hb')).toStrictEqual(dataset);
  });

  it('stores bits packed: 60,000 × 784 bits take 5.9 MB, not a byte or a JSON number per bit', async () => {
    const big = randomPatterns({ count: 60_000, rows: 28, cols: 28, seed: 1 });
    await store.putDataset({ ...big, id: 'big' });
    const db = await SqliteDatabase.open(path, 'readonly');
    const row = await db.get<{ bytes: number; type: string }>(`SELECT length(bits) AS bytes, typeof(bits) AS type FROM datasets WHERE id = 'big'`);
    await db.close();
    expect(row).toEqual({ bytes: (60_000 * 784) / 8, type: 'blob' });
    await store.close();
    const size = statSync(path).size;
    expect(size).toBeLessThan(1.05 * (60_000 * 784) / 8 + 200_000);
    store = await openProject(path);
    const back = await store.getDataset('big');
    expect(back!.bits.every((bit, i) => bit === big.bits[i])).toBe(true);
  });

  it('lists datasets with their first rows, label and split counts, without their other rows', async () => {
    await store.putDataset(fullDataset());
    await store.putDataset(labelledDataset());
    const [hb, digits] = await store.listDatasetInfos(3);
    expect(hb).toMatchObject({ id: 'hb', width: 16, rowCount: 40, testCount: 10, storedBytes: 80, hasLabels: true, labelNames: ['horizontal', 'vertical'], imageShape: { rows: 4, cols: 4 } });
    expect(hb.preview).toStrictEqual(fullDataset().bits.slice(0, 48));
    expect(hb.previewLabels).toStrictEqual(fullDataset().labels!.slice(0, 3));
    expect(hb.origin).toEqual({ method: 'hinton-bars', settings: { count: 40, seed: 3, size: 4 } });
    // 5 rows of 6 bits: the first 3 rows are 18 bits, read from 3 packed bytes.
    expect(digits).toMatchObject({ id: 'digits', rowCount: 5, testCount: 0, storedBytes: 4 });
    expect(digits.preview).toStrictEqual(labelledDataset().bits.slice(0, 18));
    expect((await store.listDatasetInfos(100))[1].preview).toStrictEqual(labelledDataset().bits);
  });

  it('renames and deletes, reporting an unknown id as false', async () => {
    await store.putDataset(plainDataset('a'));
    await store.putDataset(plainDataset('b'));
    expect(await store.renameDataset('a', 'Renamed ✓')).toBe(true);
    expect(await store.renameDataset('zzz', 'x')).toBe(false);
    expect(await store.deleteDataset('b')).toBe(true);
    expect(await store.deleteDataset('b')).toBe(false);
    expect((await store.listDatasets()).map((d) => [d.id, d.name])).toEqual([['a', 'Renamed ✓']]);
  });

  it('refuses a malformed split, label names or origin before writing anything', async () => {
    const good = fullDataset();
    await expect(store.putDataset({ ...good, split: new Uint8Array(3) })).rejects.toThrow(/split must be a Uint8Array with one 0 \(train\) or 1 \(test\) per row/);
    await expect(store.putDataset({ ...good, split: new Uint8Array(40).fill(2) })).rejects.toThrow(/bit 0 is 2/);
    await expect(store.putDataset({ ...good, labelNames: [1 as unknown as string] })).rejects.toThrow(/labelNames/);
    await expect(store.putDataset({ ...good, origin: { method: 'x', settings: { a: [] as unknown as string } } })).rejects.toThrow(/origin/);
    expect(await store.listDatasets()).toEqual([]);
  });

  it('a failing write of a large dataset leaves no part of it (one transaction)', async () => {
    await store.putDataset(plainDataset('keep'));
    const db = await SqliteDatabase.open(path, 'readwrite');
    await db.exec(`CREATE TRIGGER refuse_big AFTER INSERT ON datasets WHEN NEW.row_count > 1000 BEGIN SELECT RAISE(ABORT, 'injected failure'); END;`);
    await db.close();
    await expect(store.putDataset({ ...randomPatterns({ count: 5000, rows: 1, cols: 100, seed: 2 }), id: 'big' })).rejects.toThrow(/injected failure/);
    expect((await store.listDatasets()).map((d) => d.id)).toEqual(['keep']);
  });
});
