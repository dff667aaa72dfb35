/**
 * Per-run summaries (run_summaries) and the M4 bucket pyramid of each run's metrics (metric_buckets; schema: migration 006),
 * kept up to date by runStore.ts in the same transaction as the rows they describe. An append changes only the last bucket
 * of each level; a rewind, a replaced row or a branch recomputes the one bucket per level that straddles the change from the
 * level below. Aggregates are derived data: a metric row whose JSON no longer parses is left out of them (reading the row
 * itself reports the damage).
 */
import type { StoredMetric, StoredRunSummary } from '../types';
import { decodeMetricValues, encodeMetricValues } from './codec';
import type { SqlExecutor, SqlParam } from './db';
import { BUCKET_FANOUT, BUCKET_LEVELS, addRow, bucketWidth, decodeBucket, encodeBucket, mergeInto, type BucketAggregate } from './metricBuckets';

interface SummaryRow {
  metric_count: number;
  first_step: number | null;
  last_step: number | null;
  last_json: string | null;
  metric_names: string;
  checkpoint_count: number;
}

/** A run's summary; a run with nothing recorded (or no such run) has counts 0. */
export async function readSummary(sql: SqlExecutor, runId: string): Promise<StoredRunSummary> {
  const row = await sql.get<SummaryRow>('SELECT metric_count, first_step, last_step, last_json, metric_names, checkpoint_count FROM run_summaries WHERE run_id = ?', [runId]);
  const summary: StoredRunSummary = { runId, metricCount: row?.metric_count ?? 0, metricNames: [], checkpointCount: row?.checkpoint_count ?? 0 };
  if (!row) return summary;
  summary.metricNames = parseOr(row.metric_names, []) as string[];
  if (row.first_step !== null) summary.firstStep = row.first_step;
  if (row.last_step !== null) summary.lastStep = row.last_step;
  if (row.last_json !== null) summary.lastValues = decodeOr(row.last_json) ?? {};
  return summary;
}

async function writeSummary(sql: SqlExecutor, summary: StoredRunSummary): Promise<void> {
  await sql.run(
    `INSERT INTO run_summaries (run_id, metric_count, first_step, last_step, last_json, metric_names, checkpoint_count) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (run_id) DO UPDATE SET metric_count = excluded.metric_count, first_step = excluded.first_step, last_step = excluded.last_step,
       last_json = excluded.last_json, metric_names = excluded.metric_names, checkpoint_count = excluded.checkpoint_count`,
    [
      summary.runId, summary.metricCount, summary.firstStep ?? null, summary.lastStep ?? null,
      summary.lastValues ? encodeMetricValues(summary.lastValues) : null, JSON.stringify(summary.metricNames), summary.checkpointCount,
    ],
  );
}

function parseOr(json: string, fallback: unknown): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return fallback;
  }
}

function decodeOr(json: string): Record<string, number> | undefined {
  try {
    return decodeMetricValues(json);
  } catch {
    return undefined;
  }
}

function addNames(summary: StoredRunSummary, rows: StoredMetric[]): void {
  const known = new Set(summary.metricNames);
  for (const row of rows) {
    for (const name of Object.keys(row.values)) {
      if (known.has(name)) continue;
      known.add(name);
      summary.metricNames.push(name);
    }
  }
}

/** Raw rows in [from, to], in step order, without the ones that no longer decode. */
async function rowsBetween(sql: SqlExecutor, runId: string, from: number, to: number, limit = -1): Promise<StoredMetric[]> {
  const rows = await sql.all<{ step: number; json: string }>('SELECT step, json FROM metrics WHERE run_id = ? AND step BETWEEN ? AND ? ORDER BY step LIMIT ?', [runId, from, to, limit]);
  const metrics: StoredMetric[] = [];
  for (const row of rows) {
    const values = typeof row.json === 'string' ? decodeOr(row.json) : undefined;
    if (values) metrics.push({ step: row.step, values });
  }
  return metrics;
}

/** Rows per multi-row statement: 4 parameters each. */
const BUCKETS_PER_STATEMENT = 250;

/** A bucket to store: its level, its number and its aggregate. */
type BucketEntry = [level: number, bucket: number, aggregate: BucketAggregate];

async function putBuckets(sql: SqlExecutor, runId: string, entries: BucketEntry[]): Promise<void> {
  for (let start = 0; start < entries.length; start += BUCKETS_PER_STATEMENT) {
    const chunk = entries.slice(start, start + BUCKETS_PER_STATEMENT);
    const params: SqlParam[] = [];
    for (const [level, bucket, aggregate] of chunk) params.push(runId, level, bucket, encodeBucket(aggregate));
    await sql.run(
      `INSERT INTO metric_buckets (run_id, level, bucket, json) VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}
       ON CONFLICT (run_id, level, bucket) DO UPDATE SET json = excluded.json`,
      params,
    );
  }
}

