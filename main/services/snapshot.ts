import type { BinaryDataset } from '../../engine/data/dataset';
import type { ProjectStore, StoredMetric, StoredRun } from '../../projects/types';
import type { DatasetSummary, ProjectSnapshot, RunSummary } from '../api/contract';

/** Rows shown in a dataset preview. */
export const PREVIEW_ROWS = 8;

/** A dataset's shape and first rows as 0/1 strings. */
export function summarizeDataset(dataset: BinaryDataset): DatasetSummary {
  const preview: string[] = [];
  for (let row = 0; row < Math.min(PREVIEW_ROWS, dataset.rowCount); row++) {
    preview.push(Array.from(dataset.bits.subarray(row * dataset.width, (row + 1) * dataset.width)).join(''));
  }
  return {
    id: dataset.id,
    name: dataset.name,
    width: dataset.width,
    rowCount: dataset.rowCount,
    ...(dataset.imageShape ? { imageShape: { ...dataset.imageShape } } : {}),
    preview,
  };
}

/** A stored run with its metric series, as the renderer sees it. */
export function summarizeRun(run: StoredRun, metrics: StoredMetric[]): RunSummary {
  return { ...run, config: { ...run.config }, metrics: metrics.map((m) => ({ step: m.step, values: { ...m.values } })) };
}

/** Everything the renderer needs to show an open project. */
export async function buildSnapshot(
  store: ProjectStore,
  state: { path: string | null; dirty: boolean },
): Promise<ProjectSnapshot> {
  const [name, diagrams, datasets, runs] = await Promise.all([
    store.getName(),
    store.listDiagrams(),
    store.listDatasets(),
    store.listRuns(),
  ]);
  const summaries = await Promise.all(runs.map(async (run) => summarizeRun(run, await store.listMetrics(run.id))));
  return {
    path: state.path,
    name,
    dirty: state.dirty,
    readOnly: store.readOnly,
    diagrams,
    datasets: datasets.map(summarizeDataset),
    runs: summaries,
  };
}
