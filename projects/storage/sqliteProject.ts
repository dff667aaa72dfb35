import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
import type { BinaryDataset } from '../../engine/data/dataset';
import { parseDiagram } from '../../engine/diagram/parse';
import type { Diagram } from '../../engine/diagram/types';
import {
  DAMAGED_READ_ONLY_REASON,
  DamagedDataError,
  describeDamage,
  InvalidDiagramError,
  ReadOnlyProjectError,
  type CheckpointInfo,
  type CheckpointRef,
  type MetricRange,
  type OutputRows,
  type ProjectStore,
  type RunProgressRecord,
  type StoredCheckpoint,
  type StoredDatasetInfo,
  type StoredMetric,
  type StoredOutput,
  type StoredOutputInput,
  type StoredOutputInfo,
  type StoredRun,
  type StoredRunSummary,
  type TrainChoice,
} from '../types';
import * as datasets from './datasetStore';
import { isDamageError, SqliteDatabase, sqliteErrorCode, type SqlExecutor } from './db';
import { shmPath, walPath } from './fileFormat';
import { decodeOrDamage, rowChecksum, skipDamaged, textColumn, verifyRow } from './integrity';
import * as outputs from './outputStore';
import { canonicalPath, temporarySibling } from './paths';
import * as runs from './runStore';
import { SeriesCache } from './seriesCache';
import * as trainChoices from './trainChoiceStore';
import { liveLockOwner, lockedError } from './writerLock';

/** The store is where diagrams enter a project, so it is the one place that validates them; the stored JSON is the parsed copy. */
function validDiagram(diagram: Diagram): Diagram {
  const parsed = parseDiagram(diagram);
  if (!parsed.ok) throw new InvalidDiagramError(parsed.errors);
  return parsed.diagram;
}

/** Reads a stored diagram back through its checksum and the engine's parser; a failure means the file was altered outside the app. */
function storedDiagram(row: { id: string; json: string; checksum: number | null }): Diagram {
  const location = { table: 'diagrams', id: row.id } as const;
  verifyRow(row.checksum, [row.id, row.json], location);
  return decodeOrDamage(location, () => {
    const parsed = parseDiagram(JSON.parse(textColumn(row.json, 'json')));
    if (parsed.ok) return parsed.diagram;
    const first = parsed.errors[0];
    throw new Error(`not a valid diagram: ${first.path}: ${first.message}${parsed.errors.length > 1 ? ` and ${parsed.errors.length - 1} more` : ''}`);
  });
}

/** Rebuilds every index of a copy from its tables: VACUUM INTO copies index b-trees as they are, damage included. */
async function rebuildIndexes(path: string): Promise<void> {
  const db = await SqliteDatabase.open(path, 'readwrite');
  try {
    await db.exec('REINDEX');
  } finally {
    await db.close();
  }
}

/**
 * Every damaged diagram and run record of a file, read without changing it: integrity_check cannot see a value changed
 * in place, only its checksum can, and a project whose records are damaged must not be opened for writing.
 */
export async function damagedRecords(db: SqlExecutor): Promise<DamagedDataError[]> {
  const found: DamagedDataError[] = [];
  const note = (error: DamagedDataError) => void found.push(error);
  skipDamaged(await db.all<{ id: string; json: string; checksum: number | null }>('SELECT id, json, checksum FROM diagrams'), storedDiagram, note);
  await runs.listRuns(db, note);
  return found;
}

/**
 * Leaves out of a rescued copy the diagrams and runs whose records are damaged (a run with its metrics, checkpoints and
 * outputs), so the copy opens for editing; damage inside other rows stays reported when they are read.
 */
async function dropDamagedRecords(path: string): Promise<void> {
  const db = await SqliteDatabase.open(path, 'readwrite');
  try {
    await db.transaction(async () => {
      for (const { location } of await damagedRecords(db)) {
        if (location.table === 'diagrams') await db.run('DELETE FROM diagrams WHERE id = ?', [location.id ?? '']);
        else await runs.deleteRun(db, location.runId ?? '');
      }
    });
  } finally {
    await db.close();
  }
}

/** ProjectStore over one SQLite connection (schema: migrations/). Every mutation is one transaction. */
export class SqliteProject implements ProjectStore {
  private closed = false;
  /** Downsampled series served before (writers only, see seriesCache.ts); created on first use. */
  private seriesCache: SeriesCache | undefined;

  constructor(
    private readonly db: SqliteDatabase,
    readonly path: string,
    /** Why the project is read-only, or undefined when it is open for writing. */
    readonly readOnlyReason: string | undefined,
    /** Released after the connection closes: the writer lock, or a read-only upgraded copy to delete. */
    private readonly held: { release(): Promise<void> } | undefined,
    /** Read-only connections for reads beside a writer's connection; each read goes to the least busy one. */
    private readonly readers: SqliteDatabase[] = [],
  ) {
    this.readsInFlight = readers.map(() => 0);
  }

  private readonly readsInFlight: number[];

  get readOnly(): boolean {
    return this.readOnlyReason !== undefined;
  }

