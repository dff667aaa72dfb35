import { useStudio } from '../app/StudioContext';
import { latestTrainingRun } from '../store/runs';
import type { StudioState } from '../store/state';

/** What the Train form's run starts from; 'checkpoint' hands over to "Continue from a checkpoint" below the form. */
export type StartChoice = 'fresh' | 'current' | 'checkpoint';

/** Event that opens "Continue from a checkpoint" and brings it into view. */
export const OPEN_RESUME_EVENT = 'attractor:open-resume-from';

/** Whether the diagram carries any trained value (weights or biases). */
export function carriesValues(state: StudioState, diagramId: string): boolean {
  const params = state.parameters[diagramId];
  return params !== undefined && Object.keys(params.weights).length + Object.keys(params.biases).length > 0;
}

/** The choice in effect: the diagram's values only while it carries some, a checkpoint only while a training run exists. */
export function effectiveChoice(state: StudioState, diagramId: string, choice: StartChoice): StartChoice {
  if (choice === 'current' && !carriesValues(state, diagramId)) return 'fresh';
  if (choice === 'checkpoint' && !state.runs.order.some((id) => state.runs.summaries[id]?.kind === 'train')) return 'fresh';
  return choice;
}

/** "…a1b2c3, epoch 500": the diagram's latest completed run, the one a run from its current values would continue. */
function latestCompletedText(state: StudioState, diagramId: string): string {
  const run = latestTrainingRun(state.runs, diagramId, (r) => r.status === 'completed');
  return run ? `${run.id.slice(-6)}\u0000${run.lastStep}` : '';
}

/**
 * The "Starts from" select: fresh initialisation drawn from the seed (the default), the diagram's current parameters
 * (offered while it carries trained values) or a checkpoint of any training run (chosen under "Continue from a checkpoint").
 */
export function StartFrom({ diagramId, seed, value, onChange }: { diagramId: string; seed: string; value: StartChoice; onChange(choice: StartChoice): void }) {
  const hasValues = useStudio((s) => carriesValues(s, diagramId));
  const [runTail, runStep] = useStudio((s) => latestCompletedText(s, diagramId)).split('\u0000');
  const hasRuns = useStudio((s) => s.runs.order.some((id) => s.runs.summaries[id]?.kind === 'train'));
  const shown = useStudio((s) => effectiveChoice(s, diagramId, value));
  return (
    <div className="field start-from">
      <label htmlFor="train-init">Starts from</label>
      <select
        id="train-init"
        data-testid="init-select"
        value={shown}
        onChange={(e) => {
          const choice = e.target.value as StartChoice;
          onChange(choice);
          if (choice === 'checkpoint') window.dispatchEvent(new Event(OPEN_RESUME_EVENT));
        }}
      >
        <option value="fresh">Fresh initialisation (seed {seed})</option>
        {hasValues && <option value="current">The diagram’s current parameters</option>}
        {hasRuns && <option value="checkpoint">A checkpoint of a run…</option>}
      </select>
      <p className="hint" data-testid="init-hint">
        {shown === 'fresh' && 'Ignores any trained values: the algorithm draws its initial parameters from the seed.'}
        {shown === 'current' &&
          (runTail
            ? `Trains on from the values the diagram holds now. While they are the final ones of run …${runTail}, the new run continues it: epochs count on from ${Number(runStep).toLocaleString('en-US')}.`
            : 'Trains on from the values the diagram holds now.')}
        {shown === 'checkpoint' && 'Choose the run and its checkpoint under “Continue from a checkpoint” below.'}
      </p>
    </div>
  );
}
