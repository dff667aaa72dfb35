/**
 * Metric series at a requested resolution, read from the bucket pyramid (metricSummary.ts): the range is cut into equal step
 * buckets on a fixed grid and each picks its M4 steps (metricBuckets.ts); the rows at those steps are returned whole, so every
 * point carries every metric recorded there. Interior buckets are unions of stored buckets of one level; the two clipped at
 * the range's ends are assembled from finer levels down to the raw rows. A request reads O(maxPoints · fanout + levels · fanout)
 * stored rows, however long the run.
 */
import type { MetricRange, StoredMetric, StoredRunSummary } from '../types';
import type { SqlExecutor } from './db';
import { BUCKET_LEVELS, aggregateRows, bucketWidth, mergeInto, stepsOf, type BucketAggregate } from './metricBuckets';
import { readBuckets } from './metricSummary';

/** Verified raw rows (runStore.ts's reader, so damage is reported as damage), in step order: of a step range, or at given steps. */
export interface RowReader {
  between(fromStep: number, toStep: number): Promise<StoredMetric[]>;
  at(steps: number[]): Promise<StoredMetric[]>;
}

/** How a range is cut: output buckets `width` steps wide on the grid k·width, built from stored buckets of `level` (−1: raw rows). */
export interface BucketPlan {
  level: number;
  width: number;
}

/**
 * The cut of [from, to] that yields at most maxPoints points: at most 4·metricCount distinct steps per bucket (each metric's
 * first, minimum, maximum and last — metrics recorded on different steps do not share them), so ⌊maxPoints / (4·metricCount)⌋
 * buckets (at least one); undefined when the range has no more steps than maxPoints and is read whole.
 */
export function planBuckets(from: number, to: number, maxPoints: number, metricCount: number): BucketPlan | undefined {
  const span = to - from + 1;
  if (span <= maxPoints) return undefined;
  const buckets = Math.max(1, Math.floor(maxPoints / (4 * Math.max(1, metricCount))));
  const ideal = span / buckets;
  // At least two stored buckets per output bucket, so widths can be fitted to within a factor 1.5 of the ideal.
  let level = -1;
  while (level + 1 < BUCKET_LEVELS && 2 * bucketWidth(level + 1) <= ideal) level++;
  const levelWidth = bucketWidth(level);
  let width = levelWidth * Math.max(1, Math.ceil(ideal / levelWidth));
  while (Math.floor(to / width) - Math.floor(from / width) + 1 > buckets) width += levelWidth;
  return { level, width };
}

/** Counts what one request read, for the tests that prove a request over a long run stays small. */
export interface ReadCounter {
  rows: number;
  buckets: number;
}

/** The M4 points of [a, b] from stored buckets of `level` and below (the raw rows at the bottom). */
async function rangeAggregate(sql: SqlExecutor, runId: string, readRows: RowReader, a: number, b: number, level: number, counter?: ReadCounter): Promise<BucketAggregate> {
  if (a > b) return new Map();
  if (level < 0) {
    const rows = await readRows.between(a, b);
    if (counter) counter.rows += rows.length;
    return aggregateRows(rows);
  }
  const width = bucketWidth(level);
  const first = Math.ceil(a / width);
  const last = Math.floor((b + 1) / width) - 1;
  if (first > last) return rangeAggregate(sql, runId, readRows, a, b, level - 1, counter);
  const result = await rangeAggregate(sql, runId, readRows, a, first * width - 1, level - 1, counter);
  const stored = await readBuckets(sql, runId, level, first, last);
  if (counter) counter.buckets += stored.size;
  for (const aggregate of stored.values()) mergeInto(result, aggregate);
  mergeInto(result, await rangeAggregate(sql, runId, readRows, (last + 1) * width, b, level - 1, counter));
  return result;
}

/** Metric rows of `range` as listMetrics returns them with maxPoints (see MetricRange); reads the summary, never the whole series. */
export async function downsampleMetrics(
  sql: SqlExecutor,
  summary: StoredRunSummary,
  range: MetricRange & { maxPoints: number },
  readRows: RowReader,
  counter?: ReadCounter,
): Promise<StoredMetric[]> {
  if (summary.metricCount === 0 || summary.firstStep === undefined || summary.lastStep === undefined) return [];
  const from = Math.max(range.fromStep ?? 0, summary.firstStep);
  const to = Math.min(range.toStep ?? Number.MAX_SAFE_INTEGER, summary.lastStep);
  if (from > to) return [];
  const maxPoints = Math.max(2, Math.floor(range.maxPoints));
  const whole = from === summary.firstStep && to === summary.lastStep && summary.metricCount <= maxPoints;
  const plan = whole ? undefined : planBuckets(from, to, maxPoints, summary.metricNames.length);
  if (!plan) {
    const rows = await readRows.between(from, to);
    if (counter) counter.rows += rows.length;
    return rows;
  }
  const { runId } = summary;
  if (plan.level < 0) {
    // Buckets narrower than a stored one: the range has fewer than 8 steps per output bucket, so its rows are few.
    const rows = await readRows.between(from, to);
    if (counter) counter.rows += rows.length;
    const picked = new Set<number>();
    for (let start = 0; start < rows.length; ) {
      const k = Math.floor(rows[start].step / plan.width);
      let end = start;
      while (end < rows.length && Math.floor(rows[end].step / plan.width) === k) end++;
      for (const step of stepsOf(aggregateRows(rows.slice(start, end)))) picked.add(step);
      start = end;
    }
    return rows.filter((row) => picked.has(row.step));
  }
  const levelWidth = bucketWidth(plan.level);
  const perOutput = plan.width / levelWidth;
  const interior = await readBuckets(sql, runId, plan.level, Math.ceil(from / levelWidth), Math.floor((to + 1) / levelWidth) - 1);
  if (counter) counter.buckets += interior.size;
  const steps: number[] = [];
  for (let k = Math.floor(from / plan.width); k <= Math.floor(to / plan.width); k++) {
    const a = Math.max(from, k * plan.width);
    const b = Math.min(to, (k + 1) * plan.width - 1);
    let aggregate: BucketAggregate;
    if (a === k * plan.width && b === (k + 1) * plan.width - 1) {
      aggregate = new Map();
      for (let bucket = k * perOutput; bucket < (k + 1) * perOutput; bucket++) {
        const stored = interior.get(bucket);
        if (stored) mergeInto(aggregate, stored);
      }
    } else {
      aggregate = await rangeAggregate(sql, runId, readRows, a, b, plan.level, counter);
    }
    steps.push(...stepsOf(aggregate));
  }
  const rows = await readRows.at(steps);
  if (counter) counter.rows += rows.length;
  return rows;
}
