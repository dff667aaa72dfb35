/**
 * Statements for runs, metric series and checkpoints (schema: migrations 001, 003 and 004). Each function issues its statements
 * on the executor it is given; SqliteProject wraps them in one transaction per call.
 */
import type { CheckpointInfo, MetricRange, StoredCheckpoint, StoredMetric, StoredRun, StoredRunStatus } from '../types';
import { decodeMetricValues, decodeParameters, encodeMetricValues, encodeParameters } from './codec';
import type { SqlExecutor, SqlParam } from './db';
import { checkCheckpoint, checkMetric, checkRun } from './validate';

interface RunRow {
  id: string;
  kind: string;
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
  parent_run_id: string | null;
  parent_step: number | null;
  active_seconds: number;
  updated_at: number | null;
  note: string;
}

function runFromRow(row: RunRow): StoredRun {
  const run: StoredRun = {
    id: row.id,
    kind: row.kind as StoredRun['kind'],
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
    activeSeconds: row.active_seconds,
  };
  if (row.ended_at !== null) run.endedAt = row.ended_at;
  if (row.error !== null) run.error = row.error;
  if (row.parent_run_id !== null && row.parent_step !== null) run.parent = { runId: row.parent_run_id, step: row.parent_step };
  if (row.updated_at !== null) run.updatedAt = row.updated_at;
  if (row.note !== '') run.note = row.note;
  return run;
}

export async function listRuns(sql: SqlExecutor): Promise<StoredRun[]> {
  return (await sql.all<RunRow>('SELECT * FROM runs ORDER BY started_at, rowid')).map(runFromRow);
}

export async function getRun(sql: SqlExecutor, runId: string): Promise<StoredRun | undefined> {
  const row = await sql.get<RunRow>('SELECT * FROM runs WHERE id = ?', [runId]);
  return row && runFromRow(row);
}

/**
 * Inserts or replaces a run record. The note is written only when the run is new: a running job's progress writes carry
 * the record as it was when the job started, so they must not undo a note set meanwhile (setRunNote changes it).
 */
export async function putRun(sql: SqlExecutor, run: StoredRun): Promise<void> {
  checkRun(run);
  await sql.run(
    `INSERT INTO runs (id, kind, diagram_id, dataset_id, algorithm, config, seed, backend, status, started_at, ended_at, error,
       total_steps, last_step, parent_run_id, parent_step, active_seconds, updated_at, note)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, diagram_id = excluded.diagram_id, dataset_id = excluded.dataset_id,
       algorithm = excluded.algorithm, config = excluded.config, seed = excluded.seed, backend = excluded.backend,
       status = excluded.status, started_at = excluded.started_at, ended_at = excluded.ended_at, error = excluded.error,
       total_steps = excluded.total_steps, last_step = excluded.last_step, parent_run_id = excluded.parent_run_id,
       parent_step = excluded.parent_step, active_seconds = excluded.active_seconds, updated_at = excluded.updated_at`,
    [
      run.id, run.kind, run.diagramId, run.datasetId, run.algorithm, JSON.stringify(run.config), run.seed, run.backend, run.status,
      run.startedAt, run.endedAt ?? null, run.error ?? null, run.totalSteps, run.lastStep, run.parent?.runId ?? null,
      run.parent?.step ?? null, run.activeSeconds, run.updatedAt ?? null, run.note ?? '',
    ],
  );
}

/** Sets (or clears, with '') a run's note; false when there is no such run. */
export async function setRunNote(sql: SqlExecutor, runId: string, note: string): Promise<boolean> {
  if (typeof note !== 'string') throw new Error(`run "${runId}": a note must be a string`);
  return (await sql.run('UPDATE runs SET note = ? WHERE id = ?', [note, runId])).changes === 1;
}

/** Rows per INSERT: 3 parameters each, well under SQLite's 32,766-parameter limit, and few round trips per batch. */
const METRIC_ROWS_PER_STATEMENT = 500;

/** Adds metric rows (a row at an existing step replaces it). */
export async function appendMetrics(sql: SqlExecutor, runId: string, metrics: StoredMetric[]): Promise<void> {
  for (const metric of metrics) checkMetric(runId, metric);
  for (let start = 0; start < metrics.length; start += METRIC_ROWS_PER_STATEMENT) {
    const chunk = metrics.slice(start, start + METRIC_ROWS_PER_STATEMENT);
    const params: SqlParam[] = [];
    for (const metric of chunk) params.push(runId, metric.step, encodeMetricValues(metric.values));
    await sql.run(
      `INSERT INTO metrics (run_id, step, json) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}
       ON CONFLICT (run_id, step) DO UPDATE SET json = excluded.json`,
      params,
    );
  }
}

