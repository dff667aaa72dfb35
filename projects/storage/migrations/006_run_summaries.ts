import { rebuildAllRuns } from '../metricSummary';
import type { Migration } from './types';

/**
 * Schema v6: per-run summaries and an M4 bucket pyramid of each run's metrics, kept up to date as metrics arrive, so listings
 * and downsampled series never scan a run's history (metricSummary.ts maintains them). Runs already in the file are
 * summarised here from their rows.
 * - run_summaries: counts, first/last metric step, the last row's values, every metric name in first-seen order.
 * - metric_buckets: level ℓ bucket b covers steps [b·8^(ℓ+1), (b+1)·8^(ℓ+1)); json holds per metric
 *   [firstStep, first, lastStep, last, minStep, min, maxStep, max] (metricBuckets.ts).
 */
export const migration006RunSummaries: Migration = {
  version: 6,
  description: 'run summaries and metric buckets',
  async up(sql) {
    await sql.exec(`
      CREATE TABLE run_summaries (
        run_id TEXT PRIMARY KEY,
        metric_count INTEGER NOT NULL,
        first_step INTEGER,
        last_step INTEGER,
        last_json TEXT,
        metric_names TEXT NOT NULL DEFAULT '[]',
        checkpoint_count INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE metric_buckets (
        run_id TEXT NOT NULL,
        level INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (run_id, level, bucket)
      ) WITHOUT ROWID;
    `);
    await rebuildAllRuns(sql);
  },
};