const entriesOf = (level: number, buckets: Map<number, BucketAggregate>): BucketEntry[] => [...buckets].map(([bucket, aggregate]) => [level, bucket, aggregate]);

/** Stored buckets b0…b1 of a level in bucket order (a bucket that no longer decodes is left out). */
export async function readBuckets(sql: SqlExecutor, runId: string, level: number, b0: number, b1: number): Promise<Map<number, BucketAggregate>> {
  const rows = await sql.all<{ bucket: number; json: string }>(
    'SELECT bucket, json FROM metric_buckets WHERE run_id = ? AND level = ? AND bucket BETWEEN ? AND ? ORDER BY bucket',
    [runId, level, b0, b1],
  );
  const buckets = new Map<number, BucketAggregate>();
  for (const row of rows) {
    try {
      buckets.set(row.bucket, decodeBucket(row.json));
    } catch {
      // Derived data: a damaged bucket reads as empty until its run is rebuilt (rebuildRun).
    }
  }
  return buckets;
}

/** Groups sorted bucket numbers into runs of consecutive numbers, so each run is read with one range query. */
function consecutiveRanges(sorted: number[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const bucket of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && bucket === last[1] + 1) last[1] = bucket;
    else ranges.push([bucket, bucket]);
  }
  return ranges;
}

/** Recomputes the given level-0 buckets from the rows and every bucket above them from the level below; empty ones are deleted. */
async function recomputeBuckets(sql: SqlExecutor, runId: string, level0: Iterable<number>): Promise<void> {
  let touched = [...new Set(level0)].sort((a, b) => a - b);
  for (let level = 0; level < BUCKET_LEVELS && touched.length > 0; level++) {
    const width = bucketWidth(level);
    const fresh = new Map<number, BucketAggregate>();
    for (const [b0, b1] of consecutiveRanges(touched)) {
      if (level === 0) {
        for (const row of await rowsBetween(sql, runId, b0 * width, (b1 + 1) * width - 1)) {
          const bucket = Math.floor(row.step / width);
          if (!fresh.has(bucket)) fresh.set(bucket, new Map());
          addRow(fresh.get(bucket) as BucketAggregate, row.step, row.values);
        }
      } else {
        for (const [child, aggregate] of await readBuckets(sql, runId, level - 1, b0 * BUCKET_FANOUT, (b1 + 1) * BUCKET_FANOUT - 1)) {
          const bucket = Math.floor(child / BUCKET_FANOUT);
          if (!fresh.has(bucket)) fresh.set(bucket, new Map());
          mergeInto(fresh.get(bucket) as BucketAggregate, aggregate);
        }
      }
      await sql.run('DELETE FROM metric_buckets WHERE run_id = ? AND level = ? AND bucket BETWEEN ? AND ?', [runId, level, b0, b1]);
    }
    await putBuckets(sql, runId, entriesOf(level, fresh));
    touched = [...new Set(touched.map((bucket) => Math.floor(bucket / BUCKET_FANOUT)))];
  }
}

