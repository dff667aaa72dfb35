import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../../../projects/storage/db';
import { rowChecksum, type ChecksumPart } from '../../../projects/storage/integrity';
import { createProject, openProject } from '../../../projects/storage/openProject';
import { DamagedDataError, type ProjectStore } from '../../../projects/types';
import { expectCheckpointEqual, labelledDataset, makeTempDir, plainDataset, rbmDiagram, sampleCheckpoint, sampleMetrics, sampleRun, unitDiagram } from '../helpers';

let temp: ReturnType<typeof makeTempDir>;
let path: string;
const open: ProjectStore[] = [];
const track = (store: ProjectStore): ProjectStore => (open.push(store), store);

beforeEach(async () => {
  temp = makeTempDir();
  path = join(temp.dir, 'sums.attractor');
  const store = await createProject(path, 'Sums');
  await store.putDiagram(unitDiagram());
  await store.putDiagram(rbmDiagram());
  await store.putDataset(labelledDataset());
  await store.putDataset({ ...plainDataset(), split: new Uint8Array([0, 1, 0, 1]), labelNames: ['a', 'b'], origin: { method: 'csv', settings: { file: 'x.csv' } } });
  await store.putRun(sampleRun('r3', 'completed'));
  await store.appendMetrics('r3', sampleMetrics(120));
  await store.putCheckpoint(sampleCheckpoint('r3', 50));
  await store.putCheckpoint(sampleCheckpoint('r3', 100));
  await store.putOutput({ id: 'o1', runId: 'r3', kind: 'samples', name: 'fantasies', step: 100, createdAt: 1, summary: { count: 2 }, array: { dtype: 'float32', shape: [2, 3], values: new Float32Array([1, 2, 3, 4, 5, 6]) } });
  await store.close();
});
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
  temp.cleanup();
});

/** Changes the file as another program (or a disk fault that keeps pages well-formed) would: plain SQL, checksums left alone. */
async function tamper(sql: string): Promise<void> {
  const db = await SqliteDatabase.open(path, 'readwrite');
  await db.exec(sql);
  await db.close();
}

/** The DamagedDataError `read` throws (failing the test when it succeeds or throws anything else). */
async function damageOf(read: () => Promise<unknown>): Promise<DamagedDataError> {
  const error = await read().then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(DamagedDataError);
  const message = (error as Error).message;
  expect(message).not.toMatch(/\n/);
  expect(message.length).toBeLessThanOrEqual(300);
  return error as DamagedDataError;
}

