import { useStudio } from '../app/StudioContext';
import { parametersComplete } from '../store/document';
import type { StudioState } from '../store/state';

export interface TrainedState {
  kind: 'trained' | 'carried' | 'untrained' | 'training';
  text: string;
}

const untrained: TrainedState = { kind: 'untrained', text: 'Untrained: parameters are initialised when training starts' };
const carried: TrainedState = { kind: 'carried', text: 'Carries parameters' };

function trainedStateKey(state: StudioState): string {
  const id = state.activeDiagramId;
  const structure = id ? state.doc.diagrams[id] : undefined;
  if (!id || !structure) return 'untrained';
  const runs = state.runs.order.map((r) => state.runs.summaries[r]).filter((r) => r.diagramId === id && r.kind === 'train');
  const running = runs.find((r) => r.status === 'running' || r.status === 'queued');
  if (running) return 'training';
  if (!parametersComplete(structure, state.parameters[id])) return 'untrained';
  const completed = runs.filter((r) => r.status === 'completed').pop();
  return completed ? `trained:${completed.algorithm}:${completed.lastStep}` : 'carried';
}

/** Whether the active diagram is trained: it has every parameter block and its latest completed run produced them. */
export function useTrainedState(): TrainedState {
  const key = useStudio(trainedStateKey);
  if (key === 'training') return { kind: 'training', text: 'Training…' };
  if (key === 'untrained') return untrained;
  if (key === 'carried') return carried;
  const [, algorithm, steps] = key.split(':');
  return { kind: 'trained', text: `Trained (${algorithm}, ${Number(steps).toLocaleString('en-US')} epochs)` };
}
