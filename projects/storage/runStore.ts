/**
 * Statements for runs, metric series and checkpoints (schema: migrations 001, 003, 004 and 005; integrity.ts says what each
 * checksum covers). Each function issues its statements on the executor it is given; SqliteProject wraps them in one
 * transaction per call.
 */
import type { CheckpointInfo, DamagedDataError, MetricRange, StoredCheckpoint, StoredMetric, StoredRun, StoredRunStatus, StoredRunSummary } from '../types';
import { decodeMetricValues, decodeParameters, encodeMetricValues, encodeParameters } from './codec';
import type { SqlExecutor, SqlParam } from './db';
import { downsampleMetrics, type ReadCounter } from './downsample';
import { blobColumn, decodeOrDamage, rowChecksum, skipDamaged, textColumn, verifyRow } from './integrity';
import * as summaries from './metricSummary';
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
  checksum: number | null;
}

function runFromRow(row: RunRow): StoredRun {
  const location = { table: 'runs', runId: row.id } as const;
  verifyRow(row.checksum, [row.id, row.config], location);
  const config = decodeOrDamage(location, () => JSON.parse(textColumn(row.config, 'config')) as StoredRun['config']);
  const run: StoredRun = {
    id: row.id,
    kind: row.kind as StoredRun['kind'],
    diagramId: row.diagram_id,
    datasetId: row.dataset_id,
    algorithm: row.algorithm,
    config,
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

/** Every run in start order; with `skip`, a damaged record is handed to it and left out instead of failing the list. */
export async function listRuns(sql: SqlExecutor, skip?: (error: DamagedDataError) => void): Promise<StoredRun[]> {
  const rows = await sql.all<RunRow>('SELECT * FROM runs ORDER BY started_at, rowid');
  return skipDamaged(rows, runFromRow, skip);
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
  const config = JSON.stringify(run.config);
  await sql.run(
    `INSERT INTO runs (id, kind, diagram_id, dataset_id, algorithm, config, seed, backend, status, started_at, ended_at, error,
       total_steps, last_step, parent_run_id, parent_step, active_seconds, updated_at, note, checksum)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, diagram_id = excluded.diagram_id, dataset_id = excluded.dataset_id,
       algorithm = excluded.algorithm, config = excluded.config, seed = excluded.seed, backend = excluded.backend,
       status = excluded.status, started_at = excluded.started_at, ended_at = excluded.ended_at, error = excluded.error,
       total_steps = excluded.total_steps, last_step = excluded.last_step, parent_run_id = excluded.parent_run_id,
       parent_step = excluded.parent_step, active_seconds = excluded.active_seconds, updated_at = excluded.updated_at,
       checksum = excluded.checksum`,
    [
      run.id, run.kind, run.diagramId, run.datasetId, run.algorithm, config, run.seed, run.backend, run.status,
      run.startedAt, run.endedAt ?? null, run.error ?? null, run.totalSteps, run.lastStep, run.parent?.runId ?? null,
      run.parent?.step ?? null, run.activeSeconds, run.updatedAt ?? null, run.note ?? '', rowChecksum([run.id, config]),
    ],
  );
}

/** Sets (or clears, with '') a run's note; false when there is no such run. */
export async function setRunNote(sql: SqlExecutor, runId: string, note: string): Promise<boolean> {
  if (typeof note !== 'string') throw new Error(`run "${runId}": a note must be a string`);
  return (await sql.run('UPDATE runs SET note = ? WHERE id = ?', [note, runId])).changes === 1;
}

/** Rows per INSERT: 4 parameters each, well under SQLite's 32,766-parameter limit, and few round trips per batch. */
const METRIC_ROWS_PER_STATEMENT = 500;

/** Adds metric rows (a row at an existing step replaces it) and brings the run's summary and bucket pyramid up to date. */
export async function appendMetrics(sql: SqlExecutor, runId: string, metrics: StoredMetric[]): Promise<void> {
  for (const metric of metrics) checkMetric(runId, metric);
  const plan = await summaries.beforeAppend(sql, runId, metrics);
  for (let start = 0; start < metrics.length; start += METRIC_ROWS_PER_STATEMENT) {
    const chunk = metrics.slice(start, start + METRIC_ROWS_PER_STATEMENT);
    const params: SqlParam[] = [];
    for (const metric of chunk) {
      const json = encodeMetricValues(metric.values);
      params.push(runId, metric.step, json, rowChecksum([metric.step, json]));
    }
    await sql.run(
      `INSERT INTO metrics (run_id, step, json, checksum) VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}
       ON CONFLICT (run_id, step) DO UPDATE SET json = excluded.json, checksum = excluded.checksum`,
      params,
    );
  }
  await summaries.afterAppend(sql, plan);
}

/** A metrics row as SELECT step, json, checksum returns it. */
export interface MetricRow {
  step: number;
  json: string;
  checksum: number | null;
}

/** Verifies and decodes a metrics row; a checksum mismatch or undecodable JSON throws DamagedDataError naming run and step. */
export function metricFromRow(runId: string, row: MetricRow): StoredMetric {
  const location = { table: 'metrics', runId, step: row.step } as const;
  verifyRow(row.checksum, [row.step, row.json], location);
  return { step: row.step, values: decodeOrDamage(location, () => decodeMetricValues(textColumn(row.json, 'json'))) };
}

async function metricsBetween(sql: SqlExecutor, runId: string, from: number, to: number): Promise<StoredMetric[]> {
  const rows = await sql.all<MetricRow>('SELECT step, json, checksum FROM metrics WHERE run_id = ? AND step BETWEEN ? AND ? ORDER BY step', [runId, from, to]);
  return rows.map((row) => metricFromRow(runId, row));
}

/** The rows at the given steps (ascending), as point lookups. */
async function metricsAt(sql: SqlExecutor, runId: string, steps: number[]): Promise<StoredMetric[]> {
  const metrics: StoredMetric[] = [];
  for (let start = 0; start < steps.length; start += METRIC_ROWS_PER_STATEMENT) {
    const chunk = steps.slice(start, start + METRIC_ROWS_PER_STATEMENT);
    const rows = await sql.all<MetricRow>(`SELECT step, json, checksum FROM metrics WHERE run_id = ? AND step IN (${chunk.map(() => '?').join(', ')}) ORDER BY step`, [runId, ...chunk]);
    for (const row of rows) metrics.push(metricFromRow(runId, row));
  }
  return metrics;
}

/**
 * Metric rows of a step range in step order; with maxPoints, its M4 downsampling from the bucket pyramid (downsample.ts),
 * which reads O(maxPoints) stored rows however long the run. `counter` (tests) counts what was read.
 */
export async function listMetrics(sql: SqlExecutor, runId: string, range: MetricRange = {}, counter?: ReadCounter): Promise<StoredMetric[]> {
  if (range.maxPoints === undefined) return metricsBetween(sql, runId, range.fromStep ?? 0, range.toStep ?? Number.MAX_SAFE_INTEGER);
  const summary = await summaries.readSummary(sql, runId);
  const reader = { between: (from: number, to: number) => metricsBetween(sql, runId, from, to), at: (steps: number[]) => metricsAt(sql, runId, steps) };
  return downsampleMetrics(sql, summary, { ...range, maxPoints: range.maxPoints }, reader, counter);
}

/** The run's stored summary (metricSummary.ts); counts 0 when it recorded nothing. */
export function getRunSummary(sql: SqlExecutor, runId: string): Promise<StoredRunSummary> {
  return summaries.readSummary(sql, runId);
}

/** Stores checkpoints (one at an existing step replaces it) and counts the new ones in their runs' summaries. */
export async function putCheckpoints(sql: SqlExecutor, checkpoints: StoredCheckpoint[]): Promise<void> {
  for (const checkpoint of checkpoints) checkCheckpoint(checkpoint);
  const stepsByRun = new Map<string, Set<number>>();
  for (const { runId, step } of checkpoints) stepsByRun.set(runId, (stepsByRun.get(runId) ?? new Set()).add(step));
  // Counted before writing, in one query per run: a per-checkpoint lookup would lengthen every progress write.
  const added = new Map<string, number>();
  for (const [runId, steps] of stepsByRun) added.set(runId, steps.size - (await summaries.countStored(sql, 'checkpoints', runId, [...steps])));
  for (const checkpoint of checkpoints) {
    const { layout, blob } = encodeParameters(checkpoint);
    await sql.run(
      `INSERT INTO checkpoints (run_id, step, created_at, layout, blob, checksum) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (run_id, step) DO UPDATE SET created_at = excluded.created_at, layout = excluded.layout, blob = excluded.blob,
         checksum = excluded.checksum`,
      [checkpoint.runId, checkpoint.step, checkpoint.createdAt, layout, blob, rowChecksum([checkpoint.step, layout, blob])],
    );
  }
  for (const [runId, count] of added) await summaries.addCheckpoints(sql, runId, count);
}

export function putCheckpoint(sql: SqlExecutor, checkpoint: StoredCheckpoint): Promise<void> {
  return putCheckpoints(sql, [checkpoint]);
}

type CheckpointRow = { step: number; created_at: number; layout: string; blob: Buffer; checksum: number | null };

function checkpointFromRow(runId: string, row: CheckpointRow): StoredCheckpoint {
  const location = { table: 'checkpoints', runId, step: row.step } as const;
  verifyRow(row.checksum, [row.step, row.layout, row.blob], location);
  const parameters = decodeOrDamage(location, () => decodeParameters(textColumn(row.layout, 'layout'), blobColumn(row.blob, 'blob')));
  return { runId, step: row.step, ...parameters, createdAt: row.created_at };
}

const CHECKPOINT_COLUMNS = 'step, created_at, layout, blob, checksum';

export async function latestCheckpoint(sql: SqlExecutor, runId: string): Promise<StoredCheckpoint | undefined> {
  const row = await sql.get<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints WHERE run_id = ? ORDER BY step DESC LIMIT 1`, [runId]);
  return row && checkpointFromRow(runId, row);
}

export async function getCheckpoint(sql: SqlExecutor, runId: string, step: number): Promise<StoredCheckpoint | undefined> {
  const row = await sql.get<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints WHERE run_id = ? AND step = ?`, [runId, step]);
  return row && checkpointFromRow(runId, row);
}

export async function listCheckpoints(sql: SqlExecutor, runId: string): Promise<CheckpointInfo[]> {
  const rows = await sql.all<{ step: number; created_at: number }>('SELECT step, created_at FROM checkpoints WHERE run_id = ? ORDER BY step', [runId]);
  return rows.map((row) => ({ step: row.step, createdAt: row.created_at }));
}

/** Deletes what a run recorded after `step` (metrics, checkpoints, outputs), so it can resume at that step. */
export async function deleteAfterStep(sql: SqlExecutor, runId: string, step: number): Promise<void> {
  const metrics = await sql.run('DELETE FROM metrics WHERE run_id = ? AND step > ?', [runId, step]);
  const checkpoints = await sql.run('DELETE FROM checkpoints WHERE run_id = ? AND step > ?', [runId, step]);
  await sql.run('DELETE FROM outputs WHERE run_id = ? AND step > ?', [runId, step]);
  await summaries.afterRewind(sql, runId, step, metrics.changes, checkpoints.changes);
}

/** Copies the parent's metrics up to its checkpoint step, and that checkpoint, to a branched run; throws if the checkpoint is missing. */
export async function copyHistory(sql: SqlExecutor, parentRunId: string, step: number, runId: string): Promise<void> {
  const copied = await sql.run(
    `INSERT INTO checkpoints (run_id, step, created_at, layout, blob, checksum)
     SELECT ?, step, created_at, layout, blob, checksum FROM checkpoints WHERE run_id = ? AND step = ?`,
    [runId, parentRunId, step],
  );
  if (copied.changes !== 1) throw new Error(`run "${parentRunId}" has no checkpoint at step ${step}`);
  const metrics = await sql.run(
    'INSERT INTO metrics (run_id, step, json, checksum) SELECT ?, step, json, checksum FROM metrics WHERE run_id = ? AND step <= ?',
    [runId, parentRunId, step],
  );
  await summaries.afterBranch(sql, parentRunId, step, runId, metrics.changes);
}

export async function deleteRun(sql: SqlExecutor, runId: string): Promise<void> {
  // Explicit deletes: foreign keys (and their cascades) are off on connections other programs may have opened.
  await sql.run('DELETE FROM metrics WHERE run_id = ?', [runId]);
  await sql.run('DELETE FROM checkpoints WHERE run_id = ?', [runId]);
  await sql.run('DELETE FROM outputs WHERE run_id = ?', [runId]);
  await sql.run('DELETE FROM runs WHERE id = ?', [runId]);
  await summaries.deleteSummary(sql, runId);
}

/** Runs a killed process left queued, running or paused become 'interrupted'; returns how many. */
export async function markInterruptedRuns(sql: SqlExecutor): Promise<number> {
  return (await sql.run(`UPDATE runs SET status = 'interrupted' WHERE status IN ('running', 'queued', 'paused')`)).changes;
}
