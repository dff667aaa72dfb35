import { useState } from 'react';
import type { RunStatus, RunSummary } from '../../../main/api/contract';
import { useStudio } from '../app/StudioContext';
import type { RunsState } from '../store/runs';
import { formatDuration } from './RunProgressBar';
import { finalFigures, formatFigure, queuePositions } from './runFigures';
import { RunNote } from './RunNote';
import { RunReportButton } from '../export/RunReportButton';
import { useRunCommands } from './useRunCommands';

export const STATUS_TEXT: Record<RunStatus, string> = {
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

/** "14:05:32" today, "3 Nov 14:05" otherwise. */
function startedText(ms: number): string {
  const date = new Date(ms);
  const today = new Date().toDateString() === date.toDateString();
  return today ? date.toLocaleTimeString('en-GB') : date.toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/** "seed 7 · learningRate 0.05 · …": the run's seed and settings. */
function settingsText(run: RunSummary): string {
  return [`seed ${run.seed}`, ...Object.entries(run.config).map(([key, value]) => `${key} ${String(value)}`)].join(' · ');
}

/** One run: status (queue place), kind and algorithm, duration, backend, final figures, start, parent; select, delete, note. */
function RunRow({ run, runs, selected, queuePlace, onSelect }: { run: RunSummary; runs: RunsState; selected: boolean; queuePlace?: number; onSelect(): void }) {
  // Numbered in start order, as the Charts view labels runs.
  const number = runs.order.indexOf(run.id) + 1;
  const diagramName = useStudio((s) => s.doc.diagrams[run.diagramId]?.name ?? 'deleted diagram');
  const commands = useRunCommands();
  const live = runs.progress[run.id];
  const figures = finalFigures(runs, run);
  const finished = !['queued', 'running', 'paused'].includes(run.status);
  const readOnly = useStudio((s) => s.project?.readOnly ?? false);
  return (
    <li className={`run-item status-${run.status}${selected ? ' is-selected' : ''}`} data-testid="run-row" data-run-id={run.id} data-status={run.status}>
      <button type="button" className="run-select" aria-pressed={selected} onClick={onSelect} title={run.error ?? settingsText(run)}>
        <span className="run-status" data-testid="run-status">
          {STATUS_TEXT[run.status]}
          {queuePlace !== undefined && ` #${queuePlace}`}
        </span>
        <span className="run-algorithm">
          #{number} <span data-testid="run-kind">{run.kind}</span> · {run.algorithm} · {diagramName}
        </span>
        <span className="run-meta">
          {run.kind === 'train' ? `epoch ${(live?.step ?? run.lastStep).toLocaleString('en-US')}/${run.totalSteps.toLocaleString('en-US')} · ` : ''}
          <span data-testid="run-duration">{formatDuration(live?.activeSeconds ?? run.activeSeconds)}</span> · <span data-testid="run-backend">{run.backend}</span>
        </span>
        <span className="run-figures" data-testid="run-figures">
          {figures.length === 0 ? '—' : figures.map((f) => `${f.label} ${formatFigure(f.value)}`).join(' · ')}
        </span>
        <span className="run-started">
          started {startedText(run.startedAt)}
          {run.parent && ` · from ${run.parent.runId.slice(-6)} @ ${run.parent.step}`}
        </span>
        {run.status === 'failed' && run.error && <span className="run-error">{run.error}</span>}
      </button>
      <div className="run-actions">
        <RunNote runId={run.id} />
        <RunReportButton runId={run.id} />
        <button type="button" className="small danger" data-testid="run-delete" disabled={!finished || readOnly} title={readOnly ? 'The project is open read-only' : finished ? 'Delete this run with its metrics, checkpoints and outputs' : 'Stop the run before deleting it'} onClick={() => void commands.remove(run.id)}>
          Delete
        </button>
      </div>
    </li>
  );
}

/** The project's runs, newest first (this diagram's or all), each selectable, deletable and with its note. */
export function RunList({ selectedRunId, onSelect }: RunListProps) {
  const runs = useStudio(selectRuns);
  const activeDiagramId = useStudio((s) => s.activeDiagramId);
  const [scope, setScope] = useState<'diagram' | 'all'>('all');
  const ids = [...runs.order].reverse().filter((id) => scope === 'all' || runs.summaries[id].diagramId === activeDiagramId);
  const places = queuePositions(runs);
  return (
    <div className="run-list-block">
      <div className="run-list-filter" role="radiogroup" aria-label="Which runs">
        <label>
          <input type="radio" name="run-scope" data-testid="run-filter-all" checked={scope === 'all'} onChange={() => setScope('all')} /> All diagrams
        </label>
        <label>
          <input type="radio" name="run-scope" data-testid="run-filter-diagram" checked={scope === 'diagram'} onChange={() => setScope('diagram')} /> This diagram
        </label>
      </div>
      {ids.length === 0 ? (
        <p className="muted">No runs yet.</p>
      ) : (
        <ol className="run-list" data-testid="run-list" aria-label="Runs">
          {ids.map((id) => (
            <RunRow key={id} run={runs.summaries[id]} runs={runs} selected={id === selectedRunId} queuePlace={places[id]} onSelect={() => onSelect(id)} />
          ))}
        </ol>
      )}
    </div>
  );
}
