import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRandom } from '../../../engine/random/seeded';
import { SqliteDatabase } from '../../../projects/storage/db';
import { planBuckets, type ReadCounter } from '../../../projects/storage/downsample';
import { migrate } from '../../../projects/storage/migrations';
import { rebuildRun } from '../../../projects/storage/metricSummary';
import { createProject, openProject } from '../../../projects/storage/openProject';
import * as runs from '../../../projects/storage/runStore';
import type { StoredMetric } from '../../../projects/types';
import { makeTempDir, sampleCheckpoint, sampleRun } from '../helpers';

let temp: ReturnType<typeof makeTempDir>;
let db: SqliteDatabase;
beforeEach(async () => {
  temp = makeTempDir();
  db = await SqliteDatabase.open(join(temp.dir, 'summaries.attractor'), 'create');
  await migrate(db, 0);
});
afterEach(async () => {
  await db.close();
  temp.cleanup();
});

const inTransaction = <T>(fn: () => Promise<T>): Promise<T> => db.transaction(fn);

/** A series with gaps, spikes, NaN and ±Infinity, and a second metric recorded on some steps only. */
function randomSeries(seed: number, count: number, firstStep = 0): StoredMetric[] {
  const random = createRandom(seed);
  const rows: StoredMetric[] = [];
  let step = firstStep;
  for (let k = 0; k < count; k++) {
    step += random.next() < 0.2 ? 1 + random.int(20) : 1;
    const roll = random.next();
    const kl = roll < 0.02 ? NaN : roll < 0.03 ? Infinity : roll < 0.04 ? -Infinity : roll < 0.06 ? 1000 * (random.next() - 0.5) : random.next();
    const values: Record<string, number> = { kl };
    if (random.next() < 0.3) values.logLikelihood = -1 - random.int(5);
    rows.push({ step, values });
  }
  return rows;
}

/** M4 of the rows by brute force: per bucket of `width` steps and metric, the rows of its first, last, least and greatest (non-NaN, earliest) value. */
function bruteForceM4(rows: StoredMetric[], from: number, to: number, width: number): StoredMetric[] {
  const buckets = new Map<number, StoredMetric[]>();
  for (const row of rows.filter((r) => r.step >= from && r.step <= to)) {
    const k = Math.floor(row.step / width);
    buckets.set(k, [...(buckets.get(k) ?? []), row]);
  }
  const picked = new Set<StoredMetric>();
  for (const bucket of buckets.values()) {
    for (const name of new Set(bucket.flatMap((row) => Object.keys(row.values)))) {
      const having = bucket.filter((row) => name in row.values);
      const ranked = having.filter((row) => !Number.isNaN(row.values[name]));
      let min: StoredMetric | undefined;
      let max: StoredMetric | undefined;
      for (const row of ranked) {
        if (!min || row.values[name] < min.values[name]) min = row;
        if (!max || row.values[name] > max.values[name]) max = row;
      }
      for (const row of [having[0], min, max, having[having.length - 1]]) if (row) picked.add(row);
    }
  }
  return rows.filter((row) => picked.has(row));
}

/** The stored summary and pyramid rows of a run, to compare incremental upkeep with a rebuild. */
async function derived(runId: string) {
  return {
    summary: await db.get('SELECT * FROM run_summaries WHERE run_id = ?', [runId]),
    buckets: await db.all('SELECT level, bucket, json FROM metric_buckets WHERE run_id = ? ORDER BY level, bucket', [runId]),
  };
}

async function expectMatchesRebuild(runId: string): Promise<void> {
  const incremental = await derived(runId);
  await inTransaction(() => rebuildRun(db, runId));
  expect(incremental).toEqual(await derived(runId));
}

