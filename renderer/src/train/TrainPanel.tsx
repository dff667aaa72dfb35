import { useEffect, useRef, useState } from 'react';
import { useStudio } from '../app/StudioContext';
import type { StudioState } from '../store/state';
import { finalKl, isActive } from '../store/runs';
import { KlChart } from './KlChart';
import { RunList } from './RunList';
import { RunProgressBar } from './RunProgressBar';
import { TrainForm } from './TrainForm';
import { activeStructure } from '../store/compiled';

/** The newest run of the active diagram, and whether it is still going. */
function latestRunOfActive(state: StudioState): string | undefined {
  const { order, summaries } = state.runs;
  for (let i = order.length - 1; i >= 0; i--) if (summaries[order[i]].diagramId === state.activeDiagramId) return order[i];
  return undefined;
}

/** The run's latest KL; subscribed on its own so progress events re-render only this line, not the panel. */
function LatestKl({ runId }: { runId: string }) {
  const kl = useStudio((s) => finalKl(s.runs, runId));
  return <strong data-testid="kl-value">{kl === undefined ? 'KL —' : `KL ${kl.toFixed(4)}`}</strong>;
}

/** Train panel: the form, the progress of the current run, the live KL chart and the run list. */
export function TrainPanel() {
  const latestRunId = useStudio(latestRunOfActive);
  const latestActive = useStudio((s) => (latestRunId ? isActive(s.runs.summaries[latestRunId]) : false));
  const theme = useStudio((s) => s.theme);
  // The encoding picks the algorithm defaults (0/1 units need larger steps), so changing it starts a fresh form.
  const formKey = useStudio((s) => `${s.docEpoch}:${s.activeDiagramId}:${activeStructure(s)?.settings.encoding}`);
  const [chosenRunId, setChosenRunId] = useState<string | undefined>();
  const runExists = useStudio((s) => (chosenRunId ? s.runs.summaries[chosenRunId] !== undefined : false));
  const shownRunId = latestActive || !runExists ? latestRunId : chosenRunId;
  const liveBlock = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (latestActive) liveBlock.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }, [latestActive]);

  return (
    <section className="card" aria-labelledby="train-heading">
      <h2 className="panel-heading" id="train-heading">
        Train
      </h2>
      <TrainForm key={formKey} busy={latestActive} />
      <div ref={liveBlock}>
        {latestRunId && <RunProgressBar runId={latestRunId} />}
        {shownRunId && (
          <div className="chart-block">
            <div className="chart-header">
              <span>KL(data‖model) per epoch</span>
              <LatestKl runId={shownRunId} />
            </div>
            <KlChart runId={shownRunId} theme={theme} />
          </div>
        )}
      </div>
      <h3 className="sub-heading">Runs</h3>
      <RunList selectedRunId={shownRunId} onSelect={setChosenRunId} />
    </section>
  );
}
