/**
 * M4 aggregates of metric series (Jugel et al. 2014, "M4: a visualization-oriented time series data aggregation"): per bucket
 * of steps and per metric, the first, last, minimum and maximum value with the steps they occur at. Drawing those four points
 * per pixel column gives the same line as drawing every row, spikes included. Aggregates of adjacent buckets merge exactly,
 * so the stored pyramid (metricSummary.ts) builds coarse levels from fine ones and a range from a few buckets.
 */
import type { StoredMetric } from '../types';

/** Each pyramid level's buckets are this many times wider than the level below's. */
export const BUCKET_FANOUT = 8;
/** Levels stored: widths 8, 64, …, 8⁸ ≈ 16.8 M steps. */
export const BUCKET_LEVELS = 8;

/** Steps covered by one bucket of `level` (level −1 is the raw rows, one step each). */
export const bucketWidth = (level: number): number => BUCKET_FANOUT ** (level + 1);

/** One metric's extremes in a bucket. NaN never wins min or max (minStep = maxStep = −1 when every value was NaN); ±Infinity do. */
export interface MetricExtremes {
  firstStep: number;
  first: number;
  lastStep: number;
  last: number;
  minStep: number;
  min: number;
  maxStep: number;
  max: number;
}

/** Metric name → its extremes within one bucket (a metric absent from every row of the bucket has no entry). */
export type BucketAggregate = Map<string, MetricExtremes>;

/** Adds one row to an aggregate; rows must arrive in increasing step order (ties in min/max keep the earlier step). */
export function addRow(aggregate: BucketAggregate, step: number, values: Record<string, number>): void {
  for (const [name, value] of Object.entries(values)) {
    const extremes = aggregate.get(name);
    const ranked = Number.isNaN(value) ? -1 : step;
    if (!extremes) {
      aggregate.set(name, { firstStep: step, first: value, lastStep: step, last: value, minStep: ranked, min: value, maxStep: ranked, max: value });
      continue;
    }
    extremes.lastStep = step;
    extremes.last = value;
    if (ranked < 0) continue;
    if (extremes.minStep < 0 || value < extremes.min) [extremes.minStep, extremes.min] = [step, value];
    if (extremes.maxStep < 0 || value > extremes.max) [extremes.maxStep, extremes.max] = [step, value];
  }
}

/** Merges `later` (whose steps all follow `target`'s) into `target`; the result equals the aggregate of both buckets' rows. */
export function mergeInto(target: BucketAggregate, later: BucketAggregate): void {
  for (const [name, next] of later) {
    const extremes = target.get(name);
    if (!extremes) {
      target.set(name, { ...next });
      continue;
    }
    extremes.lastStep = next.lastStep;
    extremes.last = next.last;
    if (next.minStep >= 0 && (extremes.minStep < 0 || next.min < extremes.min)) [extremes.minStep, extremes.min] = [next.minStep, next.min];
    if (next.maxStep >= 0 && (extremes.maxStep < 0 || next.max > extremes.max)) [extremes.maxStep, extremes.max] = [next.maxStep, next.max];
  }
}

/** The aggregate of rows given in increasing step order. */
export function aggregateRows(rows: Iterable<StoredMetric>): BucketAggregate {
  const aggregate: BucketAggregate = new Map();
  for (const row of rows) addRow(aggregate, row.step, row.values);
  return aggregate;
}

// Non-finite values are stored as the strings "NaN", "Infinity", "-Infinity", as codec.ts does for metric rows.
const encodeNumber = (value: number): number | string => (Number.isFinite(value) ? value : String(value));

/** JSON of a bucket: {"kl":[firstStep, first, lastStep, last, minStep, min, maxStep, max], …}. */
export function encodeBucket(aggregate: BucketAggregate): string {
  const encoded: Record<string, (number | string)[]> = {};
  for (const [name, e] of aggregate) {
    encoded[name] = [e.firstStep, encodeNumber(e.first), e.lastStep, encodeNumber(e.last), e.minStep, encodeNumber(e.min), e.maxStep, encodeNumber(e.max)];
  }
  return JSON.stringify(encoded);
}

/** Inverse of encodeBucket; throws on anything else. */
export function decodeBucket(json: string): BucketAggregate {
  const aggregate: BucketAggregate = new Map();
  for (const [name, entry] of Object.entries(JSON.parse(json) as Record<string, unknown>)) {
    if (!Array.isArray(entry) || entry.length !== 8) throw new Error(`metric "${name}" is not an 8-number bucket entry`);
    const [firstStep, first, lastStep, last, minStep, min, maxStep, max] = entry.map(Number);
    if (![firstStep, lastStep, minStep, maxStep].every(Number.isInteger)) throw new Error(`metric "${name}" has a step that is not a whole number`);
    aggregate.set(name, { firstStep, first, lastStep, last, minStep, min, maxStep, max });
  }
  return aggregate;
}

/** The steps an aggregate picks, in order: each metric's first, minimum, maximum and last (the rows M4 draws). */
export function stepsOf(aggregate: BucketAggregate): number[] {
  const steps = new Set<number>();
  for (const e of aggregate.values()) for (const step of [e.firstStep, e.minStep, e.maxStep, e.lastStep]) if (step >= 0) steps.add(step);
  return [...steps].sort((a, b) => a - b);
}