/** The rows as they stand after appends in order (a later row at a step replaces the earlier one). */
function finalRows(batches: StoredMetric[][]): StoredMetric[] {
  const byStep = new Map<number, StoredMetric>();
  for (const row of batches.flat()) byStep.set(row.step, row);
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

describe('metric summaries and the M4 bucket pyramid', () => {
  it('serve the M4 points a brute force computes, for random series, ranges and resolutions', async () => {
    const random = createRandom(7);
    await runs.putRun(db, sampleRun('r', 'running'));
    const all = randomSeries(1, 6000);
    const batches: StoredMetric[][] = [];
    for (let start = 0; start < all.length; ) {
      const size = 1 + random.int(700);
      batches.push(all.slice(start, start + size));
      start += size;
    }
    // Replacements and rows out of order take the recompute path.
    batches.push([{ step: all[100].step, values: { kl: -5e6 } }, { step: all[4000].step, values: { kl: 7e6, logLikelihood: 3 } }]);
    batches.push([{ step: all[50].step + 0, values: { kl: 0.5 } }]);
    for (const batch of batches) await inTransaction(() => runs.appendMetrics(db, 'r', batch));
    const rows = finalRows(batches);
    await expectMatchesRebuild('r');
    const summary = await runs.getRunSummary(db, 'r');
    expect(summary).toMatchObject({ metricCount: rows.length, firstStep: rows[0].step, lastStep: rows[rows.length - 1].step, metricNames: ['kl', 'logLikelihood'] });
    for (let trial = 0; trial < 60; trial++) {
      const a = random.int(rows[rows.length - 1].step + 50);
      const b = a + random.int(rows[rows.length - 1].step + 50 - a);
      const maxPoints = 2 + random.int(trial % 2 ? 60 : 1200);
      const range = trial % 10 === 0 ? { maxPoints } : { fromStep: a, toStep: b, maxPoints };
      const served = await runs.listMetrics(db, 'r', range);
      const from = Math.max(range.fromStep ?? 0, summary.firstStep as number);
      const to = Math.min(range.toStep ?? Infinity, summary.lastStep as number);
      const plan = planBuckets(from, to, maxPoints, 2);
      const whole = from === summary.firstStep && to === summary.lastStep && rows.length <= maxPoints;
      const expected = plan && !whole ? bruteForceM4(rows, from, to, plan.width) : rows.filter((row) => row.step >= from && row.step <= to);
      expect(served, `range ${JSON.stringify(range)}`).toEqual(expected);
      expect(served.length).toBeLessThanOrEqual(Math.max(maxPoints, 8));
    }
  });

  it('keep rewinds, branches, checkpoints and deletes equal to a rebuild', async () => {
    await runs.putRun(db, sampleRun('p', 'running'));
    await inTransaction(() => runs.appendMetrics(db, 'p', randomSeries(2, 3000)));
    for (const step of [10, 700, 2900]) await inTransaction(() => runs.putCheckpoint(db, sampleCheckpoint('p', step)));
    await inTransaction(() => runs.putCheckpoint(db, sampleCheckpoint('p', 700)));
    expect((await runs.getRunSummary(db, 'p')).checkpointCount).toBe(3);
    await expectMatchesRebuild('p');

    const rows = (await runs.listMetrics(db, 'p')).map((row) => row.step);
    const cut = rows[1234];
    await inTransaction(() => runs.copyHistory(db, 'p', 700, 'child'));
    await inTransaction(() => runs.deleteAfterStep(db, 'p', cut));
    await expectMatchesRebuild('p');
    await expectMatchesRebuild('child');
    expect(await runs.getRunSummary(db, 'p')).toMatchObject({ metricCount: 1235, lastStep: cut, checkpointCount: [10, 700, 2900].filter((step) => step <= cut).length });
    expect(await runs.getRunSummary(db, 'child')).toMatchObject({ checkpointCount: 1, lastStep: rows.filter((s) => s <= 700).pop() });

    await inTransaction(() => runs.appendMetrics(db, 'p', randomSeries(3, 500, cut)));
    await inTransaction(() => runs.appendMetrics(db, 'child', randomSeries(4, 500, 700)));
    await expectMatchesRebuild('p');
    await expectMatchesRebuild('child');

    await inTransaction(() => runs.deleteAfterStep(db, 'child', 0));
    expect(await runs.getRunSummary(db, 'child')).toEqual({ runId: 'child', metricCount: 0, metricNames: ['kl', 'logLikelihood'], checkpointCount: 0 });
    expect(await runs.listMetrics(db, 'child', { maxPoints: 10 })).toEqual([]);
    await inTransaction(() => runs.deleteRun(db, 'p'));
    expect(await derived('p')).toEqual({ summary: undefined, buckets: [] });
    expect(await runs.getRunSummary(db, 'p')).toEqual({ runId: 'p', metricCount: 0, metricNames: [], checkpointCount: 0 });
  });

  it('read O(buckets) rows for a 1,000,000-step run and keep its spikes', async () => {
    await runs.putRun(db, sampleRun('long', 'running'));
    const spikeStep = 612_345;
    for (let start = 0; start < 1_000_000; start += 50_000) {
      const batch: StoredMetric[] = [];
      for (let step = start; step < start + 50_000; step++) batch.push({ step, values: { kl: step === spikeStep ? 99 : 1 / (1 + step), rate: 0.5 } });
      await inTransaction(() => runs.appendMetrics(db, 'long', batch));
    }
    for (const range of [{ maxPoints: 1000 }, { fromStep: 600_001, toStep: 700_003, maxPoints: 200 }]) {
      const counter: ReadCounter = { rows: 0, buckets: 0 };
      const points = await runs.listMetrics(db, 'long', range, counter);
      expect(points.length).toBeLessThanOrEqual(range.maxPoints);
      expect(points.find((point) => point.values.kl === 99)?.step).toBe(spikeStep);
      expect(counter.rows + counter.buckets).toBeLessThan(range.maxPoints * 8 + 200);
    }
    const all = await runs.listMetrics(db, 'long', { maxPoints: 1000 });
    expect(all[0]).toEqual({ step: 0, values: { kl: 1, rate: 0.5 } });
    expect(all[all.length - 1]).toEqual({ step: 999_999, values: { kl: 1 / 1_000_000, rate: 0.5 } });
    expect(await runs.getRunSummary(db, 'long')).toMatchObject({ metricCount: 1_000_000, firstStep: 0, lastStep: 999_999 });
  }, 120_000);

  it('serve a writer\'s repeated requests from memory, never stale after appends, progress, rewinds, branches or deletes', async () => {
    const store = await createProject(join(temp.dir, 'cached.attractor'), 'Cached');
    try {
      const run = sampleRun('c', 'running');
      await store.putRun(run);
      await store.appendMetrics('c', randomSeries(5, 2000));
      const expectFresh = async (runId: string) => {
        for (const range of [{ maxPoints: 40 }, { fromStep: 500, toStep: 1500, maxPoints: 25 }]) {
          const served = await store.listMetrics(runId, range);
          served.forEach((point) => (point.values.kl = -1));
          expect(await store.listMetrics(runId, range)).toEqual(await inTransaction(() => runs.listMetrics(db, runId, range)));
        }
      };
      // The reference is computed from the same rows copied into this test's own database after every change.
      const mirror = async () => {
        await inTransaction(async () => {
          for (const id of ['c', 'b']) await runs.deleteRun(db, id);
          for (const id of ['c', 'b']) {
            const rows = await store.listMetrics(id);
            if (rows.length) await runs.appendMetrics(db, id, rows);
          }
        });
      };
      await mirror();
      await expectFresh('c');
      await store.appendMetrics('c', [{ step: 10, values: { kl: 1e9 } }]);
      await store.saveProgress({ run, metrics: randomSeries(6, 300, 5000), checkpoints: [sampleCheckpoint('c', 5100)] });
      await mirror();
      await expectFresh('c');
      await store.branchRun({ ...sampleRun('b', 'queued'), parent: { runId: 'c', step: 5100 } });
      await store.rewindRun(run, 900);
      await mirror();
      await expectFresh('c');
      await expectFresh('b');
      await store.deleteRun('b');
      expect(await store.listMetrics('b', { maxPoints: 40 })).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('are backfilled for the runs of a schema-v4 file when it is migrated', async () => {
    const path = join(temp.dir, 'v4.attractor');
    copyFileSync(join(import.meta.dirname, '../fixtures/v4.attractor'), path);
    const store = await openProject(path);
    try {
      for (const run of await store.listRuns()) {
        const rows = await store.listMetrics(run.id);
        const summary = await store.getRunSummary(run.id);
        expect(summary.metricCount).toBe(rows.length);
        expect(summary.checkpointCount).toBe((await store.listCheckpoints(run.id)).length);
        if (rows.length > 0) expect(summary).toMatchObject({ firstStep: rows[0].step, lastStep: rows[rows.length - 1].step, lastValues: rows[rows.length - 1].values });
        expect(await store.listMetrics(run.id, { maxPoints: 6 })).toEqual(
          rows.length <= 6 ? rows : bruteForceM4(rows, rows[0].step, rows[rows.length - 1].step, planBuckets(rows[0].step, rows[rows.length - 1].step, 6, summary.metricNames.length)?.width ?? 1),
        );
      }
      expect((await store.listRuns()).some((run) => run.lastStep > 0)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
