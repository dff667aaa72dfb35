import { memo } from 'react';
import { useStudio } from '../app/StudioContext';

/** A training run as the picker lists it: colour and label stay fixed for the run's lifetime. */
export interface PickerRun {
  id: string;
  label: string;
  colour: string;
  ofActiveDiagram: boolean;
}

const STATUS_MARK: Record<string, string> = { queued: '◷', running: '▶', paused: '⏸', completed: '✓', failed: '✖', cancelled: '■', interrupted: '⚠' };

function RunStatus({ runId }: { runId: string }) {
  const status = useStudio((s) => s.runs.summaries[runId]?.status ?? '');
  return (
    <span className="charts-run-status" title={status}>
      {STATUS_MARK[status] ?? ''}
    </span>
  );
}

/** Checkbox list of the project's training runs (the active diagram's first), each with its chart colour; selectedKey: ticked ids joined by commas. */
export const RunPicker = memo(function RunPicker({ runs, selectedKey, onToggle }: { runs: PickerRun[]; selectedKey: string; onToggle(id: string): void }) {
  const selected = selectedKey.split(',');
  return (
    <fieldset className="charts-runs" data-testid="chart-runs">
      <legend>Runs</legend>
      {runs.map((run) => (
        <label key={run.id} className={run.ofActiveDiagram ? 'of-active' : undefined}>
          <input type="checkbox" data-testid={`chart-run-${run.id}`} checked={selected.includes(run.id)} onChange={() => onToggle(run.id)} />
          <span className="charts-swatch" style={{ background: run.colour }} />
          <span className="charts-run-label">{run.label}</span>
          <RunStatus runId={run.id} />
        </label>
      ))}
    </fieldset>
  );
});
