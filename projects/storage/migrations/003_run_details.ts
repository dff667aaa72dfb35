import type { Migration } from './types';

/**
 * Schema v3: runs of every job kind (train, infer, sample, evaluate), the checkpoint a run continued from or used,
 * compute time and last-progress time; outputs get a display name and the step they were made at.
 * Existing runs become training runs with 0 s of recorded compute time.
 */
export const migration003RunDetails: Migration = {
  version: 3,
  description: 'job kinds, run lineage and timings, named outputs',
  async up(sql) {
    await sql.exec(`
      ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'train';
      ALTER TABLE runs ADD COLUMN parent_run_id TEXT;
      ALTER TABLE runs ADD COLUMN parent_step INTEGER;
      ALTER TABLE runs ADD COLUMN active_seconds REAL NOT NULL DEFAULT 0;
      ALTER TABLE runs ADD COLUMN updated_at INTEGER;
      ALTER TABLE outputs ADD COLUMN name TEXT NOT NULL DEFAULT '';
      ALTER TABLE outputs ADD COLUMN step INTEGER;
      CREATE INDEX runs_by_parent ON runs(parent_run_id);
    `);
  },
};
