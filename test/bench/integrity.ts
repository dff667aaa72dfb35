/**
 * Integrity figures for `npm run bench`: what the full PRAGMA integrity_check a writable open runs costs on a ~100 MB
 * project (against quick_check and a read-only open, which runs neither), and what the row checksums cost.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomPatterns } from '../../engine/data/generators';
import { SqliteDatabase } from '../../projects/storage/db';
import { rowChecksum } from '../../projects/storage/integrity';
import { createProject, openProject } from '../../projects/storage/openProject';
import type { StoredMetric, StoredRun } from '../../projects/types';

const ms = (from: number): string => (performance.now() - from).toFixed(0);

/** Median of `runs` timings of `fn` in ms (after one warm-up, so the file is in the page cache as on a second open). */
async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

async function pragma(path: string, name: 'integrity_check' | 'quick_check'): Promise<void> {
  const db = await SqliteDatabase.open(path, 'immutable');
  await db.all(`PRAGMA ${name}`);
  await db.close();
}

/** Builds a project of about 100 MB: a 60,000 × 784 dataset, a 300,000-step run's metrics, 40 checkpoints of a 784×500 RBM. */
async function buildProject(path: string): Promise<void> {
  const store = await createProject(path, 'bench');
  const patterns = randomPatterns({ count: 60_000, rows: 28, cols: 28, density: 0.2, seed: 1 });
  await store.putDataset({ ...patterns, id: 'digits', name: 'digits' });
  const run: StoredRun = {
    id: 'r1', kind: 'train', diagramId: 'd', datasetId: 'digits', algorithm: 'cd', config: { learningRate: 0.01 }, seed: 1, backend: 'cpu',
    status: 'completed', startedAt: 0, totalSteps: 300_000, lastStep: 300_000, activeSeconds: 1,
  };
  await store.putRun(run);
  for (let start = 1; start <= 300_000; start += 20_000) {
    const rows: StoredMetric[] = Array.from({ length: 20_000 }, (_, i) => ({ step: start + i, values: { kl: 1 / (start + i), reconstruction: Math.sin(start + i) } }));
    await store.appendMetrics('r1', rows);
  }
  for (let k = 0; k < 40; k++) {
    const weights = new Float32Array(784 * 500).map((_, i) => Math.sin(i + k));
    await store.putCheckpoint({ runId: 'r1', step: 5000 * (k + 1), createdAt: k, weights: { 'rbm#internal': weights }, biases: { rbm: new Float32Array(1284) } });
  }
  await store.close();
}

export async function benchIntegrity(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'attractor-bench-integrity-'));
  try {
    const path = join(dir, 'big.attractor');
    const t0 = performance.now();
    await buildProject(path);
    const megabytes = statSync(path).size / 2 ** 20;
    console.log(`\nintegrity: a ${megabytes.toFixed(0)} MB project (60,000 × 784 dataset, 300,000 metric rows, 40 checkpoints of 784×500), built in ${ms(t0)} ms`);
    const full = await median(3, () => pragma(path, 'integrity_check'));
    const quick = await median(3, () => pragma(path, 'quick_check'));
    console.log(`  PRAGMA integrity_check: ${full.toFixed(0)} ms (${(full / megabytes).toFixed(1)} ms/MB); quick_check: ${quick.toFixed(0)} ms`);
    const writable = await median(3, async () => (await openProject(path)).close());
    const readOnly = await median(3, async () => (await openProject(path, { readOnly: true })).close());
    console.log(`  openProject for writing (integrity check included) + close: ${writable.toFixed(0)} ms; read-only open + close: ${readOnly.toFixed(1)} ms`);
    const blob = Buffer.alloc(784 * 500 * 4, 7);
    const crc = await median(21, async () => rowChecksum([5000, '{"encoding":"float32-le"}', blob]));
    console.log(`  row checksum of a 1.5 MB checkpoint: ${crc.toFixed(2)} ms; of a metric row: ${(await median(1001, async () => rowChecksum([88, '{"kl":0.01,"reconstruction":0.5}']))).toFixed(4)} ms`);
    const store = await openProject(path, { readOnly: true });
    const raw = await SqliteDatabase.open(path, 'immutable');
    const verified = await median(1, () => store.listMetrics('r1'));
    const unverified = await median(1, async () => (await raw.all<{ json: string }>('SELECT step, json FROM metrics ORDER BY step')).map((row) => JSON.parse(row.json) as unknown));
    console.log(`  all 300,000 metric rows: ${verified.toFixed(0)} ms read, decoded and verified; ${unverified.toFixed(0)} ms read and parsed without checks`);
    await raw.close();
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
