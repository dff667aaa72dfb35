import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
import type { BinaryDataset } from '../../engine/data/dataset';
import { parseDiagram } from '../../engine/diagram/parse';
import type { Diagram } from '../../engine/diagram/types';
import {
  InvalidDiagramError,
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
  type TrainChoice,
} from '../types';
import * as datasets from './datasetStore';
import type { SqlExecutor, SqliteDatabase } from './db';
import { shmPath, walPath } from './fileFormat';
import * as outputs from './outputStore';
import { canonicalPath, temporarySibling } from './paths';
import * as runs from './runStore';
import * as trainChoices from './trainChoiceStore';
import { liveLockOwner, lockedError } from './writerLock';

/** The store is where diagrams enter a project, so it is the one place that validates them; the stored JSON is the parsed copy. */
function validDiagram(diagram: Diagram): Diagram {
  const parsed = parseDiagram(diagram);
  if (!parsed.ok) throw new InvalidDiagramError(parsed.errors);
  return parsed.diagram;
}

/** Reads a stored diagram back through the engine's parser; a failure means the file was altered outside the app. */
function storedDiagram(json: unknown, id: string): Diagram {
  const parsed = parseDiagram(json);
  if (parsed.ok) return parsed.diagram;
  const problems = parsed.errors.slice(0, 5).map((error) => `${error.path}: ${error.message}`).join('; ');
  throw new Error(`stored diagram "${id}" is not a valid diagram: ${problems}`);
}

/** ProjectStore over one SQLite connection (schema: migrations/). Every mutation is one transaction. */
export class SqliteProject implements ProjectStore {
  private closed = false;

  constructor(
    private readonly db: SqliteDatabase,
    readonly path: string,
    readonly readOnly: boolean,
    /** Released after the connection closes: the writer lock, or a read-only upgraded copy to delete. */
    private readonly held: { release(): Promise<void> } | undefined,
    /** A second, read-only connection for reads beside a writer's connection. */
    private readonly reader?: SqliteDatabase,
  ) {}

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
      const rows = await sql.all<{ id: string; json: string }>('SELECT id, json FROM diagrams ORDER BY rowid');
      return rows.map((row) => storedDiagram(JSON.parse(row.json), row.id));
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
    return this.read((sql) => runs.listRuns(sql));
  }

  async getRun(runId: string): Promise<StoredRun | undefined> {
    return this.read((sql) => runs.getRun(sql, runId));
  }

  async putRun(run: StoredRun): Promise<void> {
    return this.write(() => runs.putRun(this.db, run));
  }

  async deleteRun(runId: string): Promise<void> {
    return this.write(() => runs.deleteRun(this.db, runId));
  }

  async setRunNote(runId: string, note: string): Promise<boolean> {
    return this.write(() => runs.setRunNote(this.db, runId, note));
  }

  /** Adds metric rows (a row at an existing step replaces it); all rows or none are written. */
  async appendMetrics(runId: string, metrics: StoredMetric[]): Promise<void> {
    return this.write(() => runs.appendMetrics(this.db, runId, metrics));
  }

  async listMetrics(runId: string, range?: MetricRange): Promise<StoredMetric[]> {
    return this.read((sql) => runs.listMetrics(sql, runId, range));
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
    return this.write(async () => {
      await runs.putRun(this.db, progress.run);
      await runs.appendMetrics(this.db, progress.run.id, progress.metrics);
      for (const checkpoint of progress.checkpoints ?? []) await runs.putCheckpoint(this.db, checkpoint);
      for (const output of progress.outputs ?? []) await outputs.putOutput(this.db, output);
      if (diagram) await this.insertDiagram(diagram);
    });
  }

  async rewindRun(run: StoredRun, step: number): Promise<void> {
    return this.write(async () => {
      await runs.deleteAfterStep(this.db, run.id, step);
      await runs.putRun(this.db, run);
    });
  }

  async branchRun(run: StoredRun & { parent: CheckpointRef }): Promise<void> {
    return this.write(async () => {
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
      await this.reader?.close();
      await this.db.close();
    } finally {
      await this.held?.release();
    }
  }

  private async insertDiagram(valid: Diagram): Promise<void> {
    await this.db.run(
      `INSERT INTO diagrams (id, name, json, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, json = excluded.json, updated_at = excluded.updated_at`,
      [valid.id, valid.name, JSON.stringify(valid), Date.now()],
    );
  }

  /** Reads go to the reader connection when there is one: in WAL mode they see the last commit and never wait for a write. */
  private read<T>(fn: (sql: SqlExecutor) => Promise<T>): Promise<T> {
    this.assertOpen();
    const connection = this.reader ?? this.db;
    return connection.serialized(() => fn(connection));
  }

  private write<T>(fn: () => Promise<T>): Promise<T> {
    this.assertOpen();
    if (this.readOnly) throw new Error(`${basename(this.path)} is open read-only; save a copy with Save As to make changes.`);
    return this.db.transaction(fn);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`the project ${this.path} has been closed`);
  }
}