describe('row checksums', () => {
  it('writes a checksum with every JSON and BLOB row and reads everything back verified', async () => {
    const db = await SqliteDatabase.open(path, 'immutable');
    for (const table of ['diagrams', 'datasets', 'runs', 'metrics', 'checkpoints', 'outputs']) {
      const row = await db.get<{ unset: number; total: number }>(`SELECT sum(checksum IS NULL) AS unset, count(*) AS total FROM ${table}`);
      expect(row, table).toMatchObject({ unset: 0 });
      expect(row!.total, table).toBeGreaterThan(0);
    }
    const metric = await db.get<{ step: number; json: string; checksum: number }>('SELECT step, json, checksum FROM metrics WHERE step = 7');
    expect(metric!.checksum).toBe(rowChecksum([7, metric!.json]));
    await db.close();
    const store = track(await openProject(path));
    expect((await store.listDiagrams()).map((d) => d.id)).toEqual(['units', 'rbm-diagram']);
    expect(await store.getDataset('digits')).toEqual(labelledDataset());
    expect(await store.listMetrics('r3')).toEqual(sampleMetrics(120));
    expectCheckpointEqual(await store.getCheckpoint('r3', 50), sampleCheckpoint('r3', 50));
    expect((await store.getOutput('o1'))?.array?.values).toEqual(new Float32Array([1, 2, 3, 4, 5, 6]));
  });

  it("reports a changed metric row as run r3's metrics at step 88 being damaged, not as a JSON error", async () => {
    // The case: one byte of a metric row's JSON changed, so the text no longer parses.
    await tamper(`UPDATE metrics SET json = substr(json, 1, 5) || '#' || substr(json, 7) WHERE step = 88`);
    const store = track(await openProject(path));
    const damage = await damageOf(() => store.listMetrics('r3'));
    expect(damage.location).toEqual({ table: 'metrics', runId: 'r3', step: 88 });
    expect(damage.message).toBe(
      "run r3's metrics at step 88 are damaged (checksum mismatch); the file was not changed — open a backup, or export what is intact",
    );
    expect(await store.listMetrics('r3', { toStep: 87 })).toHaveLength(87);
  });

  it('reports undecodable values of rows without a checksum (written before schema 5) as damage too', async () => {
    await tamper(`UPDATE metrics SET checksum = NULL; UPDATE metrics SET json = '{"kl": 0.5,' WHERE step = 88`);
    const store = track(await openProject(path));
    const damage = await damageOf(() => store.listMetrics('r3'));
    expect(damage.message).toMatch(/^run r3's metrics at step 88 are damaged \(unreadable value: .*JSON.*\); the file was not changed/);
  });

  it('reads rows whose checksum is NULL unverified', async () => {
    await tamper(`UPDATE metrics SET checksum = NULL; UPDATE metrics SET json = '{"kl":42}' WHERE step = 3`);
    const store = track(await openProject(path));
    expect((await store.listMetrics('r3', { fromStep: 3, toStep: 3 }))[0].values).toEqual({ kl: 42 });
  });

  it('names the record of a flipped byte inside each kind of value: checkpoint, output, dataset, diagram, run config', async () => {
    const flipBlobByte = (table: string, column: string, where: string) =>
      `UPDATE ${table} SET ${column} = substr(${column}, 1, 20) || X'A5' || substr(${column}, 22) WHERE ${where};`;
    await tamper(
      flipBlobByte('checkpoints', 'blob', 'step = 100') +
        flipBlobByte('outputs', 'blob', "id = 'o1'") +
        flipBlobByte('datasets', 'labels', "id = 'digits'") +
        `UPDATE diagrams SET json = replace(json, '"Small RBM"', '"Small RBN"') WHERE id = 'rbm-diagram';` +
        `UPDATE runs SET config = replace(config, '0.05', '0.06') WHERE id = 'r3';`,
    );
    // Damaged diagram and run records refuse writing at open (integrity_check cannot see them); the file reads read-only.
    await expect(openProject(path)).rejects.toThrow(/is damaged \(diagram "rbm-diagram" is damaged: checksum mismatch\) and was not changed/);
    const store = track(await openProject(path, { readOnly: true }));
    expect((await damageOf(() => store.getCheckpoint('r3', 100))).message).toMatch(/^run r3's checkpoint at step 100 is damaged \(checksum mismatch\)/);
    expect((await damageOf(() => store.latestCheckpoint('r3'))).location).toEqual({ table: 'checkpoints', runId: 'r3', step: 100 });
    expectCheckpointEqual(await store.getCheckpoint('r3', 50), sampleCheckpoint('r3', 50));
    expect((await damageOf(() => store.getOutput('o1'))).message).toMatch(/^output "o1" of run r3 is damaged/);
    expect(await store.listOutputs('r3')).toHaveLength(1);
    expect((await damageOf(() => store.getDataset('digits'))).message).toMatch(/^dataset "digits" is damaged/);
    expect((await store.getDataset('xor'))?.labelNames).toEqual(['a', 'b']);
    // Read-only listings leave the damaged records out and name them, so the rest can be seen and saved.
    expect((await store.listDiagrams()).map((d) => d.id)).not.toContain('rbm-diagram');
    expect((await store.listRuns()).map((r) => r.id)).not.toContain('r3');
    expect(store.skippedDamage).toEqual(['diagram "rbm-diagram"', "run r3's record"]);
  });

  it('a blob of the wrong length with no checksum is damage, not a RangeError', async () => {
    await tamper(`UPDATE checkpoints SET checksum = NULL, blob = substr(blob, 1, 13) WHERE step = 50`);
    const store = track(await openProject(path));
    expect((await damageOf(() => store.getCheckpoint('r3', 50))).message).toMatch(/checkpoint at step 50 is damaged \(unreadable value: .*4-byte/);
  });

  it('a branch copies its parent rows with their checksums, so they verify under the new run', async () => {
    const store = track(await openProject(path));
    await store.branchRun({ ...sampleRun('r4', 'completed'), parent: { runId: 'r3', step: 50 } });
    expect(await store.listMetrics('r4')).toEqual(sampleMetrics(120).slice(0, 50));
    expectCheckpointEqual(await store.getCheckpoint('r4', 50), { ...sampleCheckpoint('r3', 50), runId: 'r4' });
  });
});

describe('rowChecksum', () => {
  /** The definition: CRC-32 of the parts laid end to end, each after its byte length (uint32 LE), NULL as 0xffffffff. */
  function reference(parts: ChecksumPart[]): number {
    const pieces = parts.flatMap((part) => {
      if (part === null) return [Buffer.from([0xff, 0xff, 0xff, 0xff])];
      const bytes = part instanceof Uint8Array ? Buffer.from(part) : Buffer.from(String(part), 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32LE(bytes.length);
      return [length, bytes];
    });
    return crc32(Buffer.concat(pieces)) >>> 0;
  }

  it('matches its definition for small rows and for rows past the one-buffer size, and tells part boundaries apart', () => {
    const big = new Uint8Array(10_000).map((_, i) => i * 31);
    for (const parts of <ChecksumPart[][]>[[88, '{"kl":0.5}'], ['ü✓', null, Buffer.from([1, 2])], [5000, 'x'.repeat(5000), big], [null, big, 'é']]) {
      expect(rowChecksum(parts)).toBe(reference(parts));
    }
    expect(rowChecksum(['ab', 'c'])).not.toBe(rowChecksum(['a', 'bc']));
    expect(rowChecksum([null])).not.toBe(rowChecksum(['']));
  });
});
