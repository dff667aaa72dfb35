import type { ImageShape } from '../../../engine/diagram/types';
import { latestTrainingRun } from '../store/runs';
import type { StudioState } from '../store/state';

/**
 * The image shape of the dataset the active diagram was last trained on (its newest training run's dataset), or
 * undefined. Returns the stored object, so it is a stable store selector.
 */
export function trainingDatasetShape(state: StudioState): ImageShape | undefined {
  const diagramId = state.activeDiagramId;
  if (!diagramId || !state.project) return undefined;
  const run = latestTrainingRun(state.runs, diagramId, (r) => r.datasetId !== '');
  return run && state.project.datasets.find((d) => d.id === run.datasetId)?.imageShape;
}
