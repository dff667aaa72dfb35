/**
 * Moves a writer's WAL into the database file off the commit path. With SQLite's automatic checkpoint, the commit that
 * crosses 1000 pages copies the WAL back and syncs the file — 50–150 ms on a busy disk, during which every store call
 * queued behind that commit waits. The writer's connection turns automatic checkpoints off and this second connection
 * runs passive checkpoints (never blocking the writer or readers) on the libuv threadpool whenever the WAL has grown.
 */
import { promises as fs } from 'node:fs';
import { SqliteDatabase } from './db';
import { walPath } from './fileFormat';

/** How often the WAL's size is looked at. */
const CHECK_EVERY_MS = 250;
/** WAL size from which a checkpoint runs (SQLite's automatic checkpoint uses 1000 pages, 4 MB at our page size). */
const CHECKPOINT_FROM_BYTES = 4 * 1024 * 1024;

export class WalCheckpointer {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> | undefined;

  private constructor(
    private readonly db: SqliteDatabase,
    private readonly path: string,
  ) {}

  /** Opens the checkpointing connection; the writer must have set journal_mode = WAL. */
  static async start(path: string): Promise<WalCheckpointer> {
    const db = await SqliteDatabase.open(path, 'readwrite');
    const checkpointer = new WalCheckpointer(db, path);
    checkpointer.timer = setInterval(() => checkpointer.tick(), CHECK_EVERY_MS);
    checkpointer.timer.unref();
    return checkpointer;
  }

  private tick(): void {
    if (this.running) return;
    this.running = (async () => {
      const size = (await fs.stat(walPath(this.path)).catch(() => undefined))?.size ?? 0;
      if (size >= CHECKPOINT_FROM_BYTES) await this.db.get('PRAGMA wal_checkpoint(PASSIVE)');
    })()
      .catch((error: unknown) => console.error(`${this.path}: background WAL checkpoint failed:`, error))
      .finally(() => {
        this.running = undefined;
      });
  }

  /** Stops checking and closes the connection (after any checkpoint in progress). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.db.close();
  }
}
