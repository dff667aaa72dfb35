import { useEffect, useState } from 'react';
import { useServices, useStudio } from '../app/StudioContext';
import { activeCompiled } from '../store/compiled';
import { useAlgorithms } from './useAlgorithms';
import { blockingReason, defaultsFor, proposedDataset, validateValues, type TrainFormValues } from './trainForm';

const noDatasets: never[] = [];

/** Dataset, algorithm, epochs, hyperparameters and seed; Train starts a run (disabled with the reason while it cannot). */
export function TrainForm({ busy }: { busy: boolean }) {
  const { controller } = useServices();
  const compiled = useStudio(activeCompiled);
  const datasets = useStudio((s) => s.project?.datasets ?? noDatasets);
  const readOnly = useStudio((s) => s.project?.readOnly ?? false);
  const model = compiled?.result.ok ? compiled.result.model : undefined;
  const algorithms = useAlgorithms(model ? compiled?.diagram : undefined);
  const visibleCount = model?.visibleIndices.length;
  const [values, setValues] = useState<TrainFormValues>(() => defaultsFor(algorithms[0], proposedDataset(datasets, visibleCount)));

  const algorithm = algorithms.find((a) => a.name === values.algorithm);
  useEffect(() => {
    if (!algorithm && algorithms[0]) setValues((v) => defaultsFor(algorithms[0], v.datasetId, v.seed));
  }, [algorithm, algorithms]);
  useEffect(() => {
    if (!datasets.some((d) => d.id === values.datasetId) && datasets.length > 0) {
      setValues((v) => ({ ...v, datasetId: proposedDataset(datasets, visibleCount) }));
    }
  }, [datasets, values.datasetId, visibleCount]);

  const dataset = datasets.find((d) => d.id === values.datasetId);
  const validated = algorithm ? validateValues(values, algorithm) : undefined;
  const reason =
    (readOnly ? 'The project is open read-only.' : undefined) ??
    blockingReason(compiled?.result, algorithms, dataset, datasets.length) ??
    (validated && !validated.ok ? validated.reason : undefined);

  const train = () => {
    if (reason || !validated?.ok || !compiled || !algorithm) return;
    void controller.startRun({
      diagramId: compiled.diagram.id,
      datasetId: values.datasetId,
      algorithm: algorithm.name,
      epochs: validated.epochs,
      seed: validated.seed,
      config: validated.config,
    });
  };
  const set = (patch: Partial<TrainFormValues>) => setValues((v) => ({ ...v, ...patch }));

  return (
    <form
      className="fields train-form"
      onSubmit={(e) => {
        e.preventDefault();
        train();
      }}
    >
      <div className="field">
        <label htmlFor="train-dataset">Dataset</label>
        <select id="train-dataset" data-testid="dataset-select" value={values.datasetId} onChange={(e) => set({ datasetId: e.target.value })}>
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
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="train-algorithm">Algorithm</label>
        <select
          id="train-algorithm"
          data-testid="algorithm-select"
          value={values.algorithm}
          disabled={algorithms.length === 0}
          onChange={(e) => setValues((v) => defaultsFor(algorithms.find((a) => a.name === e.target.value), v.datasetId, v.seed))}
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
        <div className="field">
          <label htmlFor="train-epochs">Epochs</label>
          <input id="train-epochs" data-testid="epochs-input" inputMode="numeric" value={values.epochs} onChange={(e) => set({ epochs: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="train-seed">Seed</label>
          <input id="train-seed" data-testid="seed-input" inputMode="numeric" value={values.seed} onChange={(e) => set({ seed: e.target.value })} />
        </div>
        {algorithm?.hyperparameters.map((h) => (
          <div className="field" key={h.key}>
            <label htmlFor={`train-${h.key}`} title={h.label}>
              {h.label}
            </label>
            <input
              id={`train-${h.key}`}
              data-testid={`hyper-${h.key}`}
              inputMode="decimal"
              value={values.config[h.key] ?? ''}
              onChange={(e) => set({ config: { ...values.config, [h.key]: e.target.value } })}
            />
          </div>
        ))}
        {algorithm?.choices?.map((c) => (
          <div className="field" key={c.key}>
            <label htmlFor={`train-${c.key}`}>{c.label}</label>
            <select
              id={`train-${c.key}`}
              data-testid={`choice-${c.key}`}
              value={values.config[c.key] ?? c.default}
              onChange={(e) => set({ config: { ...values.config, [c.key]: e.target.value } })}
            >
              {c.options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
      <button type="submit" className="primary" data-testid="train-button" disabled={busy || reason !== undefined} title={reason}>
        Train
      </button>
      {reason && !busy && (
        <p className="hint bad" data-testid="train-blocked-reason" role="status">
          {reason}
        </p>
      )}
    </form>
  );
}
