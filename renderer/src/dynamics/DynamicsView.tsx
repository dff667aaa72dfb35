import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CompiledModel } from '../../../engine/compiler/types';
import type { TrajectoryRequest, TrajectoryResult } from '../../../main/api/contract';
import { useServices, useStudio } from '../app/StudioContext';
import { safeFileStem } from '../export/exportFile';
import { ExportMenu } from '../export/ExportMenu';
import { useDatasetRows } from '../generate/useDatasetRows';
import { activeCompiled } from '../store/compiled';
import { useTrainedState } from '../train/useTrainedState';
import { DynamicsPlayer } from './DynamicsPlayer';
import { TraceChart } from './TraceChart';
import { defaultMethod, dynamicsMethods, nodeSlices, trajectoryCsv, type DynamicsMethod } from './trajectoryFrames';
import { usePlayback } from './usePlayback';
import './dynamics.css';

interface Settings {
  method: DynamicsMethod;
  steps: number;
  temperature: number;
  update: 'async' | 'sync';
  seed: number;
  /** Dataset whose row starts the visible units, or '' for the method's own start (random, or ½ for mean field). */
  datasetId: string;
  row: number;
  /** Trace the overlaps m_µ(t) with every row of that dataset. */
  overlaps: boolean;
  /** Hold the visible units at the start row (the dynamics then infer the hidden units given it). */
  clampRow: boolean;
}

/** Most dataset rows whose overlaps a trajectory traces (main refuses more). */
const MAX_OVERLAP_ROWS = 64;

interface Outcome {
  result: TrajectoryResult;
  model: CompiledModel;
  diagramName: string;
}

const noDatasets: never[] = [];

const settingsFor = (model: CompiledModel, method: DynamicsMethod, previous?: Settings): Settings => ({
  method,
  steps: method.defaultSteps,
  temperature: method.defaultTemperature,
  update: previous?.update ?? 'async',
  seed: previous?.seed ?? 1,
  datasetId: previous?.datasetId ?? '',
  row: previous?.row ?? 1,
  overlaps: previous?.overlaps ?? true,
  // Belief networks relax towards the posterior given the visible units; energy models usually run free.
  clampRow: previous?.clampRow ?? model.type === 'belief',
});

/**
 * Dynamics: relaxation or sampling of the active diagram's model recorded frame by frame (probe:trajectory), played back
 * on the canvas — each layer's thumbnail shows its units' states or mean-field values — beside a trace of the energy,
 * free energy, bound or Lyapunov function with a marker at the frame shown.
 */
