import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DatasetSummary } from '../../../main/api/contract';
import { useServices, useStudio } from '../app/StudioContext';
import { safeFileStem } from '../export/exportFile';
import { ExportMenu } from '../export/ExportMenu';
import { DatasetSelect } from '../datasets/DatasetSelect';
import { activeCompiled } from '../store/compiled';
import { latestTrainingRun } from '../store/runs';
import { dataTarget, proposedDataset } from '../train/datasetProposal';
import { CompareChart } from './CompareChart';
import { CompareTable } from './CompareTable';
import { boundOrdering, comparableMethods, compareCsv, type CompareSummary } from './compareResult';
import { useComparisons } from './useComparisons';
import './compare.css';

/** Mixtures compared: M = 1 … this (Bishop et al. 1998 study M = 1…5). */
const MAX_COMPONENTS = 5;
const noDatasets: DatasetSummary[] = [];

/** The infer methods main offers for the stored diagram, as names; re-read when the model's shape changes. */
function useOfferedMethods(diagramId: string | undefined, shapeKey: string): string[] {
  const { api } = useServices();
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    if (!diagramId) return setNames([]);
    let live = true;
    void api.call('job:methods', { diagramId, kind: 'infer' }).then((result) => {
      if (live) setNames(result.ok ? result.value.map((m) => m.name) : []);
    });
    return () => {
      live = false;
    };
  }, [api, diagramId, shapeKey]);
  return names;
}

/** "2 of 4 methods · 63 %": the job's bar counts whole steps within each method, so the methods done follow from the share. */
function progressText(step: number, totalSteps: number, methods: number): string {
  const share = totalSteps > 0 ? Math.min(1, step / totalSteps) : 0;
  return `${Math.floor(share * methods + 1e-9)} of ${methods} methods · ${Math.round(100 * share)} %`;
}

/**
 * Compare: every inference method on the active diagram's model and one pattern set, side by side — estimates of the
 * mean ln P(V) with their errors against exact enumeration, posterior-mean errors, standard errors and times — as a
 * stored evaluate job (progress, cancel, kept in the project), with the bound ordering and a dot chart.
 */
