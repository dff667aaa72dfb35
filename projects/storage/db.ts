import { pathToFileURL } from 'node:url';
import sqlite3 from 'sqlite3';

/** A value SQLite can bind: TEXT, INTEGER/REAL, BLOB or NULL. */
export type SqlParam = string | number | bigint | boolean | Buffer | null;

/** How to open the file: read-only, read-write (must exist), create, or immutable (read-only, no locks, no side files). */
export type OpenMode = 'readonly' | 'readwrite' | 'create' | 'immutable';

/** What INSERT/UPDATE/DELETE reports. */
export interface RunResult {
  changes: number;
  lastId: number;
}

/** The statements a migration or a transaction body may issue. */
export interface SqlExecutor {
  run(sql: string, params?: SqlParam[]): Promise<RunResult>;
  get<T>(sql: string, params?: SqlParam[]): Promise<T | undefined>;
  all<T>(sql: string, params?: SqlParam[]): Promise<T[]>;
  exec(sql: string): Promise<void>;
}

const OPEN_FLAGS: Record<OpenMode, number> = {
  readonly: sqlite3.OPEN_READONLY,
  readwrite: sqlite3.OPEN_READWRITE,
  create: sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE,
  immutable: sqlite3.OPEN_READONLY | sqlite3.OPEN_URI,
};

/** Whether an SQLite error says the file is damaged (a malformed page, or a schema SQLite cannot parse). */
export function isDamageError(error: unknown): boolean {
  const code = sqliteErrorCode(error);
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || (code === 'SQLITE_ERROR' && /malformed/i.test((error as Error).message));
}

/** SQLite's result code name ('SQLITE_CORRUPT', …) from a node-sqlite3 error, or undefined. */
export function sqliteErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/**
 * One sqlite3 connection behind promises. Work queued with serialized()/transaction() runs one piece at a time,
 * so concurrent async callers never interleave statements inside each other's transactions.
 */
export class SqliteDatabase implements SqlExecutor {
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly handle: sqlite3.Database,
    readonly path: string,
  ) {}

  /** Opens a connection; `busyTimeoutMs` is how long a statement waits for another connection's lock. */
  static open(path: string, mode: OpenMode, busyTimeoutMs = 5000): Promise<SqliteDatabase> {
    const filename = mode === 'immutable' ? `${pathToFileURL(path).href}?immutable=1` : path;
    return new Promise((resolve, reject) => {
      const handle = new sqlite3.Database(filename, OPEN_FLAGS[mode], (error) => {
        if (error) reject(error);
        else {
          handle.configure('busyTimeout', busyTimeoutMs);
          resolve(new SqliteDatabase(handle, path));
        }
      });
    });
  }

  run(sql: string, params: SqlParam[] = []): Promise<RunResult> {
    this.assertOpen();
    return new Promise((resolve, reject) => {
      this.handle.run(sql, params, function (this: sqlite3.RunResult, error: Error | null) {
        if (error) reject(error);
        else resolve({ changes: this.changes, lastId: this.lastID });
      });
    });
  }

  get<T>(sql: string, params: SqlParam[] = []): Promise<T | undefined> {
    this.assertOpen();
    return new Promise((resolve, reject) => {
      this.handle.get<T>(sql, params, (error, row) => (error ? reject(error) : resolve(row)));
    });
  }

  all<T>(sql: string, params: SqlParam[] = []): Promise<T[]> {
    this.assertOpen();
    return new Promise((resolve, reject) => {
      this.handle.all<T>(sql, params, (error, rows) => (error ? reject(error) : resolve(rows)));
    });
  }

  exec(sql: string): Promise<void> {
    this.assertOpen();
    return new Promise((resolve, reject) => {
      this.handle.exec(sql, (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Runs fn after all previously queued work has finished. fn must not call serialized() or transaction() itself. */
  serialized<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(() => {
      this.assertOpen();
      return fn();
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** BEGIN IMMEDIATE; fn; COMMIT — or ROLLBACK when fn or COMMIT throws, leaving nothing half-written. */
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.serialized(async () => {
      await this.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn();
        await this.exec('COMMIT');
        return result;
      } catch (error) {
        await this.exec('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  /** Waits for queued work, then closes the connection (the last connection checkpoints and removes the WAL). */
  close(): Promise<void> {
    const done = this.tail.then(
      () =>
        new Promise<void>((resolve, reject) => {
          if (this.closed) return resolve();
          this.closed = true;
          this.handle.close((error) => (error ? reject(error) : resolve()));
        }),
    );
    this.tail = done.catch(() => undefined);
    return done;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`the database ${this.path} is closed`);
  }
}
