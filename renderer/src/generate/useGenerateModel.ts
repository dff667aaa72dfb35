import { useEffect, useState } from 'react';
import type { CompiledModel } from '../../../engine/compiler/types';
import type { DatasetSummary } from '../../../main/api/contract';
import { useStudio } from '../app/StudioContext';
import { activeCompiled } from '../store/compiled';
import type { StudioState } from '../store/state';
import { useDatasetRows, type DatasetRows } from './useDatasetRows';
import { visibleShape, type VisibleShape } from './visibleGrid';
import { latestTrainingRun } from '../store/runs';
import { dataTarget, proposedDataset } from '../train/datasetProposal';

/** What every Generate sub-view works on: the active diagram's compiled model, its visible image shape and a dataset. */
export interface GenerateModel {
  diagramId: string;
  model: CompiledModel;
  shape: VisibleShape;
  /** Datasets as wide as the visible layer. */
  datasets: DatasetSummary[];
  dataset: DatasetSummary | undefined;
  rows: DatasetRows;
  setDatasetId(id: string): void;
  /** True while diagram edits have not reached main (jobs would read the previous version). */
  unsynced: boolean;
}

const noDatasets: DatasetSummary[] = [];

/** The dataset of the active diagram's latest training run, if any. */
function trainedOn(state: StudioState): string | undefined {
  return latestTrainingRun(state.runs, state.activeDiagramId, (run) => run.datasetId !== '')?.datasetId;
}

/** The Generate view's model, or the reason there is none (no diagram, or one that does not compile). */
export function useGenerateModel(): GenerateModel | { reason: string } {
  const compiled = useStudio(activeCompiled);
  const allDatasets = useStudio((s) => s.project?.datasets ?? noDatasets);
  const lastTrainedOn = useStudio(trainedOn);
  const unsynced = useStudio((s) => s.unsynced);
  const [chosenId, setDatasetId] = useState<string | undefined>();
  const model = compiled?.result.ok ? compiled.result.model : undefined;
  const visibleCount = model?.visibleIndices.length ?? -1;
  const datasets = allDatasets.filter((d) => d.width === visibleCount);
  // Unless chosen: the data it was last trained on, else the best fit (width, then image shape).
  const proposedId = model ? proposedDataset(datasets, dataTarget(model), lastTrainedOn) : '';
  const dataset = datasets.find((d) => d.id === chosenId) ?? datasets.find((d) => d.id === proposedId);
  const rows = useDatasetRows(dataset);
  useEffect(() => setDatasetId(undefined), [compiled?.diagram.id]);

  if (!compiled) return { reason: 'Open or create a diagram to generate from it.' };
  if (!model) return { reason: 'The diagram does not compile; fix the problems listed in the side panel first.' };
  if (model.visibleIndices.length === 0) return { reason: 'The model has no visible units to show.' };
  return { diagramId: compiled.diagram.id, model, shape: visibleShape(model, dataset), datasets, dataset, rows, setDatasetId, unsynced };
}
