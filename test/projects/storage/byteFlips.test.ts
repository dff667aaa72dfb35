import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../../../projects/storage/db';
import { createProject, openProject } from '../../../projects/storage/openProject';
import { DamagedDataError, ProjectOpenError, type ProjectStore } from '../../../projects/types';
import { labelledDataset, makeTempDir, plainDataset, rbmDiagram, sampleCheckpoint, sampleMetrics, sampleRun, sha256, unitDiagram } from '../helpers';

// Acceptance (issue 14): of many copies of a project with random bytes flipped, none is written to. Each is refused for
// writing with a precise one-line message (and left byte-for-byte as it was), or passes the full integrity check; every
// stored record then reads back intact or as a typed DamagedDataError — never a raw SyntaxError or RangeError.

const COPIES = 50;
const CHECKPOINT_STEPS = [100, 200, 300, 400, 500, 600];
const OUTPUT_IDS = ['o1', 'o2', 'o3'];

let temp: ReturnType<typeof makeTempDir>;
let source: string;

/** mulberry32: a small seeded generator, so the corpus is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  temp = makeTempDir();
  source = join(temp.dir, 'source.attractor');
  const store = await createProject(source, 'Corpus');
  await store.putDiagram(unitDiagram());
  await store.putDiagram(rbmDiagram());
  await store.putDiagram({ ...unitDiagram('units-2'), name: 'Second' });
  await store.putDataset(labelledDataset());
  await store.putDataset(plainDataset());
  const rows = 1500;
  const wide = { id: 'wide', name: 'Wide', width: 196, rowCount: rows, bits: new Uint8Array(196 * rows).map((_, i) => (i * 2654435761) >>> 31), labels: new Int32Array(rows).map((_, i) => i % 10) };
  await store.putDataset(wide);
  await store.putRun(sampleRun('r1', 'completed'));
  await store.appendMetrics('r1', sampleMetrics(3000));
  for (const step of CHECKPOINT_STEPS) {
    const checkpoint = sampleCheckpoint('r1', step);
    await store.putCheckpoint({ ...checkpoint, weights: { ...checkpoint.weights, big: new Float32Array(40_000).map((_, i) => Math.cos(i + step)) } });
  }
  for (const [i, id] of OUTPUT_IDS.entries()) {
    const values = new Float32Array(10_000).map((_, k) => Math.sin(k * (i + 1)));
    await store.putOutput({ id, runId: 'r1', kind: 'samples', name: id, step: 100 * (i + 1), createdAt: i, summary: { i }, array: { dtype: 'float32', shape: [100, 100], values } });
  }
  await store.close();
});
afterAll(() => temp.cleanup());

/** What reading each record gave: 'ok', 'damaged', or the unexpected error's description (which fails the test). */
async function readEverything(store: ProjectStore): Promise<string[]> {
  const reads: (() => Promise<unknown>)[] = [
    () => store.getName(),
    () => store.listDiagrams(),
    () => store.listTrainChoices(),
    () => store.listDatasets(),
    () => store.listDatasetInfos(5),
    () => store.listRuns(),
    () => store.getRun('r1'),
    () => store.listMetrics('r1'),
    () => store.listMetrics('r1', { maxPoints: 100 }),
    () => store.listCheckpoints('r1'),
    () => store.latestCheckpoint('r1'),
    () => store.listOutputs(),
    ...['digits', 'xor', 'wide'].map((id) => () => store.getDataset(id)),
    ...CHECKPOINT_STEPS.map((step) => () => store.getCheckpoint('r1', step)),
    ...OUTPUT_IDS.map((id) => () => store.getOutput(id)),
    ...OUTPUT_IDS.map((id) => () => store.getOutput(id, { from: 10, count: 5 })),
  ];
  const outcomes: string[] = [];
  for (const read of reads) {
    outcomes.push(
      await read().then(
        () => 'ok',
        (error: unknown) => (error instanceof DamagedDataError && isOneLine(error.message) ? 'damaged' : `unexpected ${String((error as Error)?.stack ?? error)}`),
      ),
    );
  }
  return outcomes;
}

