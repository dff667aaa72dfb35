import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
import type { BinaryDataset } from '../../engine/data/dataset';
import { parseDiagram } from '../../engine/diagram/parse';
import type { Diagram } from '../../engine/diagram/types';
import { InvalidDiagramError, type ProjectStore, type StoredCheckpoint, type StoredMetric, type StoredRun, type StoredRunStatus } from '../types';
import { decodeInt32, decodeMetricValues, decodeParameters, encodeInt32, encodeMetricValues, encodeParameters, packBits, unpackBits } from './codec';
import type { SqliteDatabase } from './db';
import { shmPath, walPath } from './fileFormat';
import { canonicalPath, temporarySibling } from './paths';
import { checkCheckpoint, checkDataset, checkMetric, checkRun } from './validate';
import { liveLockOwner, lockedError, type WriterLock } from './writerLock';

interface DatasetRow {
  id: string;
  name: string;
  width: number;
  row_count: number;
  image_rows: number | null;
  image_cols: number | null;
  bits: Buffer;
  labels: Buffer | null;
}

interface RunRow {
  id: string;
  diagram_id: string;
  dataset_id: string;
  algorithm: string;
  config: string;
  seed: number;
  backend: string;
  status: string;
  started_at: number;
  ended_at: number | null;
  error: string | null;
  total_steps: number;
  last_step: number;
}

/** Reads a stored diagram back through the engine's parser; a failure means the file was altered outside the app. */
function storedDiagram(json: unknown, id: string): Diagram {
  const parsed = parseDiagram(json);
  if (parsed.ok) return parsed.diagram;
  const problems = parsed.errors.slice(0, 5).map((error) => `${error.path}: ${error.message}`).join('; ');
  throw new Error(`stored diagram "${id}" is not a valid diagram: ${problems}`);
}

function datasetFromRow(row: DatasetRow): BinaryDataset {
  const dataset: BinaryDataset = { id: row.id, name: row.name, width: row.width, rowCount: row.row_count, bits: unpackBits(row.bits, row.width * row.row_count) };
  if (row.image_rows !== null && row.image_cols !== null) dataset.imageShape = { rows: row.image_rows, cols: row.image_cols };
  if (row.labels !== null) dataset.labels = decodeInt32(row.labels);
  return dataset;
}

function runFromRow(row: RunRow): StoredRun {
  const run: StoredRun = {
    id: row.id,
    diagramId: row.diagram_id,
    datasetId: row.dataset_id,
    algorithm: row.algorithm,
    config: JSON.parse(row.config) as StoredRun['config'],
    seed: row.seed,
    backend: row.backend,
    status: row.status as StoredRunStatus,
    startedAt: row.started_at,
    totalSteps: row.total_steps,
    lastStep: row.last_step,
  };
  if (row.ended_at !== null) run.endedAt = row.ended_at;
  if (row.error !== null) run.error = row.error;
  return run;
}

/** ProjectStore over one SQLite connection (schema: migrations/001_initial.ts). Every mutation is one transaction. */
export class SqliteProject implements ProjectStore {
  private closed = false;

  constructor(
    private readonly db: SqliteDatabase,
    readonly path: string,
    readonly readOnly: boolean,
    private readonly lock: WriterLock | undefined,
  ) {}

  async getName(): Promise<string> {
    return this.read(async () => (await this.db.get<{ value: string }>(`SELECT value FROM meta WHERE key = 'name'`))?.value ?? basename(this.path));
  }

