import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import './train.css';
import { useServices, useStudio } from '../app/StudioContext';
import { compileStructure } from '../store/compiled';
import type { DatasetSummary } from '../../../main/api/contract';
import type { StudioState } from '../store/state';
import { AnnealingPlot } from './AnnealingPlot';
import { annealingPlan, ANNEALING_KEYS } from './annealing';
import { datasetMapping } from './datasetMapping';
import { DatasetMappingTable } from './DatasetMappingTable';
import { HyperparameterFields } from './HyperparameterFields';
import { START_RUN_EVENT } from './startRunEvent';
import { useAlgorithms } from './useAlgorithms';
import { chosenValues, defaultAlgorithm, modelFamily, proposedValues, rememberedValues, withDataset } from './algorithmDefaults';
import { useKeptChoice } from './useKeptChoice';
import { dataTarget, datasetAfterChange, proposedDataset } from './datasetProposal';
import { effectiveChoice, StartFrom, type StartChoice } from './StartFrom';
import { latestTrainingRun } from '../store/runs';
import { blockingReason, defaultsFor, validateValues, withProposal, type TrainFormValues } from './trainForm';

const noDatasets: never[] = [];

const compiledOf = (state: StudioState, diagramId: string) => {
  const structure = state.doc.diagrams[diagramId];
  return structure ? compileStructure(structure, state.parameters[diagramId]) : undefined;
};

/**
 * Diagram, dataset (with its column mapping checked), algorithm, epochs, hyperparameters, annealing schedule and seed;
 * Start queues a run (disabled with the reason while it cannot). Ctrl/⌘+Enter starts too.
 */
export function TrainForm({ rememberLastRun = true }: { rememberLastRun?: boolean }) {
  const activeDiagramId = useStudio((s) => s.activeDiagramId ?? '');
  const diagramOrder = useStudio((s) => s.doc.order);
  const diagramNames = useStudio((s) => s.doc.order.map((id) => s.doc.diagrams[id]?.name ?? id).join('\u0000'));
  const [diagramId, setDiagramId] = useState(activeDiagramId);
  const chosenId = diagramOrder.includes(diagramId) ? diagramId : activeDiagramId;
  const names = diagramNames.split('\u0000');
  const diagramSelect = (
    <div className="field">
      <label htmlFor="train-diagram">Diagram</label>
      <select id="train-diagram" data-testid="diagram-select" value={chosenId} onChange={(e) => setDiagramId(e.target.value)}>
        {diagramOrder.map((id, k) => (
          <option key={id} value={id}>
            {names[k]}
            {id === activeDiagramId ? ' (open)' : ''}
          </option>
        ))}
      </select>
    </div>
  );
  // Another diagram may take other algorithms and defaults (its encoding, its size): a fresh form for each.
  return <RunSettings key={chosenId} diagramId={chosenId} diagramSelect={diagramSelect} rememberLastRun={rememberLastRun} />;
}

/** Rows of `datasetId` (the proposal's measure of its size; test rows included), or undefined while it is unknown. */
function trainingRowsOf(datasets: readonly DatasetSummary[], datasetId: string): number | undefined {
  return datasets.find((d) => d.id === datasetId)?.rowCount;
}