/** How many of `steps` (distinct) the run already has rows for in `table`. */
export async function countStored(sql: SqlExecutor, table: 'metrics' | 'checkpoints', runId: string, steps: number[]): Promise<number> {
  let found = 0;
  for (let start = 0; start < steps.length; start += 500) {
    const chunk = steps.slice(start, start + 500);
    found += (await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE run_id = ? AND step IN (${chunk.map(() => '?').join(', ')})`, [runId, ...chunk]))?.n ?? 0;
  }
  return found;
}

/** What appendMetrics found before inserting: the rows (one per step, in step order) and whether they all follow the stored ones. */
export interface AppendPlan {
  runId: string;
  rows: StoredMetric[];
  before: StoredRunSummary;
  appendOnly: boolean;
  /** How many of the rows replace stored ones (0 when appendOnly). */
  replaced: number;
}

/** Reads what an append changes; call before inserting the rows, then afterAppend once they are in. */
export async function beforeAppend(sql: SqlExecutor, runId: string, metrics: StoredMetric[]): Promise<AppendPlan> {
  const byStep = new Map<number, StoredMetric>();
  for (const metric of metrics) byStep.set(metric.step, metric);
  const rows = [...byStep.values()].sort((a, b) => a.step - b.step);
  const before = await readSummary(sql, runId);
  const appendOnly = rows.length === 0 || before.lastStep === undefined || rows[0].step > before.lastStep;
  const replaced = appendOnly ? 0 : await countStored(sql, 'metrics', runId, rows.map((row) => row.step));
  return { runId, rows, before, appendOnly, replaced };
}

/** Brings the summary and the pyramid up to date with rows just inserted (see beforeAppend). */
export async function afterAppend(sql: SqlExecutor, plan: AppendPlan): Promise<void> {
  const { runId, rows, before } = plan;
  if (rows.length === 0) return;
  const summary: StoredRunSummary = { ...before, metricNames: [...before.metricNames] };
  addNames(summary, rows);
  summary.metricCount += rows.length - plan.replaced;
  const last = rows[rows.length - 1];
  summary.firstStep = Math.min(summary.firstStep ?? rows[0].step, rows[0].step);
  if (before.lastStep === undefined || last.step >= before.lastStep) {
    summary.lastStep = last.step;
    summary.lastValues = { ...last.values };
  }
  await writeSummary(sql, summary);
  if (!plan.appendOnly) return recomputeBuckets(sql, runId, rows.map((row) => Math.floor(row.step / bucketWidth(0))));
  // Only the bucket holding the previous last row can exist already at each level; every later bucket is new. The open
  // buckets are read in one query and every level written in one statement, so a progress write stays a few statements.
  const levels: Map<number, BucketAggregate>[] = [new Map()];
  for (const row of rows) {
    const bucket = Math.floor(row.step / bucketWidth(0));
    if (!levels[0].has(bucket)) levels[0].set(bucket, new Map());
    addRow(levels[0].get(bucket) as BucketAggregate, row.step, row.values);
  }
  for (let level = 1; level < BUCKET_LEVELS; level++) {
    const parents = new Map<number, BucketAggregate>();
    for (const [bucket, aggregate] of levels[level - 1]) {
      const parent = Math.floor(bucket / BUCKET_FANOUT);
      if (!parents.has(parent)) parents.set(parent, new Map());
      mergeInto(parents.get(parent) as BucketAggregate, aggregate);
    }
    levels.push(parents);
  }
  const entries = levels.flatMap((buckets, level) => entriesOf(level, buckets));
  if (before.lastStep !== undefined) {
    const lastStep = before.lastStep;
    const open = levels.map((_, level) => Math.floor(lastStep / bucketWidth(level)));
    const stored = await sql.all<{ level: number; bucket: number; json: string }>(
      `SELECT level, bucket, json FROM metric_buckets WHERE run_id = ? AND (${open.map(() => '(level = ? AND bucket = ?)').join(' OR ')})`,
      [runId, ...open.flatMap((bucket, level) => [level, bucket])],
    );
    for (const row of stored) {
      const entry = entries.find(([level, bucket]) => level === row.level && bucket === row.bucket);
      if (!entry) continue;
      try {
        const merged = decodeBucket(row.json);
        mergeInto(merged, entry[2]);
        entry[2] = merged;
      } catch {
        // A damaged open bucket is replaced by the new rows' aggregate (rebuildRun restores it).
      }
    }
  }
  await putBuckets(sql, runId, entries);
}

/** After deleteAfterStep removed `deletedMetrics` rows and `deletedCheckpoints` checkpoints past `step`. */
export async function afterRewind(sql: SqlExecutor, runId: string, step: number, deletedMetrics: number, deletedCheckpoints: number): Promise<void> {
  const summary = await readSummary(sql, runId);
  summary.checkpointCount = Math.max(0, summary.checkpointCount - deletedCheckpoints);
  if (deletedMetrics > 0) {
    for (let level = 0; level < BUCKET_LEVELS; level++) {
      await sql.run('DELETE FROM metric_buckets WHERE run_id = ? AND level = ? AND bucket > ?', [runId, level, Math.floor(step / bucketWidth(level))]);
    }
    await recomputeBuckets(sql, runId, [Math.floor(step / bucketWidth(0))]);
    summary.metricCount = Math.max(0, summary.metricCount - deletedMetrics);
    await setEnds(sql, summary);
  }
  await writeSummary(sql, summary);
}

/** Reads the first and last rows into the summary (one indexed lookup each). */
async function setEnds(sql: SqlExecutor, summary: StoredRunSummary): Promise<void> {
  delete summary.firstStep;
  delete summary.lastStep;
  delete summary.lastValues;
  if (summary.metricCount === 0) return;
  const first = await sql.get<{ step: number }>('SELECT step FROM metrics WHERE run_id = ? ORDER BY step LIMIT 1', [summary.runId]);
  const last = await sql.get<{ step: number; json: string }>('SELECT step, json FROM metrics WHERE run_id = ? ORDER BY step DESC LIMIT 1', [summary.runId]);
  if (first) summary.firstStep = first.step;
  if (last) {
    summary.lastStep = last.step;
    summary.lastValues = decodeOr(last.json) ?? {};
  }
}

/** After copyHistory gave the branched run `runId` its parent's `copiedMetrics` rows up to `step` and one checkpoint. */
export async function afterBranch(sql: SqlExecutor, parentRunId: string, step: number, runId: string, copiedMetrics: number): Promise<void> {
  const parent = await readSummary(sql, parentRunId);
  const before = await readSummary(sql, runId);
  const summary: StoredRunSummary = { runId, metricCount: before.metricCount + copiedMetrics, metricNames: [...parent.metricNames], checkpointCount: before.checkpointCount + 1 };
  for (let level = 0; level < BUCKET_LEVELS; level++) {
    // Buckets wholly at or before `step` are the parent's; the one straddling it is recomputed below.
    await sql.run(
      `INSERT INTO metric_buckets (run_id, level, bucket, json) SELECT ?, level, bucket, json FROM metric_buckets WHERE run_id = ? AND level = ? AND bucket < ?
       ON CONFLICT (run_id, level, bucket) DO UPDATE SET json = excluded.json`,
      [runId, parentRunId, level, Math.floor((step + 1) / bucketWidth(level))],
    );
  }
  await recomputeBuckets(sql, runId, [Math.floor(step / bucketWidth(0))]);
  await setEnds(sql, summary);
  await writeSummary(sql, summary);
}

/** After putCheckpoints stored `added` checkpoints at steps the run had none at. */
export async function addCheckpoints(sql: SqlExecutor, runId: string, added: number): Promise<void> {
  if (added === 0) return;
  const summary = await readSummary(sql, runId);
  summary.checkpointCount += added;
  await writeSummary(sql, summary);
}

export async function deleteSummary(sql: SqlExecutor, runId: string): Promise<void> {
  await sql.run('DELETE FROM metric_buckets WHERE run_id = ?', [runId]);
  await sql.run('DELETE FROM run_summaries WHERE run_id = ?', [runId]);
}

/** Rows read per page while rebuilding, so a 10⁶-row run never sits in memory at once. */
const REBUILD_PAGE_ROWS = 20_000;

/** Recomputes a run's summary and pyramid from its rows (one pass in step order): the backfill of migration 006. */
export async function rebuildRun(sql: SqlExecutor, runId: string): Promise<void> {
  await deleteSummary(sql, runId);
  const summary: StoredRunSummary = { runId, metricCount: 0, metricNames: [], checkpointCount: 0 };
  summary.checkpointCount = (await sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM checkpoints WHERE run_id = ?', [runId]))?.n ?? 0;
  const open: { bucket: number; aggregate: BucketAggregate }[] = [];
  const done = Array.from({ length: BUCKET_LEVELS }, () => new Map<number, BucketAggregate>());
  const flush = async (force: boolean): Promise<void> => {
    for (let level = 0; level < BUCKET_LEVELS; level++) {
      if (done[level].size >= BUCKETS_PER_STATEMENT || (force && done[level].size > 0)) {
        await putBuckets(sql, runId, entriesOf(level, done[level]));
        done[level].clear();
      }
    }
  };
  let after = -1;
  for (;;) {
    const page = await rowsBetween(sql, runId, after + 1, Number.MAX_SAFE_INTEGER, REBUILD_PAGE_ROWS);
    if (page.length === 0) {
      const more = await sql.get<{ step: number }>('SELECT step FROM metrics WHERE run_id = ? AND step > ? ORDER BY step LIMIT 1 OFFSET ?', [runId, after, REBUILD_PAGE_ROWS - 1]);
      if (!more) break;
      after = more.step;
      continue;
    }
    addNames(summary, page);
    for (const row of page) {
      for (let level = 0; level < BUCKET_LEVELS; level++) {
        const bucket = Math.floor(row.step / bucketWidth(level));
        if (open[level] && open[level].bucket !== bucket) done[level].set(open[level].bucket, open[level].aggregate);
        if (!open[level] || open[level].bucket !== bucket) open[level] = { bucket, aggregate: new Map() };
        addRow(open[level].aggregate, row.step, row.values);
      }
    }
    summary.metricCount += page.length;
    summary.firstStep ??= page[0].step;
    summary.lastStep = page[page.length - 1].step;
    summary.lastValues = page[page.length - 1].values;
    after = page[page.length - 1].step;
    await flush(false);
  }
  open.forEach((entry, level) => entry && done[level].set(entry.bucket, entry.aggregate));
  await flush(true);
  await writeSummary(sql, summary);
}

/** Rebuilds every run's summary: for files written before summaries existed. */
export async function rebuildAllRuns(sql: SqlExecutor): Promise<void> {
  for (const { id } of await sql.all<{ id: string }>('SELECT id FROM runs')) await rebuildRun(sql, id);
}
