import type { BinaryDataset } from '../../engine/data/dataset';
import { readOnlyNotice, type ProjectStore } from '../../projects/types';
import type { DatasetSummary, ProjectSnapshot } from '../api/contract';
import { runSummaryOf } from './runViews';

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


/** The read-only notice, with the damaged records the listing left out (counted, so it stays one short line). */
function noticeOf(reason: string, skipped: readonly string[]): string {
  const notice = readOnlyNotice(reason);
  if (skipped.length === 0) return notice;
  return `${notice}; left out as damaged: ${skipped.length === 1 ? '1 record' : `${skipped.length} records`} (${skipped[0]}${skipped.length > 1 ? ', …' : ''})`;
}

/** Everything the renderer needs to show an open project. */
export async function buildSnapshot(
  store: ProjectStore,
  state: { path: string | null; dirty: boolean },
): Promise<ProjectSnapshot> {
  const [name, diagrams, datasets, runs, trainChoices] = await Promise.all([
    store.getName(),
    store.listDiagrams(),
    store.listDatasetInfos(PREVIEW_ROWS),
    store.listRuns(),
    store.listTrainChoices(),
  ]);
  const summaries = await Promise.all(runs.map((run) => runSummaryOf(store, run)));
  return {
    path: state.path,
    name,
    dirty: state.dirty,
    readOnly: store.readOnly,
    ...(store.readOnlyReason === undefined ? {} : { readOnlyNotice: noticeOf(store.readOnlyReason, store.skippedDamage ?? []) }),
    diagrams,
    trainChoices,
    // Listed from their first rows only: a 60,000-row dataset would otherwise be unpacked on every snapshot.
    datasets: datasets.map(({ id, name, width, rowCount, imageShape, preview }) =>
      summarizeDataset({ id, name, width, rowCount, bits: preview, ...(imageShape ? { imageShape } : {}) }),
    ),
    runs: summaries,
  };
}