/** The form's settings for one diagram, below its diagram select; `rememberLastRun`: propose its latest run's choice. */
function RunSettings({ diagramId, diagramSelect, rememberLastRun }: { diagramId: string; diagramSelect: ReactNode; rememberLastRun: boolean }) {
  const { controller, store } = useServices();
  const compiled = useStudio((s) => compiledOf(s, diagramId));
  const datasets = useStudio((s) => s.project?.datasets ?? noDatasets);
  const readOnly = useStudio((s) => s.project?.readOnly ?? false);
  const model = compiled?.result.ok ? compiled.result.model : undefined;
  const algorithms = useAlgorithms(model ? compiled?.diagram : undefined);
  const visibleCount = model?.visibleIndices.length;
  const target = useMemo(() => (model ? dataTarget(model) : undefined), [model]);
  const [values, setValues] = useState<TrainFormValues>(() =>
    defaultsFor(undefined, proposedDataset(datasets, target, latestTrainingRun(store.getState().runs, diagramId)?.datasetId)),
  );
  const [startChoice, setStartChoice] = useState<StartChoice>('fresh');
  const kept = useKeptChoice(diagramId);
  const choice = useStudio((s) => effectiveChoice(s, diagramId, startChoice));

  // Once main's list arrives (or the chosen algorithm is no longer offered): the diagram's last choice, else the family's learner.
  const algorithm = algorithms.find((a) => a.name === values.algorithm);
  // The dataset effect below reads the algorithm of the moment without re-running when only it changes.
  const algorithmRef = useRef(algorithm);
  algorithmRef.current = algorithm;
  useEffect(() => {
    if (algorithm || algorithms.length === 0 || !model) return;
    const state = store.getState();
    const last = rememberLastRun ? latestTrainingRun(state.runs, diagramId) : undefined;
    const keptChoice = rememberLastRun ? state.project?.trainChoices?.[diagramId] : undefined;
    const datasetIds = datasets.map((d) => d.id);
    setValues((v) => withProposal(v, chosenValues(keptChoice, algorithms, v.datasetId, datasetIds) ?? rememberedValues(last, algorithms, v.datasetId) ?? proposedValues(defaultAlgorithm(modelFamily(model), algorithms), v.datasetId, v.seed, trainingRowsOf(datasets, v.datasetId))));
  }, [algorithm, algorithms, model, store, diagramId, rememberLastRun, datasets]);

  // A dataset just generated or imported that fits is taken; one that is gone or no longer fits the model gives way to one that does.
  const targetKey = target ? `${target.visibleCount}:${target.imageShape ? `${target.imageShape.rows}x${target.imageShape.cols}` : ''}` : '';
  const seen = useRef({ datasets, targetKey, target });
  seen.current.target = target;
  useEffect(() => {
    const previous = seen.current;
    if (previous.datasets === datasets && previous.targetKey === targetKey && datasets.some((d) => d.id === values.datasetId)) return;
    const next = datasetAfterChange(previous.datasets, datasets, values.datasetId, previous.target);
    seen.current = { datasets, targetKey, target: previous.target };
    if (next !== undefined) setValues((v) => withDataset(v, next, algorithmRef.current, (id) => trainingRowsOf(datasets, id)));
  }, [datasets, targetKey, values.datasetId]);

  const dataset = datasets.find((d) => d.id === values.datasetId);
  const mapping = useMemo(() => (model && dataset ? datasetMapping(model, dataset) : undefined), [model, dataset]);
  const validated = algorithm ? validateValues(values, algorithm) : undefined;
  const annealingKeys = algorithm ? ANNEALING_KEYS[algorithm.name] : undefined;
  const plan = useMemo(
    () => (algorithm && annealingKeys ? annealingPlan(algorithm.name, Object.fromEntries(annealingKeys.map((k) => [k, Number(values.config[k] ?? NaN)]))) : undefined),
    [algorithm, annealingKeys, values.config],
  );
  const init = choice === 'current' ? 'current' : 'fresh';
  const reason =
    (readOnly ? 'The project is open read-only.' : undefined) ??
    blockingReason(compiled?.result, algorithms, dataset, datasets.length) ??
    (validated && !validated.ok ? validated.reason : undefined) ??
    (choice === 'checkpoint' ? 'To start from a checkpoint, choose the run and step under “Continue from a checkpoint” below.' : undefined);

  const start = () => {
    if (reason || !validated?.ok || !compiled || !algorithm) return;
    kept.changed(values);
    kept.flush();
    void controller.startRun({
      diagramId: compiled.diagram.id,
      datasetId: values.datasetId,
      algorithm: algorithm.name,
      epochs: validated.epochs,
      seed: validated.seed,
      config: validated.config,
      init,
    });
  };
  const startRef = useRef(start);
  startRef.current = start;
  useEffect(() => {
    const onStart = () => startRef.current();
    window.addEventListener(START_RUN_EVENT, onStart);
    return () => window.removeEventListener(START_RUN_EVENT, onStart);
  }, []);
  /** A change the user made: applied, and kept in the project as the diagram's choice. */
  const edit = (update: (v: TrainFormValues) => TrainFormValues) =>
    setValues((v) => {
      const next = update(v);
      kept.changed(next);
      return next;
    });
  const set = (patch: Partial<TrainFormValues>) => edit((v) => ({ ...v, ...patch }));
  const setConfig = (key: string, value: string) => edit((v) => ({ ...v, config: { ...v.config, [key]: value } }));

  return (
    <form
      className="fields train-form"
      onSubmit={(e) => {
        e.preventDefault();
        start();
      }}
    >
      {diagramSelect}
      <div className="field">
        <label htmlFor="train-dataset">Dataset</label>
        <select id="train-dataset" data-testid="dataset-select" value={values.datasetId} onChange={(e) => edit((v) => withDataset(v, e.target.value, algorithm, (id) => trainingRowsOf(datasets, id)))}>
          {datasets.length === 0 && <option value="">(none)</option>}
          {datasets.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name} — {d.rowCount} × {d.width}
            </option>
          ))}
        </select>
        {dataset && visibleCount !== undefined && (
          <p className={`hint ${dataset.width === visibleCount ? 'ok' : 'bad'}`} data-testid="dataset-check">
            {dataset.width === visibleCount ? '✓' : '✖'} width {dataset.width} {dataset.width === visibleCount ? '=' : '≠'} {visibleCount} visible units
            {dataset.imageShape ? ` · images ${dataset.imageShape.rows}×${dataset.imageShape.cols}` : ''}
          </p>
        )}
        {mapping && <DatasetMappingTable mapping={mapping} />}
      </div>
      <div className="field">
        <label htmlFor="train-algorithm">Algorithm</label>
        <select
          id="train-algorithm"
          data-testid="algorithm-select"
          value={values.algorithm}
          disabled={algorithms.length === 0}
          onChange={(e) => edit((v) => proposedValues(algorithms.find((a) => a.name === e.target.value), v.datasetId, v.seed, trainingRowsOf(datasets, v.datasetId)))}
        >
          {algorithms.length === 0 && <option value="">(none for this model)</option>}
          {algorithms.map((a) => (
            <option key={a.name} value={a.name} title={a.description}>
              {a.label}
            </option>
          ))}
        </select>
        {algorithm && (
          <details className="algorithm-about">
            <summary>About this algorithm</summary>
            {algorithm.description}
          </details>
        )}
      </div>
      <div className="field-grid">
        <div className="field" title={`Passes over the data — default ${algorithm?.defaultEpochs ?? ''}`}>
          <label htmlFor="train-epochs">Epochs</label>
          <input id="train-epochs" data-testid="epochs-input" inputMode="numeric" value={values.epochs} onChange={(e) => set({ epochs: e.target.value })} />
        </div>
        <div className="field" title="Seeds every random draw of the run (initial weights, sampling): the same seed repeats the run">
          <label htmlFor="train-seed">Seed</label>
          <input id="train-seed" data-testid="seed-input" inputMode="numeric" value={values.seed} onChange={(e) => set({ seed: e.target.value })} />
        </div>
        {algorithm && <HyperparameterFields algorithm={algorithm} config={values.config} onChange={setConfig} exclude={annealingKeys} />}
      </div>
      <StartFrom diagramId={diagramId} seed={values.seed} value={startChoice} onChange={setStartChoice} />
      {algorithm && annealingKeys && (
        <fieldset className="annealing-editor" data-testid="annealing-editor">
          <legend>Annealing schedule</legend>
          <div className="field-grid">
            <HyperparameterFields algorithm={algorithm} config={values.config} onChange={setConfig} only={annealingKeys} />
          </div>
          {plan ? <AnnealingPlot plan={plan} /> : <p className="hint bad">Fix the annealing settings above to see the schedule.</p>}
        </fieldset>
      )}
      <button type="submit" className="primary" data-testid="train-button" disabled={reason !== undefined} title={reason ?? 'Start a run (Ctrl+Enter); beyond the free worker slots it waits in the queue'}>
        Start
      </button>
      {reason && (
        <p className="hint bad" data-testid="train-blocked-reason" role="status">
          {reason}
        </p>
      )}
    </form>
  );
}
