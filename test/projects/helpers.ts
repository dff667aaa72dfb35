import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { BinaryDataset } from '../../engine/data/dataset';
import { diagramId, edgeId, nodeId } from '../../engine/diagram/ids';
import type { Diagram } from '../../engine/diagram/types';
import { SqliteDatabase } from '../../projects/storage/db';
import { createProject } from '../../projects/storage/openProject';
import type { StoredCheckpoint, StoredMetric, StoredRun } from '../../projects/types';

/** A fresh temporary folder and its removal. */
export function makeTempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'attractor-projects-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** SHA-256 of a file's bytes, to prove a refused file was left untouched. */
export const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Asserts two Float32Arrays hold the same bit patterns (so NaN payloads and −0 count). */
export function expectBitExact(actual: Float32Array, expected: Float32Array): void {
  expect(actual).toBeInstanceOf(Float32Array);
  expect(Array.from(new Uint32Array(actual.buffer, actual.byteOffset, actual.length))).toEqual(
    Array.from(new Uint32Array(expected.buffer, expected.byteOffset, expected.length)),
  );
}

/** An RBM diagram carrying trained parameters (4 visible, 2 hidden). */
export function rbmDiagram(id = 'rbm-diagram'): Diagram {
  return {
    format: 'attractor-diagram',
    version: 1,
    id: diagramId(id),
    name: 'Small RBM',
    settings: { encoding: 'binary01' },
    nodes: [{ id: nodeId('rbm1'), kind: 'rbm', label: 'RBM', position: { x: 10, y: -20.5 }, visibleSize: 4, hiddenSize: 2, visibleImageShape: { rows: 2, cols: 2 } }],
    edges: [],
    parameters: {
      weights: { 'rbm1#internal': { shape: [4, 2], values: [0.1, -0.2, 0.3, -0.4, 0.5, -0.6, 0.7, -0.8] } },
      biases: { rbm1: { shape: [6], values: [0, 1e-30, -1e30, 0.25, 3, -3] } },
    },
  };
}

/** A 3-unit Hopfield-style diagram without parameters. */
export function unitDiagram(id = 'units'): Diagram {
  const n = (raw: string) => nodeId(raw);
  return {
    format: 'attractor-diagram',
    version: 1,
    id: diagramId(id),
    name: 'Three units ✓ — ünïcode',
    settings: { encoding: 'pm1' },
    nodes: ['a', 'b', 'c'].map((raw, i) => ({ id: n(raw), kind: 'unit' as const, label: raw.toUpperCase(), position: { x: 100 * i, y: 0 }, role: 'visible' as const })),
    edges: [
      { id: edgeId('ab'), kind: 'coupling', source: n('a'), target: n('b') },
      { id: edgeId('bc'), kind: 'coupling', source: n('b'), target: n('c') },
    ],
  };
}

/** A dataset whose bit count is not a multiple of 8, with labels and an image shape. */
export function labelledDataset(id = 'digits'): BinaryDataset {
  const width = 6;
  const rowCount = 5;
  const bits = new Uint8Array(width * rowCount).map((_, i) => ((i * 7 + (i >> 2)) % 3 === 0 ? 1 : 0));
  return { id, name: 'Tiny digits', width, rowCount, bits, imageShape: { rows: 2, cols: 3 }, labels: new Int32Array([0, 1, -7, 2147483647, -2147483648]) };
}

/** A plain dataset: no labels, no image shape. */
export function plainDataset(id = 'xor'): BinaryDataset {
  return { id, name: 'XOR', width: 3, rowCount: 4, bits: new Uint8Array([0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0, 1]) };
}

/** A run record with every optional field set or not, by status. */
export function sampleRun(id: string, status: StoredRun['status'], startedAt = 1_700_000_000_000): StoredRun {
  const run: StoredRun = {
    id,
    kind: 'train',
    diagramId: 'units',
    datasetId: 'xor',
    algorithm: 'boltzmann-exact',
    config: { learningRate: 0.05, momentum: 0, sampler: 'exact', annealed: true },
    seed: 20240611,
    backend: 'cpu',
    status,
    startedAt,
    totalSteps: 200,
    lastStep: status === 'completed' ? 200 : 17,
    activeSeconds: status === 'completed' ? 61.25 : 3.5,
  };
  if (status === 'completed' || status === 'failed') run.endedAt = startedAt + 12_345;
  if (status !== 'queued') run.updatedAt = startedAt + 9_000;
  if (status === 'failed') run.error = 'training diverged (NaN in weights)';
  return run;
}

/** Metric rows for steps 1..n, including non-finite values of a diverging run. */
export function sampleMetrics(n: number): StoredMetric[] {
  return Array.from({ length: n }, (_, i) => ({
    step: i + 1,
    values: { kl: 1 / (i + 1), logLikelihood: -Math.log(4) - 1 / (i + 2), ...(i === n - 1 ? { gradNorm: Infinity, ratio: NaN } : {}) },
  }));
}

/** A checkpoint whose floats include −0, a denormal, ±Infinity, a NaN with a payload and float32 rounding edge cases. */
export function sampleCheckpoint(runId: string, step: number): StoredCheckpoint {
  const special = new Float32Array(8);
  const bits = new Uint32Array(special.buffer);
  bits.set([0x80000000, 0x00000001, 0x7f800000, 0xff800000, 0x7fc00123, 0x3eaaaaab, 0x7f7fffff, 0x00800000]);
  const big = new Float32Array(1000).map((_, i) => Math.sin(i * 0.37) * (step + 1));
  return {
    runId,
    step,
    createdAt: 1_700_000_100_000 + step,
    weights: { 'e-1': big, 'rbm1#internal': special, empty: new Float32Array(0) },
    biases: { a: new Float32Array([0.5 + step]), rbm1: new Float32Array([1, 2, 3, 4, 5, 6]) },
  };
}

/** Asserts a restored checkpoint equals the original bit for bit, key for key. */
export function expectCheckpointEqual(actual: StoredCheckpoint | undefined, expected: StoredCheckpoint): void {
  expect(actual).toBeDefined();
  const { weights, biases, ...rest } = actual!;
  const { weights: expectedWeights, biases: expectedBiases, ...expectedRest } = expected;
  expect(rest).toEqual(expectedRest);
  expect(Object.keys(weights)).toEqual(Object.keys(expectedWeights));
  expect(Object.keys(biases)).toEqual(Object.keys(expectedBiases));
  for (const key of Object.keys(expectedWeights)) expectBitExact(weights[key], expectedWeights[key]);
  for (const key of Object.keys(expectedBiases)) expectBitExact(biases[key], expectedBiases[key]);
}

/** Writes a closed project file at `path`: unitDiagram, labelledDataset and a completed run `runId` with `steps` metric rows. */
export async function writeSmallProject(path: string, name: string, runId: string, steps: number): Promise<void> {
  const store = await createProject(path, name);
  await store.putDiagram(unitDiagram());
  await store.putDataset(labelledDataset());
  await store.putRun(sampleRun(runId, 'completed'));
  await store.appendMetrics(runId, sampleMetrics(steps));
  await store.close();
}

/** Changes the rowid of one primary-key index entry of the datasets table: quick_check passes, integrity_check does not. */
export async function damageDatasetIndex(path: string): Promise<void> {
  const db = await SqliteDatabase.open(path, 'immutable');
  const index = await db.get<{ rootpage: number }>(`SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_datasets_1'`);
  await db.close();
  const bytes = readFileSync(path);
  bytes[index!.rootpage * bytes.readUInt16BE(16) - 1] ^= 0x01;
  writeFileSync(path, bytes);
}
