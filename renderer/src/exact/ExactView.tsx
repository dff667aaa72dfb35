import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CompiledModel } from '../../../engine/compiler/types';
import type { DatasetSummary, ExactTableResult } from '../../../main/api/contract';
import { useStudio } from '../app/StudioContext';
import { safeFileStem } from '../export/exportFile';
import { ExportMenu } from '../export/ExportMenu';
import { visibleShape } from '../generate/visibleGrid';
import { activeCompiled } from '../store/compiled';
import type { StudioState } from '../store/state';
import { ExactBars } from './ExactBars';
import { chartPatterns, statesCsv, visibleCsv } from './exactRows';
import { StateTable } from './StateTable';
import { useExactTable } from './useExactTable';
import './exact.css';
import { latestTrainingRun } from '../store/runs';
import { dataTarget, proposedDataset } from '../train/datasetProposal';

/** Most patterns the bar chart draws (the most probable under model or data). */
const CHART_PATTERNS = 48;
const noDatasets: DatasetSummary[] = [];
const NO_DATA = '';

/** The dataset of the active diagram's latest training run, if any. */
function trainedOn(state: StudioState): string | undefined {
  return latestTrainingRun(state.runs, state.activeDiagramId, (run) => run.datasetId !== '')?.datasetId;
}

/**
 * Small models, exactly: every state with its energy and probability, P_data(v) beside P_model(v) as bars, and
 * KL(P_data‖P_model), computed by main's probe worker from the active diagram's stored parameters.
 */
export function ExactView() {
  const compiled = useStudio(activeCompiled);
  const allDatasets = useStudio((s) => s.project?.datasets ?? noDatasets);
  const lastTrainedOn = useStudio(trainedOn);
  const [chosen, setChosen] = useState<string | undefined>();
  const diagramId = compiled?.diagram.id ?? null;
  useEffect(() => setChosen(undefined), [diagramId]);
  const model = compiled?.result.ok ? compiled.result.model : undefined;
  const visibleCount = model?.visibleIndices.length ?? -1;
  const datasets = useMemo(() => allDatasets.filter((d) => d.width === visibleCount), [allDatasets, visibleCount]);
  // Unless chosen: the data it was last trained on, else the best fit (width, then image shape).
  const proposedId = useMemo(() => (model ? proposedDataset(datasets, dataTarget(model), lastTrainedOn) : ''), [datasets, model, lastTrainedOn]);
  const dataset = chosen === NO_DATA ? undefined : (datasets.find((d) => d.id === chosen) ?? datasets.find((d) => d.id === proposedId));
  const { state, outdated, waitsForRequest, refresh } = useExactTable(diagramId, model, dataset?.id);

  if (!compiled) return <p className="hint">Open or create a diagram to enumerate its states.</p>;
  if (!model) return <p className="hint">The diagram does not compile; fix the problems listed in the side panel first.</p>;
  const table = state.status === 'ready' ? state.table : state.status === 'loading' ? state.previous : undefined;
  return (
    <div className="exact-view" data-testid="exact-view">
      <div className="exact-toolbar">
        <label>
          Data{' '}
          <select data-testid="exact-dataset" value={dataset?.id ?? NO_DATA} onChange={(e) => setChosen(e.target.value)}>
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} ({d.rowCount} rows)
              </option>
            ))}
            <option value={NO_DATA}>none (model only)</option>
          </select>
        </label>
        <button type="button" data-testid="exact-refresh" className={waitsForRequest && state.status !== 'loading' ? 'primary' : undefined} disabled={state.status === 'loading'} onClick={refresh}>
          {waitsForRequest ? 'Enumerate' : 'Refresh'}
        </button>
        <span className="exact-status" data-testid="exact-status">
          {state.status === 'loading' ? 'Enumerating…' : state.status === 'ready' ? `${state.seconds.toFixed(2)} s` : ''}
        </span>
        {datasets.length === 0 && <span className="hint">No dataset has {visibleCount} columns: the model distribution is shown alone.</span>}
      </div>
      {waitsForRequest && state.status !== 'loading' && (state.status === 'idle' || outdated) && (
        <p className="hint" role="status" data-testid="exact-ask">
          {state.status === 'idle' ? '' : 'The model or the data changed since this table was computed. '}
          {model.unitCount} units: enumerating all 2^{model.unitCount} = {(2 ** model.unitCount).toLocaleString('en-US')} states takes seconds to a
          minute, and dynamics or completion requests wait meanwhile. Press Enumerate to compute the table.
        </p>
      )}
      {state.status === 'refused' && (
        <p className="exact-message" role="status" data-testid="exact-message">
          {state.message}
        </p>
      )}
      {table && <ExactFigures table={table} model={model} dataset={dataset} stale={state.status === 'loading'} fileStem={compiled.diagram.name} />}
    </div>
  );
}

interface ExactFiguresProps {
  table: ExactTableResult;
  model: CompiledModel;
  dataset: DatasetSummary | undefined;
  stale: boolean;
  fileStem: string;
}

/** The figures of one table: KL and ln Z, the bar chart and the state table, each with its export menu. */
function ExactFigures({ table, model, dataset, stale, fileStem }: ExactFiguresProps) {
  const barsRef = useRef<SVGSVGElement>(null);
  const withData = table.kl !== undefined;
  const patterns = useMemo(() => chartPatterns(table.visible, CHART_PATTERNS), [table]);
  const shape = visibleShape(model, dataset);
  const stem = safeFileStem(fileStem, 'model');
  const getSvg = useCallback(() => barsRef.current, []);
  const belief = model.type === 'belief';
  const hiddenPatterns = table.visible.length - patterns.length + (2 ** table.visibleIndices.length - table.visible.length);
  return (
    <div className={stale ? 'exact-figures stale' : 'exact-figures'}>
      <div className="exact-figures-head">
        {withData ? (
          <span className="exact-kl" data-testid="exact-kl" data-value={table.kl}>
            KL(P<sub>data</sub>‖P<sub>model</sub>) = <strong>{table.kl!.toFixed(5)}</strong> nats
          </span>
        ) : (
          <span className="exact-kl muted" data-testid="exact-kl">
            KL needs a dataset as wide as the visible layer
          </span>
        )}
        {!belief && (
          <span className="exact-figure" data-testid="exact-logz" data-value={table.logPartition}>
            ln Z = {table.logPartition.toFixed(5)}
          </span>
        )}
        <span className="exact-figure">{`${table.totalStates.toLocaleString('en-US')} states (${table.unitNames.length} units, ${table.visibleIndices.length} visible)`}</span>
      </div>
      <div className="exact-panes">
        <section className="exact-card">
          <header>
            <h4>{withData ? `P_data(v) and P_model(v) on ${dataset?.name ?? 'the data'}` : 'P_model(v)'}</h4>
            <ExportMenu fileStem={`${stem}-visible-distribution`} getSvg={getSvg} csv={() => visibleCsv(table)} />
          </header>
          <div className="exact-bars-scroll">
            <ExactBars ref={barsRef} rows={patterns} shape={shape} hiddenCount={hiddenPatterns} withData={withData} />
          </div>
        </section>
        <section className="exact-card exact-states">
          <header>
            <h4>{belief ? 'All states: P(s) = Π P(s_i | parents)' : 'All states: P(s) = exp(−H(s)) / Z'}</h4>
            <ExportMenu fileStem={`${stem}-states`} csv={() => statesCsv(table)} />
          </header>
          <StateTable table={table} encoding={belief ? 'binary01' : model.encoding} energyLabel={belief ? '−ln P(s)' : 'H(s)'} />
        </section>
      </div>
    </div>
  );
}
