import type { SqliteDatabase } from '../db';
import { migration001Initial } from './001_initial';
import { migration002DatasetDetails } from './002_dataset_details';
import { migration003RunDetails } from './003_run_details';
import { migration004RunNotes } from './004_run_notes';
import { migration005Checksums } from './005_checksums';
import { migration006RunSummaries } from './006_run_summaries';
import type { Migration } from './types';

/** Every migration in order; MIGRATIONS[i].version === i + 1 and the last one produces PROJECT_SCHEMA_VERSION (checked by test). */
export const MIGRATIONS: readonly Migration[] = [migration001Initial, migration002DatasetDetails, migration003RunDetails, migration004RunNotes,
  migration005Checksums, migration006RunSummaries,
];

/** Tables a project file of the current schema must contain. */
export const REQUIRED_TABLES = ['meta', 'diagrams', 'datasets', 'runs', 'metrics', 'checkpoints', 'outputs', 'run_summaries', 'metric_buckets'] as const;

/** Applies every migration newer than `fromVersion` in one transaction; returns the version reached. */
export async function migrate(db: SqliteDatabase, fromVersion: number): Promise<number> {
  const pending = MIGRATIONS.filter((migration) => migration.version > fromVersion);
  if (pending.length === 0) return fromVersion;
  const reached = pending[pending.length - 1].version;
  await db.transaction(async () => {
    for (const migration of pending) {
      await migration.up(db);
      await db.exec(`PRAGMA user_version = ${migration.version}`);
    }
    await db.run(
      `INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [String(reached)],
    );
  });
  return reached;
}
