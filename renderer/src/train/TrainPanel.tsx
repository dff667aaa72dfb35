import { useEffect, useRef, useState } from 'react';
import { useStudio } from '../app/StudioContext';
import type { StudioState } from '../store/state';
import { isActive } from '../store/runs';
import { KlChart } from './KlChart';
import { RunList } from './RunList';
import { RunProgressBar } from './RunProgressBar';
import { TrainForm } from './TrainForm';

/** The newest run of the active diagram, and whether it is still going. */
function latestRunOfActive(state: StudioState): string | undefined {
  const { order, summaries } = state.runs;
  for (let i = order.length - 1; i >= 0; i--) if (summaries[order[i]].diagramId === state.activeDiagramId) return order[i];
  return undefined;
}

/** Train panel: the form, the progress of the current run, the live KL chart and the run list. */
export function TrainPanel() {
  const latestRunId = useStudio(latestRunOfActive);
  const latestActive = useStudio((s) => (latestRunId ? isActive(s.runs.summaries[latestRunId]) : false));
  const theme = useStudio((s) => s.theme);
  const formKey = useStudio((s) => `${s.docEpoch}:${s.activeDiagramId}`);
  const [chosenRunId, setChosenRunId] = useState<string | undefined>();
  const runExists = useStudio((s) => (chosenRunId ? s.runs.summaries[chosenRunId] !== undefined : false));
  const shownRunId = latestActive || !runExists ? latestRunId : chosenRunId;
  const liveBlock = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (latestActive) liveBlock.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }, [latestActive]);
  const kl = useStudio((s) => {
    const series = shownRunId ? s.runs.series[shownRunId] : undefined;
    return series && series.kl.length > 0 ? series.kl[series.kl.length - 1] : undefined;
  });

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
              <strong data-testid="kl-value">{kl === undefined ? 'KL —' : `KL ${kl.toFixed(4)}`}</strong>
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
