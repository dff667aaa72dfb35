/** Dataset figures for `npm run bench`: a 60,000 × 784 CSV import end to end, storage size, listing and reading back, MNIST. */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetToCsv } from '../../engine/data/csv';
import { randomPatterns } from '../../engine/data/generators';
import { importDataset } from '../../projects/datasets/importDataset';
import { loadMnistDigits } from '../../projects/datasets/mnist';
import { createProject, openProject } from '../../projects/storage/openProject';

const seconds = (from: number): string => ((performance.now() - from) / 1000).toFixed(2);

/** Prints how long importing, storing, listing and reading 60,000 binary 28×28 patterns take, and the file size. */
export async function benchDatasets(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'attractor-bench-datasets-'));
  try {
    const patterns = randomPatterns({ count: 60_000, rows: 28, cols: 28, density: 0.2, seed: 1 });
    const csv = datasetToCsv(patterns, { header: false });
    console.log(`\ndatasets: 60,000 × 784 binary patterns (CSV ${(csv.length / 2 ** 20).toFixed(0)} MB)`);

    let t0 = performance.now();
    const imported = await importDataset({ source: 'csv', fileName: 'patterns.csv', text: csv, imageShape: { rows: 28, cols: 28 } });
    const parse = seconds(t0);
    const path = join(dir, 'bench.attractor');
    const store = await createProject(path, 'bench');
    t0 = performance.now();
    await store.putDataset(imported);
    const put = seconds(t0);
    await store.close();
    console.log(`  import: parse ${parse} s + store ${put} s (packed, one transaction); file ${(statSync(path).size / 2 ** 20).toFixed(1)} MB`);

    const reopened = await openProject(path);
    t0 = performance.now();
    await reopened.listDatasetInfos(24);
    const list = (performance.now() - t0).toFixed(1);
    t0 = performance.now();
    await reopened.getDataset(imported.id);
    console.log(`  list with 24 preview rows: ${list} ms; read back and unpack: ${seconds(t0)} s`);
    await reopened.close();

    t0 = performance.now();
    const digits = await loadMnistDigits({ size: 8 });
    console.log(`  MNIST 8×8 from the mnist package (7,000 train + 1,500 test): ${seconds(t0)} s (first load parses its 21 MB of JSON)`);
    t0 = performance.now();
    await loadMnistDigits({ size: 28 });
    console.log(`  MNIST 28×28, cached: ${seconds(t0)} s; 8×8 ink fraction ${(digits.train.bits.reduce((a, b) => a + b, 0) / digits.train.bits.length).toFixed(3)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
