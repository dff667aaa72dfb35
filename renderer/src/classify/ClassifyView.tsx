import { useEffect, useMemo, useState } from 'react';
import type { ClassifyRowPart, DatasetInfo } from '../../../main/api/contract';
import { useServices, useStudio } from '../app/StudioContext';
import { DatasetSelect } from '../datasets/DatasetSelect';
import { ConfusionMatrix } from './ConfusionMatrix';
import { MisclassifiedExamples } from './MisclassifiedExamples';
import { useClassifyCheck } from './useClassifyCheck';
import { useClassifyRun, type ClassifyOutcome } from './useClassifyRun';
import './classify.css';

const ROW_PARTS: ClassifyRowPart[] = ['all', 'train', 'test'];

/**
 * Methods a joint model classifies with: AIS is left out, since each class's job would anneal to its own estimate of
 * ln Z and the classes' scores would differ by that noise rather than by the model (one Z is shared by every label).
 */
const JOINT_EXCLUDED = new Set(['ais']);

/** The project's datasets with their labels, re-read whenever main announces a change. */
function useLabelledDatasets(): DatasetInfo[] {
  const { api } = useServices();
  const announced = useStudio((s) => s.project?.datasets);
  const [datasets, setDatasets] = useState<DatasetInfo[]>([]);
  useEffect(() => {
    let live = true;
    void api.call('dataset:list').then((result) => live && result.ok && setDatasets(result.value.filter((d) => d.hasLabels)));
    return () => {
      live = false;
    };
  }, [api, announced]);
  return datasets;
}

/** "12.5 % ± 2.1 %": the error rate with its binomial standard error. */
function errorText(outcome: ClassifyOutcome): string {
  const { errorRate, standardError } = outcome.result;
  return `${(100 * errorRate).toFixed(1)} % ± ${(100 * standardError).toFixed(1)} %`;
}

/**
 * Classify: generative classification (Saul & Jordan §4; Bishop et al. 1998) with one trained diagram per class of a
 * labelled dataset. Each class model scores the chosen rows by an inference method with a per-row value (ln P(v), an
 * estimate or a bound) as a stored infer job; a row takes the best-scoring class. Shows the confusion matrix, the error
 * rate with its standard error and the misclassified rows as images.
 */
