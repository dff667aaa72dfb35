import type { SqlExecutor } from '../db';

/** One forward-only schema step; released migrations are never edited, only followed by new ones. */
export interface Migration {
  /** The schema version this migration produces (PRAGMA user_version after it ran). */
  version: number;
  /** What changes, for the log and for reviewers. */
  description: string;
  /** Issues the DDL/DML; runs inside the caller's transaction. */
  up(sql: SqlExecutor): Promise<void>;
}
