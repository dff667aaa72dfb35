import { useServices, useStudio } from '../app/StudioContext';
import { useRunCommands } from './useRunCommands';

/** "1 m 05 s", "42 s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} m ${String(s % 60).padStart(2, '0')} s` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} m`;
}

/** "ETA 1 m 05 s", or "ETA 42 s + 3 AIS estimates" while no estimate has been timed yet (their time is not in the figure). */
export function etaText(etaSeconds: number, untimedEvaluations = 0): string {
  const eta = `ETA ${formatDuration(etaSeconds)}`;
  return untimedEvaluations > 0 ? `${eta} + ${untimedEvaluations} AIS estimate${untimedEvaluations === 1 ? '' : 's'}` : eta;
}

/** Progress of a run (step / total, ETA) with Pause/Resume and Stop while it is live; its final state afterwards. */
export function RunProgressBar({ runId, queuePlace }: { runId: string; queuePlace?: number }) {
  const { controller } = useServices();
  const commands = useRunCommands();
  const run = useStudio((s) => s.runs.summaries[runId]);
  const progress = useStudio((s) => s.runs.progress[runId]);
  if (!run) return null;
  const step = progress?.step ?? run.lastStep;
  const total = progress?.totalSteps ?? run.totalSteps;
  const fraction = total > 0 ? Math.min(1, step / total) : 0;
  const active = run.status === 'queued' || run.status === 'running' || run.status === 'paused';
  const eta =
    run.status === 'queued' ? `queued${queuePlace ? ` #${queuePlace}` : ''}` : run.status !== 'running' ? run.status : progress ? etaText(progress.etaSeconds, progress.etaUntimedEvaluations) : 'starting…';
  return (
    <div className={`run-progress status-${run.status}`} data-status={run.status}>
      <div
        className="progress-track"
        role="progressbar"
        aria-label="Training progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={step}
        data-testid="run-progress"
        data-step={step}
        data-total={total}
      >
        <div className="progress-fill" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      <div className="progress-text">
        <span data-testid="run-progress-text">
          epoch {step.toLocaleString('en-US')} / {total.toLocaleString('en-US')}
        </span>
        <span data-testid="run-eta">{eta}</span>
        {run.status === 'running' && (
          <button type="button" data-testid="pause-button" onClick={() => void commands.pause(runId)}>
            Pause
          </button>
        )}
        {run.status === 'paused' && (
          <button type="button" data-testid="resume-button" onClick={() => void commands.resume(runId)}>
            Resume
          </button>
        )}
        {active && (
          <button type="button" className="danger" data-testid="stop-button" onClick={() => void controller.cancelRun(runId)}>
            Stop
          </button>
        )}
      </div>
    </div>
  );
}