/** Metric rows in step order; with maxPoints, every k-th row of the range (k = ⌈rows / maxPoints⌉) plus the last one. */
export async function listMetrics(sql: SqlExecutor, runId: string, range: MetricRange = {}): Promise<StoredMetric[]> {
  const from = range.fromStep ?? 0;
  const to = range.toStep ?? Number.MAX_SAFE_INTEGER;
  let rows: { step: number; json: string }[];
  if (range.maxPoints === undefined) {
    rows = await sql.all('SELECT step, json FROM metrics WHERE run_id = ? AND step BETWEEN ? AND ? ORDER BY step', [runId, from, to]);
  } else {
    const maxPoints = Math.max(2, Math.floor(range.maxPoints));
    const count = (await sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM metrics WHERE run_id = ? AND step BETWEEN ? AND ?', [runId, from, to]))?.n ?? 0;
    const stride = Math.max(1, Math.ceil((count - 1) / (maxPoints - 1)));
    rows = await sql.all(
      `SELECT step, json FROM (
         SELECT step, json, ROW_NUMBER() OVER (ORDER BY step) - 1 AS k FROM metrics WHERE run_id = ? AND step BETWEEN ? AND ?
       ) WHERE k % ? = 0 OR k = ? ORDER BY step`,
      [runId, from, to, stride, count - 1],
    );
  }
  return rows.map((row) => ({ step: row.step, values: decodeMetricValues(row.json) }));
}

export async function putCheckpoint(sql: SqlExecutor, checkpoint: StoredCheckpoint): Promise<void> {
  checkCheckpoint(checkpoint);
  const { layout, blob } = encodeParameters(checkpoint);
  await sql.run(
    `INSERT INTO checkpoints (run_id, step, created_at, layout, blob) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (run_id, step) DO UPDATE SET created_at = excluded.created_at, layout = excluded.layout, blob = excluded.blob`,
    [checkpoint.runId, checkpoint.step, checkpoint.createdAt, layout, blob],
  );
}

type CheckpointRow = { step: number; created_at: number; layout: string; blob: Buffer };

const checkpointFromRow = (runId: string, row: CheckpointRow): StoredCheckpoint => ({
  runId,
  step: row.step,
  ...decodeParameters(row.layout, row.blob),
  createdAt: row.created_at,
});

export async function latestCheckpoint(sql: SqlExecutor, runId: string): Promise<StoredCheckpoint | undefined> {
  const row = await sql.get<CheckpointRow>('SELECT step, created_at, layout, blob FROM checkpoints WHERE run_id = ? ORDER BY step DESC LIMIT 1', [runId]);
  return row && checkpointFromRow(runId, row);
}

export async function getCheckpoint(sql: SqlExecutor, runId: string, step: number): Promise<StoredCheckpoint | undefined> {
  const row = await sql.get<CheckpointRow>('SELECT step, created_at, layout, blob FROM checkpoints WHERE run_id = ? AND step = ?', [runId, step]);
  return row && checkpointFromRow(runId, row);
}

export async function listCheckpoints(sql: SqlExecutor, runId: string): Promise<CheckpointInfo[]> {
  const rows = await sql.all<{ step: number; created_at: number }>('SELECT step, created_at FROM checkpoints WHERE run_id = ? ORDER BY step', [runId]);
  return rows.map((row) => ({ step: row.step, createdAt: row.created_at }));
}

/** Deletes what a run recorded after `step` (metrics, checkpoints, outputs), so it can resume at that step. */
export async function deleteAfterStep(sql: SqlExecutor, runId: string, step: number): Promise<void> {
  await sql.run('DELETE FROM metrics WHERE run_id = ? AND step > ?', [runId, step]);
  await sql.run('DELETE FROM checkpoints WHERE run_id = ? AND step > ?', [runId, step]);
  await sql.run('DELETE FROM outputs WHERE run_id = ? AND step > ?', [runId, step]);
}

/** Copies the parent's metrics up to its checkpoint step, and that checkpoint, to a branched run; throws if the checkpoint is missing. */
export async function copyHistory(sql: SqlExecutor, parentRunId: string, step: number, runId: string): Promise<void> {
  const copied = await sql.run(
    'INSERT INTO checkpoints (run_id, step, created_at, layout, blob) SELECT ?, step, created_at, layout, blob FROM checkpoints WHERE run_id = ? AND step = ?',
    [runId, parentRunId, step],
  );
  if (copied.changes !== 1) throw new Error(`run "${parentRunId}" has no checkpoint at step ${step}`);
  await sql.run('INSERT INTO metrics (run_id, step, json) SELECT ?, step, json FROM metrics WHERE run_id = ? AND step <= ?', [runId, parentRunId, step]);
}

export async function deleteRun(sql: SqlExecutor, runId: string): Promise<void> {
  // Explicit deletes: foreign keys (and their cascades) are off on connections other programs may have opened.
  await sql.run('DELETE FROM metrics WHERE run_id = ?', [runId]);
  await sql.run('DELETE FROM checkpoints WHERE run_id = ?', [runId]);
  await sql.run('DELETE FROM outputs WHERE run_id = ?', [runId]);
  await sql.run('DELETE FROM runs WHERE id = ?', [runId]);
}

/** Runs a killed process left queued, running or paused become 'interrupted'; returns how many. */
export async function markInterruptedRuns(sql: SqlExecutor): Promise<number> {
  return (await sql.run(`UPDATE runs SET status = 'interrupted' WHERE status IN ('running', 'queued', 'paused')`)).changes;
}
