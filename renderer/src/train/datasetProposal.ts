import type { CompiledModel } from '../../../engine/compiler/types';
import type { DatasetSummary } from '../../../main/api/contract';

/** What a dataset must match: the visible unit count and, when one layer holds every visible unit, that layer's image shape. */
export interface DataTarget {
  visibleCount: number;
  imageShape?: { rows: number; cols: number };
}

/** The data target of a compiled model. */
export function dataTarget(model: CompiledModel): DataTarget {
  const layers = model.nodes.filter((n) => n.visible.end > n.visible.start);
  const shape = layers.length === 1 ? layers[0].imageShape : undefined;
  return { visibleCount: model.visibleIndices.length, ...(shape ? { imageShape: shape } : {}) };
}

/** How well a dataset fits: 0 wrong width, 1 right width but other images, 2 right width, 3 right width and image shape. */
function fitScore(dataset: DatasetSummary, target: DataTarget): number {
  if (dataset.width !== target.visibleCount) return 0;
  const a = dataset.imageShape;
  const b = target.imageShape;
  if (!a || !b) return 2;
  return a.rows === b.rows && a.cols === b.cols ? 3 : 1;
}

/** Whether a dataset feeds the model as it is: its width, and its image shape where both have one. */
export function datasetFits(dataset: DatasetSummary, target: DataTarget): boolean {
  return fitScore(dataset, target) >= 2;
}

/** The dataset to propose: `preferredId` when it fits, else the best-fitting one (first of equals), else the first; '' when none. */
export function proposedDataset(datasets: DatasetSummary[], target: DataTarget | undefined, preferredId?: string): string {
  const preferred = datasets.find((d) => d.id === preferredId);
  if (!target) return (preferred ?? datasets[0])?.id ?? '';
  if (preferred && datasetFits(preferred, target)) return preferred.id;
  let best: DatasetSummary | undefined;
  for (const d of datasets) if (fitScore(d, target) > (best ? fitScore(best, target) : 0)) best = d;
  return (best ?? datasets[0])?.id ?? '';
}

/**
 * The dataset the form switches to when the project's datasets or the model change, or undefined to keep `currentId`: a
 * fitting dataset just added (the newest) wins; a current one that is gone or no longer fits gives way to the best fit.
 * A choice the user made stays while nothing changes (this is only asked on changes).
 */
export function datasetAfterChange(
  previous: readonly DatasetSummary[],
  datasets: DatasetSummary[],
  currentId: string,
  target: DataTarget | undefined,
): string | undefined {
  const known = new Set(previous.map((d) => d.id));
  const added = datasets.filter((d) => !known.has(d.id));
  const addedFit = target ? added.filter((d) => datasetFits(d, target)).pop() : undefined;
  if (addedFit && addedFit.id !== currentId) return addedFit.id;
  const current = datasets.find((d) => d.id === currentId);
  if (current && (!target || datasetFits(current, target))) return undefined;
  const proposed = proposedDataset(datasets, target);
  const better = !current || (target !== undefined && datasets.some((d) => d.id === proposed && datasetFits(d, target)));
  return better && proposed !== currentId ? proposed : undefined;
}