export function CompareView() {
  const { api, store } = useServices();
  const compiled = useStudio(activeCompiled);
  const diagramId = useStudio((s) => s.activeDiagramId ?? undefined);
  const unsynced = useStudio((s) => s.unsynced);
  const allDatasets = useStudio((s) => s.project?.datasets ?? noDatasets);
  const model = compiled?.result.ok ? compiled.result.model : undefined;
  const visibleCount = model?.visibleIndices.length ?? -1;
  const datasets = useMemo(() => allDatasets.filter((d) => d.width === visibleCount), [allDatasets, visibleCount]);
  const offered = useOfferedMethods(diagramId, `${model?.type}:${model?.unitCount}:${visibleCount}:${unsynced}`);
  const methods = useMemo(() => comparableMethods(offered, MAX_COMPONENTS), [offered]);

  const [datasetId, setDatasetId] = useState<string | undefined>();
  const [unchecked, setUnchecked] = useState<ReadonlySet<string>>(new Set());
  const [seed, setSeed] = useState(1);
  const [runId, setRunId] = useState<string | undefined>();
  const [shownId, setShownId] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const chart = useRef<SVGSVGElement>(null);
  const lastTrainedOn = useStudio((s) => latestTrainingRun(s.runs, s.activeDiagramId, (run) => run.datasetId !== '')?.datasetId);
  // Unless chosen: the data it was last trained on, else the best fit (width, then image shape).
  const proposedId = useMemo(() => (model ? proposedDataset(datasets, dataTarget(model), lastTrainedOn) : ''), [datasets, model, lastTrainedOn]);
  const dataset = datasets.find((d) => d.id === datasetId) ?? datasets.find((d) => d.id === proposedId);
  const chosen = methods.filter((m) => !unchecked.has(m));

  // Primitives of the run: its summary object is replaced on every progress event and run:changed echo.
  const runStatus = useStudio((s) => (runId ? s.runs.summaries[runId]?.status : undefined));
  const runError = useStudio((s) => (runId ? s.runs.summaries[runId]?.error : undefined));
  const progress = useStudio((s) => (runId ? s.runs.progress[runId] : undefined));
  const running = runStatus === 'queued' || runStatus === 'running';
  const { comparisons, reload } = useComparisons(diagramId);
  const handledEnd = useRef<string | undefined>(undefined);

  // A finished run's comparison is shown as soon as it is listed; each run's end is handled once.
  useEffect(() => {
    if (!runId || !runStatus || runStatus === 'queued' || runStatus === 'running' || handledEnd.current === runId) return;
    handledEnd.current = runId;
    if (runStatus === 'completed') {
      void reload().then(() => setShownId(undefined));
    } else {
      setError(runStatus === 'failed' ? `The comparison failed: ${runError ?? 'no reason given'}` : `The comparison was ${runStatus}.`);
    }
  }, [runId, runStatus, runError, reload]);
  useEffect(() => {
    setShownId(undefined);
    setError(undefined);
    setRunId(undefined);
  }, [diagramId]);

  const shown = comparisons.find((c) => c.outputId === shownId) ?? comparisons[0];

  const start = useCallback(async () => {
    if (!diagramId || !dataset) return;
    setError(undefined);
    const result = await api.call('job:start', { kind: 'evaluate', method: 'compare', diagramId, datasetId: dataset.id, seed, config: { methods: chosen.join(','), maxComponents: MAX_COMPONENTS } });
    if (!result.ok) return setError(result.error.message);
    store.actions.runStarted(result.value);
    setRunId(result.value.id);
  }, [api, store, diagramId, dataset, seed, chosen]);

  const stop = useCallback(() => {
    if (runId) void api.call('run:cancel', { runId });
  }, [api, runId]);

  if (!compiled) return <p className="hint">Open or create a diagram to compare inference methods on it.</p>;
  if (!model) return <p className="hint">The diagram does not compile; fix the problems listed to compare inference methods.</p>;

  const toggle = (method: string) =>
    setUnchecked((set) => {
      const next = new Set(set);
      if (!next.delete(method)) next.add(method);
      return next;
    });
  const blocked = !dataset ? `Add a dataset of ${visibleCount} columns (one per visible unit) to compare on.` : chosen.length === 0 ? 'Choose at least one method.' : unsynced ? 'Saving the diagram…' : undefined;

  return (
    <div className="compare-view" data-testid="compare-view">
      <div className="compare-controls">
        <DatasetSelect label="Patterns" testId="compare-dataset" datasets={datasets} value={dataset?.id ?? ''} onChange={setDatasetId} />
        <label>
          Seed{' '}
          <input data-testid="compare-seed" type="number" min={0} step={1} value={seed} onChange={(e) => Number.isInteger(Number(e.target.value)) && setSeed(Number(e.target.value))} />
        </label>
        {running ? (
          <button type="button" className="danger" data-testid="compare-stop" onClick={stop}>
            Stop
          </button>
        ) : (
          <button type="button" className="primary" data-testid="compare-run" disabled={blocked !== undefined} title={blocked} onClick={() => void start()}>
            Run
          </button>
        )}
      </div>
      <fieldset className="compare-methods" aria-label="Methods">
        <span className="compare-methods-label">Methods</span>
        {methods.map((m) => (
          <label key={m} className="compare-method">
            <input type="checkbox" data-testid={`compare-method-${m}`} checked={!unchecked.has(m)} onChange={() => toggle(m)} disabled={running} />
            {m}
          </label>
        ))}
      </fieldset>
      {blocked && !running && <p className="hint">{blocked}</p>}
      {running && (
        <div className="compare-progress" data-testid="compare-progress" data-step={progress?.step ?? 0} data-total={progress?.totalSteps ?? chosen.length}>
          <progress max={progress?.totalSteps ?? chosen.length} value={progress?.step ?? 0} />
          <span>{progress ? progressText(progress.step, progress.totalSteps, chosen.length) : runStatus === 'queued' ? 'queued' : 'starting…'}</span>
        </div>
      )}
      {error && (
        <p className="compare-error" role="alert">
          {error}
        </p>
      )}
      {shown && <ComparisonResult key={shown.outputId} result={shown.result} chart={chart} />}
      {comparisons.length > 1 && (
        <div className="compare-past" data-testid="compare-past">
          <span>Earlier comparisons:</span>
          {comparisons.map((c) => (
            <button key={c.outputId} type="button" aria-pressed={c === shown} onClick={() => setShownId(c.outputId)}>
              {c.result.datasetName} · {new Date(c.createdAt).toLocaleTimeString()}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/** One comparison: the ordering line, the export menu, the chart and the table. */
function ComparisonResult({ result, chart }: { result: CompareSummary; chart: React.RefObject<SVGSVGElement | null> }) {
  const ordering = boundOrdering(result.rows);
  const title = `Inference methods on ${result.datasetName}${result.distinctPatterns ? ` (${result.distinctPatterns} distinct patterns)` : ''}`;
  return (
    <div className="compare-result">
      <div className="compare-result-header">
        {ordering ? (
          <strong className={ordering.holds ? 'ordering-holds' : 'ordering-fails'} data-testid="compare-ordering" data-holds={ordering.holds}>
            {ordering.text}
          </strong>
        ) : (
          <span className="hint" data-testid="compare-ordering">
            No lower bounds among these methods: compare the estimates with exact in the table.
          </span>
        )}
        <ExportMenu fileStem={`compare-${safeFileStem(result.datasetName, 'patterns')}`} getSvg={() => chart.current} csv={() => compareCsv(result.rows)} />
      </div>
      <div className="compare-body">
        <CompareTable rows={result.rows} />
        <CompareChart ref={chart} rows={result.rows} title={title} />
      </div>
    </div>
  );
}
