/** Stored runs and outputs as the API shows them. */
import { DamagedDataError, type ProjectStore, type StoredMetric, type StoredOutput, type StoredOutputInfo, type StoredRun } from '../../projects/types';
import { liveLockOwner } from '../../projects/storage/writerLock';
import { RUN_SUMMARY_POINTS, type OutputData, type OutputSummary, type RunSummary } from '../api/contract';

/** A run record with (already thinned) metric rows. */
export function summarizeRun(run: StoredRun, metrics: StoredMetric[]): RunSummary {
  const summary: RunSummary = { ...run, config: { ...run.config }, metrics: metrics.map((m) => ({ step: m.step, values: { ...m.values } })) };
  if (run.parent) summary.parent = { ...run.parent };
  return summary;
}

/** A run with its metric series downsampled to RUN_SUMMARY_POINTS from the stored bucket pyramid (no scan of its history). */
export async function runSummaryOf(store: ProjectStore, run: StoredRun): Promise<RunSummary> {
  // A damaged metric row leaves the run listed without its series, so the project still opens and the rest can be exported;
  // run:metrics reports the damage itself.
  const metrics = await store.listMetrics(run.id, { maxPoints: RUN_SUMMARY_POINTS }).catch((error: unknown) => {
    if (error instanceof DamagedDataError) return [];
    throw error;
  });
  return summarizeRun(await shownRun(store, run), metrics);
}

/** Statuses only a live process keeps: without one, the run stopped when its process died. */
export const LIVE_STATUSES: readonly string[] = ['queued', 'running', 'paused'];

/**
 * A project open read-only cannot store the mark a dead process's runs get when it is opened for writing: they are shown
 * interrupted (as the next writer will store them) unless a live process holds the project and is running them.
 */
async function shownRun(store: ProjectStore, run: StoredRun): Promise<StoredRun> {
  if (!store.readOnly || !LIVE_STATUSES.includes(run.status)) return run;
  return (await liveLockOwner(store.path)) ? run : { ...run, status: 'interrupted' };
}

export function outputSummary(info: StoredOutputInfo): OutputSummary {
  const summary: OutputSummary = { id: info.id, runId: info.runId, kind: info.kind, name: info.name, createdAt: info.createdAt, summary: info.summary };
  if (info.step !== undefined) summary.step = info.step;
  if (info.arrayShape) summary.arrayShape = [...info.arrayShape];
  return summary;
}

/** An output with its array (rows from `from`) as plain numbers (the same over Electron IPC and the WebSocket bridge). */
export function outputData(output: StoredOutput, from = 0): OutputData {
  const { array, ...rest } = output;
  const data: OutputData = outputSummary(rest);
  delete (data as OutputSummary).arrayShape;
  if (array) data.array = { dtype: array.dtype, shape: [...array.shape], values: Array.from(array.values) };
  if (array && output.rowsTotal !== undefined) data.rows = { from: Math.min(from, output.rowsTotal), count: array.shape[0] ?? 0, total: output.rowsTotal };
  return data;
}