const isOneLine = (message: string): boolean => !message.includes('\n') && message.length <= 300;

/** The full integrity check, as an independent referee of the files the store agreed to write. */
async function passesIntegrityCheck(path: string): Promise<boolean> {
  try {
    const db = await SqliteDatabase.open(path, 'immutable');
    try {
      const rows = await db.all<{ integrity_check: string }>('PRAGMA integrity_check');
      return rows.length === 1 && rows[0].integrity_check === 'ok';
    } finally {
      await db.close();
    }
  } catch {
    return false;
  }
}

describe('a corpus of byte-flipped projects', () => {
  it(`refuses to write any of ${COPIES} damaged copies and reports every damaged record as damage`, async () => {
    const size = readFileSync(source).length;
    expect(size).toBeGreaterThan(1_500_000);
    const random = seeded(14);
    const tally = { refused: 0, openedWritable: 0, openedReadOnly: 0, damagedReads: 0 };
    const unexpected: string[] = [];
    for (let copy = 0; copy < COPIES; copy++) {
      const dir = join(temp.dir, `copy-${copy}`);
      mkdirSync(dir);
      const path = join(dir, 'project.attractor');
      copyFileSync(source, path);
      const bytes = readFileSync(path);
      const flips = 1 + Math.floor(random() * 4);
      // Even copies: anywhere (mostly inside values, which only the checksums see); odd copies: a page's header and cell
      // pointers (b-tree structure, which SQLite's integrity check sees).
      const pageSize = bytes.readUInt16BE(16);
      for (let i = 0; i < flips; i++) {
        const offset = copy % 2 === 0 ? Math.floor(random() * size) : Math.floor(random() * (size / pageSize)) * pageSize + Math.floor(random() * 24);
        bytes[offset] ^= 1 + Math.floor(random() * 255);
      }
      writeFileSync(path, bytes);
      const before = sha256(path);
      const intact = await passesIntegrityCheck(path);

      const writable = await openProject(path).then(
        (store) => store,
        (error: unknown) => error,
      );
      if (writable instanceof Error) {
        tally.refused++;
        expect(writable, `copy ${copy}`).toBeInstanceOf(ProjectOpenError);
        expect(isOneLine(writable.message), writable.message).toBe(true);
        expect(sha256(path), `copy ${copy} was changed by a refused open`).toBe(before);
        expect(readdirSync(dir)).toEqual(['project.attractor']);
        const readOnly = await openProject(path, { readOnly: true }).catch((error: unknown) => error);
        if (readOnly instanceof Error) {
          expect(readOnly, `copy ${copy}`).toBeInstanceOf(ProjectOpenError);
          expect(isOneLine(readOnly.message), readOnly.message).toBe(true);
        } else {
          tally.openedReadOnly++;
          const store = readOnly as ProjectStore;
          const outcomes = await readEverything(store);
          await store.close();
          tally.damagedReads += outcomes.filter((o) => o === 'damaged').length;
          unexpected.push(...outcomes.filter((o) => o.startsWith('unexpected')).map((o) => `copy ${copy} (read-only): ${o}`));
        }
        expect(sha256(path), `copy ${copy} was changed by a read-only open`).toBe(before);
        expect(readdirSync(dir)).toEqual(['project.attractor']);
      } else {
        tally.openedWritable++;
        expect(intact, `copy ${copy} failed the integrity check yet was opened for writing`).toBe(true);
        const store = writable as ProjectStore;
        const outcomes = await readEverything(store);
        await store.close();
        tally.damagedReads += outcomes.filter((o) => o === 'damaged').length;
        unexpected.push(...outcomes.filter((o) => o.startsWith('unexpected')).map((o) => `copy ${copy}: ${o}`));
      }
    }
    expect(unexpected).toEqual([]);
    expect(tally.refused + tally.openedWritable).toBe(COPIES);
    // The corpus exercises both defences: the integrity check (refusals) and the row checksums (damaged reads).
    expect(tally.refused).toBeGreaterThan(0);
    expect(tally.damagedReads).toBeGreaterThan(0);
  }, 120_000);
});
