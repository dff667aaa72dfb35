import { APP_META_ID, APPLICATION_ID } from '../fileFormat';
import type { Migration } from './types';

/** Schema v1: project metadata, diagrams, packed datasets, runs with metrics and float32 checkpoints, run outputs. */
export const migration001Initial: Migration = {
  version: 1,
  description: 'initial schema',
  async up(sql) {
    await sql.exec(`
      PRAGMA application_id = ${APPLICATION_ID};
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE diagrams (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        json TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE datasets (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        width INTEGER NOT NULL,
        row_count INTEGER NOT NULL,
        image_rows INTEGER,
        image_cols INTEGER,
        bits BLOB NOT NULL,
        labels BLOB
      );
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        diagram_id TEXT NOT NULL,
        dataset_id TEXT NOT NULL,
        algorithm TEXT NOT NULL,
        config TEXT NOT NULL,
        seed INTEGER NOT NULL,
        backend TEXT NOT NULL,
        status TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        error TEXT,
        total_steps INTEGER NOT NULL,
        last_step INTEGER NOT NULL
      );
      CREATE TABLE metrics (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (run_id, step)
      ) WITHOUT ROWID;
      CREATE TABLE checkpoints (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        layout TEXT NOT NULL,
        blob BLOB NOT NULL,
        PRIMARY KEY (run_id, step)
      );
      CREATE TABLE outputs (
        id TEXT PRIMARY KEY,
        run_id TEXT REFERENCES runs(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        json TEXT,
        blob BLOB,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX outputs_by_run ON outputs(run_id);
    `);
    await sql.run(`INSERT INTO meta (key, value) VALUES ('app', ?)`, [APP_META_ID]);
  },
};
