import type { ImageShape } from '../../../engine/diagram/types';
import type { StudioState } from '../store/state';

/**
 * The image shape of the dataset the active diagram was last trained on (its newest training run's dataset), or
 * undefined. Returns the stored object, so it is a stable store selector.
 */
export function trainingDatasetShape(state: StudioState): ImageShape | undefined {
  const diagramId = state.activeDiagramId;
  if (!diagramId || !state.project) return undefined;
  for (let k = state.runs.order.length - 1; k >= 0; k--) {
    const run = state.runs.summaries[state.runs.order[k]];
    if (!run || run.kind !== 'train' || run.diagramId !== diagramId || !run.datasetId) continue;
    return state.project.datasets.find((d) => d.id === run.datasetId)?.imageShape;
  }
  return undefined;
}
