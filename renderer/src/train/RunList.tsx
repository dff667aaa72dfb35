import type { RunStatus } from '../../../main/api/contract';
import { useStudio } from '../app/StudioContext';
import type { RunsState } from '../store/runs';
import { finalKl } from '../store/runs';

const STATUS_TEXT: Record<RunStatus, string> = {
  queued: '◷ queued',
  running: '▶ running',
  paused: '⏸ paused',
  completed: '✓ completed',
  failed: '✖ failed',
  cancelled: '■ stopped',
  interrupted: '⚠ interrupted',
};

interface RunListProps {
  selectedRunId: string | undefined;
  onSelect(runId: string): void;
}

const selectRuns = (s: { runs: RunsState }) => s.runs;

/** The project's runs, newest first: status, algorithm, epochs and final KL; clicking one shows its chart. */
export function RunList({ selectedRunId, onSelect }: RunListProps) {
  const runs = useStudio(selectRuns);
  const diagrams = useStudio((s) => s.doc.diagrams);
  const ids = [...runs.order].reverse();
  if (ids.length === 0) return <p className="muted">No runs yet.</p>;
  return (
    <ol className="run-list" data-testid="run-list" aria-label="Runs">
      {ids.map((id) => {
        const run = runs.summaries[id];
        const kl = finalKl(runs, id);
        return (
          <li key={id}>
            <button
              type="button"
              className={`run-item status-${run.status}${id === selectedRunId ? ' is-selected' : ''}`}
              aria-pressed={id === selectedRunId}
              onClick={() => onSelect(id)}
              title={run.error ?? `Seed ${run.seed} · backend ${run.backend}`}
            >
              <span className="run-status">{STATUS_TEXT[run.status]}</span>
              <span className="run-algorithm">
                {run.algorithm} · {diagrams[run.diagramId]?.name ?? 'deleted diagram'}
              </span>
              <span className="run-meta">
                {run.lastStep}/{run.totalSteps} · {kl === undefined ? 'KL —' : `KL ${kl.toFixed(4)}`}
              </span>
              {run.status === 'failed' && run.error && <span className="run-error">{run.error}</span>}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