  async setName(name: string): Promise<void> {
    return this.write(async () => {
      await this.db.run(`INSERT INTO meta (key, value) VALUES ('name', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [name]);
    });
  }

  async listDiagrams(): Promise<Diagram[]> {
    return this.read(async () => {
      const rows = await this.db.all<{ id: string; json: string }>('SELECT id, json FROM diagrams ORDER BY rowid');
      return rows.map((row) => storedDiagram(JSON.parse(row.json), row.id));
    });
  }

  async putDiagram(diagram: Diagram): Promise<void> {
    // The store is where diagrams enter a project, so it is the one place that validates them; the stored JSON is the parsed copy.
    const parsed = parseDiagram(diagram);
    if (!parsed.ok) throw new InvalidDiagramError(parsed.errors);
    const valid = parsed.diagram;
    return this.write(async () => {
      await this.db.run(
        `INSERT INTO diagrams (id, name, json, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, json = excluded.json, updated_at = excluded.updated_at`,
        [valid.id, valid.name, JSON.stringify(valid), Date.now()],
      );
    });
  }

  async deleteDiagram(diagramId: string): Promise<void> {
    return this.write(async () => {
      await this.db.run('DELETE FROM diagrams WHERE id = ?', [diagramId]);
    });
  }

  async listDatasets(): Promise<BinaryDataset[]> {
    return this.read(async () => (await this.db.all<DatasetRow>('SELECT * FROM datasets ORDER BY rowid')).map(datasetFromRow));
  }

  async getDataset(datasetId: string): Promise<BinaryDataset | undefined> {
    return this.read(async () => {
      const row = await this.db.get<DatasetRow>('SELECT * FROM datasets WHERE id = ?', [datasetId]);
      return row && datasetFromRow(row);
    });
  }

  async putDataset(dataset: BinaryDataset): Promise<void> {
    checkDataset(dataset);
    const bits = packBits(dataset.bits);
    const labels = dataset.labels ? encodeInt32(dataset.labels) : null;
    return this.write(async () => {
      await this.db.run(
        `INSERT INTO datasets (id, name, width, row_count, image_rows, image_cols, bits, labels) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, width = excluded.width, row_count = excluded.row_count,
           image_rows = excluded.image_rows, image_cols = excluded.image_cols, bits = excluded.bits, labels = excluded.labels`,
        [dataset.id, dataset.name, dataset.width, dataset.rowCount, dataset.imageShape?.rows ?? null, dataset.imageShape?.cols ?? null, bits, labels],
      );
    });
  }

  async listRuns(): Promise<StoredRun[]> {
    return this.read(async () => (await this.db.all<RunRow>('SELECT * FROM runs ORDER BY started_at, rowid')).map(runFromRow));
  }

  async putRun(run: StoredRun): Promise<void> {
    checkRun(run);
    return this.write(async () => {
      await this.db.run(
        `INSERT INTO runs (id, diagram_id, dataset_id, algorithm, config, seed, backend, status, started_at, ended_at, error, total_steps, last_step)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET diagram_id = excluded.diagram_id, dataset_id = excluded.dataset_id, algorithm = excluded.algorithm,
           config = excluded.config, seed = excluded.seed, backend = excluded.backend, status = excluded.status,
           started_at = excluded.started_at, ended_at = excluded.ended_at, error = excluded.error,
           total_steps = excluded.total_steps, last_step = excluded.last_step`,
        [
          run.id, run.diagramId, run.datasetId, run.algorithm, JSON.stringify(run.config), run.seed, run.backend, run.status,
          run.startedAt, run.endedAt ?? null, run.error ?? null, run.totalSteps, run.lastStep,
        ],
      );
    });
  }

  /** Adds metric rows (a row at an existing step replaces it); all rows or none are written. */
  async appendMetrics(runId: string, metrics: StoredMetric[]): Promise<void> {
    return this.write(async () => {
      for (const metric of metrics) {
        checkMetric(runId, metric);
        await this.db.run(
          `INSERT INTO metrics (run_id, step, json) VALUES (?, ?, ?) ON CONFLICT (run_id, step) DO UPDATE SET json = excluded.json`,
          [runId, metric.step, encodeMetricValues(metric.values)],
        );
      }
    });
  }

  async listMetrics(runId: string): Promise<StoredMetric[]> {
    return this.read(async () => {
      const rows = await this.db.all<{ step: number; json: string }>('SELECT step, json FROM metrics WHERE run_id = ? ORDER BY step', [runId]);
      return rows.map((row) => ({ step: row.step, values: decodeMetricValues(row.json) }));
    });
  }

  async putCheckpoint(checkpoint: StoredCheckpoint): Promise<void> {
    checkCheckpoint(checkpoint);
    const { layout, blob } = encodeParameters(checkpoint);
    return this.write(async () => {
      await this.db.run(
        `INSERT INTO checkpoints (run_id, step, created_at, layout, blob) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (run_id, step) DO UPDATE SET created_at = excluded.created_at, layout = excluded.layout, blob = excluded.blob`,
        [checkpoint.runId, checkpoint.step, checkpoint.createdAt, layout, blob],
      );
    });
  }

  async latestCheckpoint(runId: string): Promise<StoredCheckpoint | undefined> {
    return this.read(async () => {
      const row = await this.db.get<{ step: number; created_at: number; layout: string; blob: Buffer }>(
        'SELECT step, created_at, layout, blob FROM checkpoints WHERE run_id = ? ORDER BY step DESC LIMIT 1',
        [runId],
      );
      return row && { runId, step: row.step, ...decodeParameters(row.layout, row.blob), createdAt: row.created_at };
    });
  }

  async markInterruptedRuns(): Promise<number> {
    return this.write(async () => (await this.db.run(`UPDATE runs SET status = 'interrupted' WHERE status IN ('running', 'queued')`)).changes);
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

  /** Closes the connection (checkpointing the WAL into the file) and releases the writer lock; idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.db.close();
    } finally {
      await this.lock?.release();
    }
  }

  private read<T>(fn: () => Promise<T>): Promise<T> {
    this.assertOpen();
    return this.db.serialized(fn);
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
