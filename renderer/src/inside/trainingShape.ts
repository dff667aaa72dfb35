import type { ImageShape } from '../../../engine/diagram/types';
import { latestTrainingRun } from '../store/runs';
import type { StudioState } from '../store/state';

/**
 * The image shape of the dataset the active diagram was last trained on (its newest training run's dataset), or
 * undefined. Returns the stored object, which a project:changed echo replaces: select `trainingDatasetShapeKey` instead.
 */
export function trainingDatasetShape(state: StudioState): ImageShape | undefined {
  const diagramId = state.activeDiagramId;
  if (!diagramId || !state.project) return undefined;
  const run = latestTrainingRun(state.runs, diagramId, (r) => r.datasetId !== '');
  return run && state.project.datasets.find((d) => d.id === run.datasetId)?.imageShape;
}

/**
 * The training dataset's image shape as a primitive `rows×cols` key (or undefined): a store selector whose value stays
 * equal when a project:changed echo replaces the dataset objects, so views keyed on it do not recompute.
 */
export function trainingDatasetShapeKey(state: StudioState): string | undefined {
  const shape = trainingDatasetShape(state);
  return shape && `${shape.rows}×${shape.cols}`;
}

/** The image shape a `trainingDatasetShapeKey` names. */
export function shapeOfKey(key: string | undefined): ImageShape | undefined {
  if (!key) return undefined;
  const [rows, cols] = key.split('×').map(Number);
  return { rows, cols };
}
