import { useEffect, useRef, useState } from 'react';
import { useStudio } from '../app/StudioContext';
import type { StudioState } from '../store/state';
import { isActive, latestMetric, latestTrainingRun } from '../store/runs';
import { metricDisplay } from '../charts/metricCatalog';
import { KlChart, useObjectiveMetric } from './KlChart';
import { RunList } from './RunList';
import { RunProgressBar } from './RunProgressBar';
import { ResumeFromCheckpoint } from './ResumeFromCheckpoint';
import { queuePositions } from './runFigures';
import { TrainForm } from './TrainForm';
import { activeStructure } from '../store/compiled';

/** The newest training run of the active diagram (sampling, inference and comparison jobs belong to their own views). */
function latestRunOfActive(state: StudioState): string | undefined {
  return latestTrainingRun(state.runs, state.activeDiagramId)?.id;
}

/** The run's latest objective (KL for exact runs); subscribed on its own so progress events re-render only this line, not the panel. */
function LatestKl({ runId, metric }: { runId: string; metric: string }) {
  const value = useStudio((s) => latestMetric(s.runs, runId, metric));
  const short = metricDisplay(metric).short;
  return <strong data-testid="kl-value">{value === undefined ? `${short} —` : `${short} ${value.toFixed(4)}`}</strong>;
}

/** Header and live chart of the shown run's objective. */
function ObjectiveChart({ runId, theme }: { runId: string; theme: string }) {
  const metric = useObjectiveMetric(runId) ?? 'kl';
  return (
    <div className="chart-block">
      <div className="chart-header">
        <span title={metricDisplay(metric).meaning}>{metricDisplay(metric).label} per epoch</span>
        <LatestKl runId={runId} metric={metric} />
      </div>
      <KlChart runId={runId} theme={theme} />
    </div>
  );
}

/** Train panel: the form, the progress and controls of the shown run, its live chart, continuing from a checkpoint, and the run list. */
export function TrainPanel() {
  const latestRunId = useStudio(latestRunOfActive);
  const latestActive = useStudio((s) => (latestRunId ? isActive(s.runs.summaries[latestRunId]) : false));
  const theme = useStudio((s) => s.theme);
  // The encoding picks the algorithm defaults (0/1 units need larger steps), so changing it starts a fresh form.
  const formKey = useStudio((s) => `${s.docEpoch}:${s.activeDiagramId}:${activeStructure(s)?.settings.encoding}`);
  // The last run's settings were chosen for the encoding it ran with: after a switch of encoding the form proposes afresh.
  const lastKey = useRef(formKey);
  const encodingSwitched = useRef(false);
  if (lastKey.current !== formKey) {
    const [epoch, diagram] = formKey.split(':');
    const [lastEpoch, lastDiagram] = lastKey.current.split(':');
    encodingSwitched.current = epoch === lastEpoch && diagram === lastDiagram;
    lastKey.current = formKey;
  }
  const [chosenRunId, setChosenRunId] = useState<string | undefined>();
  const runExists = useStudio((s) => (chosenRunId ? s.runs.summaries[chosenRunId] !== undefined : false));
  // A newly started run becomes the shown one; the user may then pick any other.
  useEffect(() => setChosenRunId(latestRunId), [latestRunId]);
  const shownRunId = runExists ? chosenRunId : latestRunId;
  const queuePlace = useStudio((s) => (shownRunId ? queuePositions(s.runs)[shownRunId] : undefined));
  const liveBlock = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (latestActive) liveBlock.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }, [latestActive]);

  return (
    <section className="card" aria-labelledby="train-heading">
      <h2 className="panel-heading" id="train-heading">
        Train
      </h2>
      <TrainForm key={formKey} rememberLastRun={!encodingSwitched.current} />
      <div ref={liveBlock}>
        {shownRunId && <RunProgressBar runId={shownRunId} queuePlace={queuePlace} />}
        {shownRunId && <ObjectiveChart runId={shownRunId} theme={theme} />}
      </div>
      <ResumeFromCheckpoint defaultRunId={shownRunId} />
      <h3 className="sub-heading">Runs</h3>
      <RunList selectedRunId={shownRunId} onSelect={setChosenRunId} />
    </section>
  );
}
