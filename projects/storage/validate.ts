import type { BinaryDataset } from '../../engine/data/dataset';
import type { JobKind, StoredCheckpoint, StoredMetric, StoredRun, StoredRunStatus } from '../types';

/** Every run status the schema stores. */
export const RUN_STATUSES: readonly StoredRunStatus[] = ['queued', 'running', 'paused', 'completed', 'failed', 'cancelled', 'interrupted'];

/** Every job kind a run may have. */
export const JOB_KINDS: readonly JobKind[] = ['train', 'infer', 'sample', 'evaluate'];

const isCount = (value: unknown, min: number): value is number => typeof value === 'number' && Number.isInteger(value) && value >= min;

function ensure(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Throws unless the dataset is internally consistent (the 0/1 check happens while packing). */
export function checkDataset(dataset: BinaryDataset): void {
  const what = `dataset "${String(dataset.id)}"`;
  ensure(typeof dataset.id === 'string' && dataset.id !== '', 'a dataset needs a non-empty id');
  ensure(typeof dataset.name === 'string', `${what} needs a name`);
  ensure(isCount(dataset.width, 1) && isCount(dataset.rowCount, 0), `${what}: width must be ≥ 1 and rowCount ≥ 0`);
  ensure(dataset.bits instanceof Uint8Array, `${what}: bits must be a Uint8Array`);
  ensure(dataset.bits.length === dataset.width * dataset.rowCount, `${what}: ${dataset.bits.length} bits, expected rowCount × width = ${dataset.width * dataset.rowCount}`);
  if (dataset.imageShape) {
    const { rows, cols } = dataset.imageShape;
    ensure(isCount(rows, 1) && isCount(cols, 1) && rows * cols === dataset.width, `${what}: image shape ${rows}×${cols} does not match width ${dataset.width}`);
  }
  if (dataset.labels !== undefined) {
    ensure(dataset.labels instanceof Int32Array && dataset.labels.length === dataset.rowCount, `${what}: labels must be an Int32Array with one label per row`);
  }
}

/** Throws unless the run record can be stored and read back unchanged. */
export function checkRun(run: StoredRun): void {
  const what = `run "${String(run.id)}"`;
  ensure(typeof run.id === 'string' && run.id !== '', 'a run needs a non-empty id');
  ensure(typeof run.diagramId === 'string' && typeof run.datasetId === 'string' && typeof run.algorithm === 'string', `${what}: diagramId, datasetId and algorithm must be strings`);
  ensure(typeof run.backend === 'string', `${what}: backend must be a string`);
  ensure(RUN_STATUSES.includes(run.status), `${what}: unknown status "${String(run.status)}"`);
  ensure(JOB_KINDS.includes(run.kind), `${what}: unknown kind "${String(run.kind)}"; use one of ${JOB_KINDS.join(', ')}`);
  ensure(Number.isFinite(run.activeSeconds) && run.activeSeconds >= 0, `${what}: activeSeconds must be a finite number ≥ 0`);
  ensure(run.updatedAt === undefined || Number.isFinite(run.updatedAt), `${what}: updatedAt must be finite`);
  if (run.parent !== undefined) {
    ensure(typeof run.parent.runId === 'string' && run.parent.runId !== '' && isCount(run.parent.step, 0), `${what}: parent must name a run and a whole step ≥ 0`);
  }
  ensure(Number.isFinite(run.seed), `${what}: seed must be a finite number`);
  ensure(Number.isFinite(run.startedAt) && (run.endedAt === undefined || Number.isFinite(run.endedAt)), `${what}: times must be finite`);
  ensure(isCount(run.totalSteps, 0) && isCount(run.lastStep, 0), `${what}: totalSteps and lastStep must be whole numbers ≥ 0`);
  ensure(run.error === undefined || typeof run.error === 'string', `${what}: error must be a string`);
  ensure(run.note === undefined || typeof run.note === 'string', `${what}: note must be a string`);
  for (const [key, value] of Object.entries(run.config)) {
    const ok = typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    ensure(ok, `${what}: config.${key} must be a finite number, a string or a boolean`);
  }
}

/** Throws unless the metric row has a whole step ≥ 0 and numeric values. */
export function checkMetric(runId: string, metric: StoredMetric): void {
  ensure(isCount(metric.step, 0), `run "${runId}": metric step ${String(metric.step)} is not a whole number ≥ 0`);
  for (const [name, value] of Object.entries(metric.values)) {
    ensure(typeof value === 'number', `run "${runId}": metric ${name} at step ${metric.step} is not a number`);
  }
}

/** Throws unless the checkpoint has a run, a whole step and float32 blocks. */
export function checkCheckpoint(checkpoint: StoredCheckpoint): void {
  ensure(typeof checkpoint.runId === 'string' && checkpoint.runId !== '', 'a checkpoint needs a runId');
  ensure(isCount(checkpoint.step, 0), `checkpoint of run "${checkpoint.runId}": step must be a whole number ≥ 0`);
  ensure(Number.isFinite(checkpoint.createdAt), `checkpoint of run "${checkpoint.runId}": createdAt must be finite`);
}