  /** Damaged diagrams and runs a read-only listing left out, named ('diagram "d1"', "run r3's record"), first seen first. */
  readonly skippedDamage: string[] = [];

  /** Read-only listings leave damaged records out (noting them) so the rest can be seen and saved; writers must fail. */
  private damageSkipper(): ((error: DamagedDataError) => void) | undefined {
    if (!this.readOnly) return undefined;
    return (error) => {
      const what = describeDamage(error.location).replace(/ (is|are)$/, '');
      if (!this.skippedDamage.includes(what)) this.skippedDamage.push(what);
    };
  }

  async getName(): Promise<string> {
    return this.read(async (sql) => (await sql.get<{ value: string }>(`SELECT value FROM meta WHERE key = 'name'`))?.value ?? basename(this.path));
  }

  async setName(name: string): Promise<void> {
    return this.write(async () => {
      await this.db.run(`INSERT INTO meta (key, value) VALUES ('name', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [name]);
    });
  }

  async listDiagrams(): Promise<Diagram[]> {
    return this.read(async (sql) => {
      const rows = await sql.all<{ id: string; json: string; checksum: number | null }>('SELECT id, json, checksum FROM diagrams ORDER BY rowid');
      return skipDamaged(rows, storedDiagram, this.damageSkipper());
    });
  }

  async putDiagram(diagram: Diagram): Promise<void> {
    const valid = validDiagram(diagram);
    return this.write(() => this.insertDiagram(valid));
  }

  async deleteDiagram(diagramId: string): Promise<void> {
    return this.write(async () => {
      await this.db.run('DELETE FROM diagrams WHERE id = ?', [diagramId]);
      await trainChoices.putTrainChoice(this.db, diagramId, null);
    });
  }

  async listTrainChoices(): Promise<Record<string, TrainChoice>> {
    return this.read((sql) => trainChoices.listTrainChoices(sql));
  }

  async putTrainChoice(diagramId: string, choice: TrainChoice | null): Promise<void> {
    return this.write(() => trainChoices.putTrainChoice(this.db, diagramId, choice));
  }

  async listDatasets(): Promise<BinaryDataset[]> {
    return this.read((sql) => datasets.listDatasets(sql));
  }

  async getDataset(datasetId: string): Promise<BinaryDataset | undefined> {
    return this.read((sql) => datasets.getDataset(sql, datasetId));
  }

  async putDataset(dataset: BinaryDataset): Promise<void> {
    const values = datasets.encodeDataset(dataset);
    return this.write(() => datasets.putEncodedDataset(this.db, values));
  }

  async listDatasetInfos(previewRows: number): Promise<StoredDatasetInfo[]> {
    return this.read((sql) => datasets.listDatasetInfos(sql, previewRows));
  }

  async renameDataset(datasetId: string, name: string): Promise<boolean> {
    return this.write(() => datasets.renameDataset(this.db, datasetId, name));
  }

  async deleteDataset(datasetId: string): Promise<boolean> {
    return this.write(() => datasets.deleteDataset(this.db, datasetId));
  }

  async listRuns(): Promise<StoredRun[]> {
    return this.read((sql) => runs.listRuns(sql, this.damageSkipper()));
  }

  async getRun(runId: string): Promise<StoredRun | undefined> {
    return this.read((sql) => runs.getRun(sql, runId));
  }

  async putRun(run: StoredRun): Promise<void> {
    return this.write(() => runs.putRun(this.db, run));
  }

  async deleteRun(runId: string): Promise<void> {
    return this.writeMetrics(runId, () => runs.deleteRun(this.db, runId));
  }

  async setRunNote(runId: string, note: string): Promise<boolean> {
    return this.write(() => runs.setRunNote(this.db, runId, note));
  }

  /** Adds metric rows (a row at an existing step replaces it); all rows or none are written. */
  async appendMetrics(runId: string, metrics: StoredMetric[]): Promise<void> {
    return this.writeMetrics(runId, () => runs.appendMetrics(this.db, runId, metrics));
  }

  async listMetrics(runId: string, range?: MetricRange): Promise<StoredMetric[]> {
    const read = () => this.read((sql) => runs.listMetrics(sql, runId, range));
    if (range?.maxPoints === undefined || this.readOnly) return read();
    this.seriesCache ??= new SeriesCache();
    return this.seriesCache.get(runId, range, read);
  }

  async getRunSummary(runId: string): Promise<StoredRunSummary> {
    return this.read((sql) => runs.getRunSummary(sql, runId));
  }

  async putCheckpoint(checkpoint: StoredCheckpoint): Promise<void> {
    return this.write(() => runs.putCheckpoint(this.db, checkpoint));
  }

  async latestCheckpoint(runId: string): Promise<StoredCheckpoint | undefined> {
    return this.read((sql) => runs.latestCheckpoint(sql, runId));
  }

  async getCheckpoint(runId: string, step: number): Promise<StoredCheckpoint | undefined> {
    return this.read((sql) => runs.getCheckpoint(sql, runId, step));
  }

  async listCheckpoints(runId: string): Promise<CheckpointInfo[]> {
    return this.read((sql) => runs.listCheckpoints(sql, runId));
  }

  async saveProgress(progress: RunProgressRecord): Promise<void> {
    const diagram = progress.diagram && validDiagram(progress.diagram);
    return this.writeMetrics(progress.run.id, async () => {
      await runs.putRun(this.db, progress.run);
      await runs.appendMetrics(this.db, progress.run.id, progress.metrics);
      await runs.putCheckpoints(this.db, progress.checkpoints ?? []);
      for (const output of progress.outputs ?? []) await outputs.putOutput(this.db, output);
      if (diagram) await this.insertDiagram(diagram);
    });
  }

  async rewindRun(run: StoredRun, step: number): Promise<void> {
    return this.writeMetrics(run.id, async () => {
      await runs.deleteAfterStep(this.db, run.id, step);
      await runs.putRun(this.db, run);
    });
  }

  async branchRun(run: StoredRun & { parent: CheckpointRef }): Promise<void> {
    return this.writeMetrics(run.id, async () => {
      await runs.putRun(this.db, run);
      await runs.copyHistory(this.db, run.parent.runId, run.parent.step, run.id);
    });
  }

  async putOutput(output: StoredOutputInput): Promise<void> {
    return this.write(() => outputs.putOutput(this.db, output));
  }

  async listOutputs(runId?: string): Promise<StoredOutputInfo[]> {
    return this.read((sql) => outputs.listOutputs(sql, runId));
  }

  async getOutput(outputId: string, rows?: OutputRows): Promise<StoredOutput | undefined> {
    return this.read((sql) => outputs.getOutput(sql, outputId, rows));
  }

  async markInterruptedRuns(): Promise<number> {
    return this.write(() => runs.markInterruptedRuns(this.db));
  }

  /** VACUUM INTO a temporary sibling, then rename over the target (with its stale -wal/-shm removed). */
  async copyTo(path: string): Promise<void> {
    this.assertOpen();
    const target = await canonicalPath(path);
    if (target === this.path) throw new Error(`Cannot copy ${this.path} onto itself; choose another file name.`);
    const owner = await liveLockOwner(target);
    if (owner) throw lockedError(target, owner);
    const temp = temporarySibling(target, 'copy');
    try {
      await this.db.serialized(() => this.db.run('VACUUM INTO ?', [temp]));
      if (this.readOnlyReason === DAMAGED_READ_ONLY_REASON) {
        await rebuildIndexes(temp);
        await dropDamagedRecords(temp);
      }
      await fs.rm(walPath(target), { force: true });
      await fs.rm(shmPath(target), { force: true });
      await fs.rename(temp, target);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
  }

  /** Closes the connection (checkpointing the WAL into the file) and releases the writer lock (or upgraded copy); idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      for (const reader of this.readers) await reader.close();
      await this.db.close();
    } finally {
      await this.held?.release();
    }
  }

  private async insertDiagram(valid: Diagram): Promise<void> {
    const json = JSON.stringify(valid);
    await this.db.run(
      `INSERT INTO diagrams (id, name, json, updated_at, checksum) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, json = excluded.json, updated_at = excluded.updated_at,
         checksum = excluded.checksum`,
      [valid.id, valid.name, json, Date.now(), rowChecksum([valid.id, json])],
    );
  }

  /**
   * Reads go to the least busy reader connection when there are any: in WAL mode they see the last commit and never wait
   * for a write, and calls in flight together are read side by side (each connection runs one statement at a time).
   */
  private read<T>(fn: (sql: SqlExecutor) => Promise<T>): Promise<T> {
    this.assertOpen();
    const index = this.readsInFlight.indexOf(Math.min(...this.readsInFlight));
    const connection = this.readers[index] ?? this.db;
    if (index >= 0) this.readsInFlight[index] += 1;
    const done = () => {
      if (index >= 0) this.readsInFlight[index] -= 1;
    };
    return connection.serialized(() => fn(connection)).finally(done).catch((error: unknown) => {
      // Damage SQLite finds while reading (a read-only open of a damaged file gets this far) is damage, not an internal error.
      if (isDamageError(error)) throw new DamagedDataError({ table: 'pages' }, (error as Error).message);
      throw error;
    });
  }

  private write<T>(fn: () => Promise<T>): Promise<T> {
    this.assertOpen();
    if (this.readOnlyReason !== undefined) throw new ReadOnlyProjectError(basename(this.path), this.readOnlyReason);
    return this.db.transaction(fn).catch((error: unknown) => {
      // The file or folder stopped being writable after the open (or the open's access check was not authoritative, as for root).
      if (sqliteErrorCode(error)?.startsWith('SQLITE_READONLY')) throw new ReadOnlyProjectError(basename(this.path), 'the file or its folder is not writable');
      throw error;
    });
  }

  /** A write that changes a run's metrics: its cached series are dropped once it has committed (or failed). */
  private writeMetrics<T>(runId: string, fn: () => Promise<T>): Promise<T> {
    return this.write(fn).finally(() => this.seriesCache?.invalidate(runId));
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`the project ${this.path} has been closed`);
  }
}