export function DynamicsView() {
  const { api, live } = useServices();
  const compiled = useStudio(activeCompiled);
  const unsynced = useStudio((s) => s.unsynced);
  const allDatasets = useStudio((s) => s.project?.datasets ?? noDatasets);
  const trained = useTrainedState();
  const model = compiled?.result.ok ? compiled.result.model : undefined;
  const diagramId = compiled?.diagram.id;
  const [settings, setSettings] = useState<Settings | undefined>();
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const chart = useRef<SVGSVGElement>(null);
  const playback = usePlayback(outcome?.result.frames.length ?? 0, outcome);

  const familyKey = model ? `${diagramId}:${model.type}` : undefined;
  // A trajectory that comes back after the diagram changed is dropped (its units would not match).
  const currentKey = useRef(familyKey);
  currentKey.current = familyKey;
  useEffect(() => {
    setSettings((previous) => (model ? settingsFor(model, defaultMethod(model), previous && { ...previous, clampRow: model.type === 'belief' }) : undefined));
    setOutcome(undefined);
    setError(undefined);
    live.clear();
    // Keyed on the diagram and its family only, so that training (new parameters) keeps the settings.
  }, [familyKey, live]);
  useEffect(() => () => live.clear(), [live]);

  const visibleCount = model?.visibleIndices.length ?? -1;
  const datasets = useMemo(() => allDatasets.filter((d) => d.width === visibleCount), [allDatasets, visibleCount]);
  const dataset = datasets.find((d) => d.id === settings?.datasetId);
  const rows = useDatasetRows(dataset);

  const frame = outcome?.result.frames[playback.frame];
  useEffect(() => {
    if (!outcome || !frame) return;
    for (const slice of nodeSlices(outcome.model, frame.values)) live.set(slice.nodeId, slice.values);
  }, [outcome, frame, live]);

  const csv = useCallback(() => (outcome ? trajectoryCsv(outcome.model, outcome.result) : ''), [outcome]);
  const getSvg = useCallback(() => chart.current, []);

  if (!compiled) return <Message text="Open or create a diagram to watch its dynamics." />;
  if (!model) return <Message text="The diagram does not compile; fix the problems listed in the side panel first." />;
  if (!settings) return <Message text="Preparing…" />;
  const methods = dynamicsMethods(model);
  const method = settings.method;
  const untrained = trained.kind === 'untrained';
  const startRow = dataset ? rows.rows[settings.row - 1] : undefined;
  const traceOverlaps = !!dataset && settings.overlaps && rows.rows.length > 0 && rows.rows.length <= MAX_OVERLAP_ROWS;
  const rowProblem = dataset && !startRow ? `Row ${settings.row} is not among the ${rows.rows.length} rows read from ${dataset.name}.` : undefined;
  const update = (patch: Partial<Settings>) => setSettings((s) => (s ? { ...s, ...patch } : s));

  const run = async () => {
    if (!diagramId) return;
    setRunning(true);
    setError(undefined);
    const request: TrajectoryRequest = {
      diagramId,
      method: method.id,
      steps: settings.steps,
      seed: settings.seed,
      ...(method.temperature ? { temperature: settings.temperature } : {}),
      ...(method.id === 'hopfield' ? { hopfieldUpdate: settings.update } : {}),
      ...(startRow ? (settings.clampRow ? { clamp: bitsOf(startRow) } : { start: bitsOf(startRow) }) : {}),
      ...(traceOverlaps ? { patterns: rows.rows.map(bitsOf) } : {}),
    };
    const runModel = model;
    const runKey = familyKey;
    const result = await api.call('probe:trajectory', request);
    setRunning(false);
    if (currentKey.current !== runKey) return;
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setOutcome({ result: result.value, model: runModel, diagramName: compiled.diagram.name });
  };

  const stepsValid = Number.isInteger(settings.steps) && settings.steps >= 1 && settings.steps <= 10_000;
  const temperatureValid = !method.temperature || (Number.isFinite(settings.temperature) && settings.temperature >= method.minTemperature);
  const canRun = !running && !untrained && !unsynced && stepsValid && temperatureValid && !rowProblem;
  const fileStem = `${safeFileStem(outcome?.diagramName ?? 'diagram', 'diagram')}-${outcome?.result.method ?? 'dynamics'}`;

  return (
    <div className="dyn-view" data-testid="dynamics-view">
      <div className="dyn-controls">
        <div className="field dyn-field">
          <label htmlFor="dynamics-method">Method</label>
          <select id="dynamics-method" data-testid="dynamics-method" value={method.id} onChange={(e) => setSettings(settingsFor(model, methods.find((m) => m.id === e.target.value)!, settings))}>
            {methods.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </div>
        <NumberField id="dynamics-steps" label={method.id === 'gibbs' || method.id === 'hopfield' ? 'Sweeps' : 'Iterations'} value={settings.steps} invalid={!stepsValid} onChange={(steps) => update({ steps })} />
        {method.temperature && (
          <NumberField
            id="dynamics-temperature"
            label={method.id === 'hopfield' ? 'Temperature (0 = deterministic)' : 'Temperature T'}
            value={settings.temperature}
            step={0.1}
            invalid={!temperatureValid}
            onChange={(temperature) => update({ temperature })}
          />
        )}
        {method.id === 'hopfield' && (
          <div className="field dyn-field">
            <label htmlFor="dynamics-update">Updates</label>
            <select id="dynamics-update" data-testid="dynamics-update" value={settings.update} onChange={(e) => update({ update: e.target.value as 'async' | 'sync' })}>
              <option value="async">one unit at a time</option>
              <option value="sync" disabled={settings.temperature > 0}>
                all at once (T = 0)
              </option>
            </select>
          </div>
        )}
        <NumberField id="dynamics-seed" label="Seed" value={settings.seed} onChange={(seed) => update({ seed })} />
        <div className="field dyn-field">
          <label htmlFor="dynamics-start">Start</label>
          <select id="dynamics-start" data-testid="dynamics-start" value={settings.datasetId} onChange={(e) => update({ datasetId: e.target.value })}>
            <option value="">{method.id === 'meanfield' ? 'means at ½' : method.id === 'attractor' ? 'top-down pass' : 'random state'}</option>
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                a row of {d.name}
              </option>
            ))}
          </select>
        </div>
        {dataset && <NumberField id="dynamics-start-row" label={`Row (1–${rows.rows.length})`} value={settings.row} invalid={!!rowProblem} onChange={(row) => update({ row })} />}
        {dataset && (
          <label className="dyn-check" title="Hold the visible units at the row while the hidden units move">
            <input type="checkbox" data-testid="dynamics-clamp" checked={settings.clampRow} onChange={(e) => update({ clampRow: e.target.checked })} />
            hold the visible units
          </label>
        )}
        {dataset && rows.rows.length <= MAX_OVERLAP_ROWS && (
          <label className="dyn-check" title="Overlaps m_µ(t) = (1/N) Σ_i s_i ξ_i^µ of the visible units with each row (±1 form)">
            <input type="checkbox" data-testid="dynamics-overlaps" checked={settings.overlaps} onChange={(e) => update({ overlaps: e.target.checked })} />
            overlaps with its {rows.rows.length} rows
          </label>
        )}
        <button type="button" className="primary dyn-run" data-testid="dynamics-run" disabled={!canRun} onClick={() => void run()}>
          {running ? 'Running…' : 'Run'}
        </button>
      </div>
      {untrained && (
        <p className="hint" data-testid="dynamics-untrained">
          The diagram has no parameters yet: train it in the Train panel first — the dynamics run on its trained weights.
        </p>
      )}
      {unsynced && !untrained && <p className="hint">Saving edits…</p>}
      {rowProblem && <p className="hint bad">{rowProblem}</p>}
      {error && (
        <p className="hint bad" role="alert" data-testid="dynamics-error">
          {error}
        </p>
      )}
      {outcome && (
        <div className="dyn-result">
          <DynamicsPlayer result={outcome.result} playback={playback} />
          <div className="dyn-chart">
            <TraceChart ref={chart} result={outcome.result} frame={playback.frame} onSeek={playback.seek} />
            <ExportMenu fileStem={fileStem} getSvg={getSvg} csv={csv} />
          </div>
        </div>
      )}
    </div>
  );
}

const bitsOf = (row: string): (0 | 1)[] => Array.from(row, (c) => (c === '1' ? 1 : 0));

function Message({ text }: { text: string }) {
  return (
    <div className="dyn-view" data-testid="dynamics-view">
      <p className="hint">{text}</p>
    </div>
  );
}

interface NumberFieldProps {
  id: string;
  label: string;
  value: number;
  step?: number;
  invalid?: boolean;
  onChange(value: number): void;
}

function NumberField({ id, label, value, step, invalid, onChange }: NumberFieldProps) {
  return (
    <div className="field dyn-field">
      <label htmlFor={id}>{label}</label>
      <input id={id} data-testid={id} type="number" value={Number.isFinite(value) ? value : ''} step={step ?? 1} aria-invalid={invalid || undefined} onChange={(e) => onChange(e.target.valueAsNumber)} />
    </div>
  );
}