export function ClassifyView() {
  const datasets = useLabelledDatasets();
  const order = useStudio((s) => s.doc.order);
  const names = useStudio((s) => s.doc.order.map((id) => s.doc.diagrams[id]?.name ?? id).join('\u0000'));
  const diagrams = useMemo(() => order.map((id, k) => ({ id, name: names.split('\u0000')[k] })), [order, names]);
  const [datasetId, setDatasetId] = useState<string | undefined>();
  const [rows, setRows] = useState<ClassifyRowPart>('all');
  const [assigned, setAssigned] = useState<Record<number, string>>({});
  const [methodName, setMethodName] = useState<string | undefined>();
  const [components, setComponents] = useState(2);
  const [seed, setSeed] = useState(1);
  const [joint, setJoint] = useState(false);
  const [jointChoice, setJointChoice] = useState<string | undefined>();
  const dataset = datasets.find((d) => d.id === datasetId) ?? datasets[0];
  // A joint model is proposed by name ("joint", "label") else the last diagram, the one most likely drawn for it.
  const jointId = jointChoice ?? (diagrams.find((d) => /joint|label/i.test(d.name)) ?? diagrams[diagrams.length - 1])?.id ?? '';

  // Classes first (from the data alone), then the models chosen for them.
  const { check: classesCheck } = useClassifyCheck(dataset ? { diagramIds: [], datasetId: dataset.id, rows } : undefined);
  const classes = useMemo(() => classesCheck?.classes ?? [], [classesCheck]);
  const modelOf = (label: number, k: number): string => {
    if (assigned[label] !== undefined) return assigned[label];
    const named = diagrams.find((d) => d.name.toLowerCase().includes((classes[k]?.name ?? '\u0000').toLowerCase()));
    return named?.id ?? diagrams[k]?.id ?? '';
  };
  const chosen = joint
    ? classes.map((c) => ({ ...c, diagramId: jointId })).filter((c) => c.diagramId !== '')
    : classes.map((c, k) => ({ ...c, diagramId: modelOf(c.label, k) })).filter((c) => c.diagramId !== '');
  const modelIds = joint ? (jointId ? [jointId] : []) : chosen.map((c) => c.diagramId);
  const { check, error: checkError } = useClassifyCheck(dataset ? { diagramIds: modelIds, datasetId: dataset.id, rows, ...(joint ? { joint: true } : {}) } : undefined);
  const methods = (check?.methods ?? []).filter((m) => !joint || !JOINT_EXCLUDED.has(m.name));
  const method = methods.find((m) => m.name === methodName) ?? methods.find((m) => m.name === 'exact') ?? methods[0];
  const run = useClassifyRun();

  const problems = check?.problems ?? [];
  const left = joint ? [] : classes.filter((c, k) => modelOf(c.label, k) === '');
  const blocked = !dataset
    ? 'Add a dataset with labels (generate one, or import a CSV with a label column) to classify.'
    : problems.length > 0
      ? problems[0].message
      : !method
        ? 'These models offer no method with a per-row score.'
        : undefined;

  const start = () => {
    if (!dataset || !method || blocked) return;
    void run.start({
      datasetId: dataset.id,
      rows,
      method: method.name === 'mixture' ? `mixture:${components}` : method.name,
      quantity: method.quantity,
      seed,
      ...(joint ? { joint: true } : {}),
      classes: chosen.map((c) => ({ label: c.label, name: c.name, diagramId: c.diagramId })),
    });
  };

  return (
    <div className="classify-view" data-testid="classify-view">
      <div className="classify-controls">
        <DatasetSelect label="Data" testId="classify-dataset" datasets={datasets} value={dataset?.id ?? ''} onChange={setDatasetId} />
        <label>
          Rows{' '}
          <select data-testid="classify-rows" value={rows} onChange={(e) => setRows(e.target.value as ClassifyRowPart)}>
            {ROW_PARTS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          Method{' '}
          <select data-testid="classify-method" value={method?.name ?? ''} onChange={(e) => setMethodName(e.target.value)} disabled={methods.length === 0}>
            {methods.map((m) => (
              <option key={m.name} value={m.name} title={m.label}>
                {m.syntax} — {m.label}
              </option>
            ))}
          </select>
        </label>
        {method?.name === 'mixture' && (
          <label>
            Components M{' '}
            <input data-testid="classify-components" type="number" min={1} max={20} step={1} value={components} onChange={(e) => Number.isInteger(Number(e.target.value)) && Number(e.target.value) >= 1 && setComponents(Number(e.target.value))} />
          </label>
        )}
        <label>
          Seed{' '}
          <input data-testid="classify-seed" type="number" min={0} step={1} value={seed} onChange={(e) => Number.isInteger(Number(e.target.value)) && setSeed(Number(e.target.value))} />
        </label>
        {run.running ? (
          <button type="button" className="danger" data-testid="classify-stop" onClick={run.stop}>
            Stop
          </button>
        ) : (
          <button type="button" className="primary" data-testid="classify-run" disabled={blocked !== undefined} title={blocked} onClick={start}>
            Classify
          </button>
        )}
      </div>
      <fieldset className="classify-mode" aria-label="Models">
        <label>
          <input type="radio" name="classify-mode" data-testid="classify-mode-per-class" checked={!joint} onChange={() => setJoint(false)} disabled={run.running} /> One model per class
        </label>
        <label title="One diagram trained on the data followed by its label as one-hot units (Datasets → Generate → Label units); each row takes the label whose units it scores highest with">
          <input type="radio" name="classify-mode" data-testid="classify-mode-joint" checked={joint} onChange={() => setJoint(true)} disabled={run.running} /> One labelled joint model
        </label>
        {joint && (
          <select aria-label="Joint model" data-testid="classify-joint-model" value={jointId} onChange={(e) => setJointChoice(e.target.value)} disabled={run.running}>
            {diagrams.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        )}
        {joint && check?.labelUnits !== undefined && <span className="muted">its last {check.labelUnits} visible units are the labels</span>}
      </fieldset>
      {classes.length > 0 && !joint && (
        <fieldset className="classify-classes" aria-label="Class models">
          <span className="classify-classes-label">Model per class</span>
          {classes.map((c, k) => (
            <label key={c.label}>
              {c.name} <span className="muted">({c.rowCount})</span>{' '}
              <select data-testid={`classify-model-${c.label}`} value={modelOf(c.label, k)} onChange={(e) => setAssigned((a) => ({ ...a, [c.label]: e.target.value }))} disabled={run.running}>
                <option value="">— none (rows left out) —</option>
                {diagrams.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </fieldset>
      )}
      {!run.running && blocked && (
        <ul className="classify-problems" data-testid="classify-problems">
          {(problems.length > 0 ? problems.map((p) => p.message) : [blocked]).map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      {!blocked && left.length > 0 && <p className="hint">Rows of {left.map((c) => c.name).join(', ')} have no model and are left out.</p>}
      {checkError && (
        <p className="classify-error" role="alert">
          {checkError}
        </p>
      )}
      {run.running && (
        <div className="classify-progress" data-testid="classify-progress">
          <progress max={1} value={run.share} />
          <span>
            {run.done} of {run.runIds.length} class models scored · {Math.round(100 * run.share)} %
          </span>
        </div>
      )}
      {run.error && (
        <p className="classify-error" role="alert" data-testid="classify-error">
          {run.error}
        </p>
      )}
      {run.outcome && !run.running && <ClassifyResult outcome={run.outcome} width={dataset?.width ?? 0} imageShape={dataset?.imageShape} />}
    </div>
  );
}

/** The summary line, the confusion matrix and the misclassified examples of one classification. */
function ClassifyResult({ outcome, width, imageShape }: { outcome: ClassifyOutcome; width: number; imageShape?: { rows: number; cols: number } }) {
  const { result, request } = outcome;
  return (
    <>
      <p className="classify-summary" data-testid="classify-summary" data-error-rate={result.errorRate} data-standard-error={result.standardError} data-total={result.total}>
        Error rate <strong data-testid="classify-error-rate">{errorText(outcome)}</strong> ({result.errors} of {result.total} rows{result.skipped ? `; ${result.skipped} rows of classes without a model left out` : ''}) · {request.joint ? 'one joint model · ' : ''}method {request.method} ·{' '}
        {request.rows} rows
      </p>
      <div className="classify-result">
        <ConfusionMatrix names={request.classes.map((c) => c.name)} counts={result.counts} />
        <MisclassifiedExamples outcome={outcome} width={width} imageShape={imageShape} />
      </div>
    </>
  );
}
