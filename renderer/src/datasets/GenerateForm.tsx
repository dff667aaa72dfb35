import { useState } from 'react';
import type { DatasetGeneratorInfo, DatasetInfo } from '../../../main/api/contract';
import { useServices } from '../app/StudioContext';
import type { DatasetApi } from './useDatasets';

type OptionValues = Record<string, string | boolean>;

const defaultsOf = (generator: DatasetGeneratorInfo | undefined): OptionValues =>
  Object.fromEntries((generator?.options ?? []).map((o) => [o.key, o.kind === 'boolean' ? Boolean(o.default) : String(o.default)]));

/** Form for the built-in generators: options from each generator's schema, a source dataset for noisy/shifted copies. */
export function GenerateForm({ data, onDone }: { data: DatasetApi; onDone(): void }) {
  const { api } = useServices();
  const { generators, datasets } = data;
  const [name, setName] = useState(generators[0]?.name ?? '');
  const generator = generators.find((g) => g.name === name) ?? generators[0];
  const [values, setValues] = useState<OptionValues>(() => defaultsOf(generator));
  const [sourceId, setSourceId] = useState('');
  const [datasetName, setDatasetName] = useState('');
  const source: DatasetInfo | undefined = datasets.find((d) => d.id === sourceId) ?? datasets[0];

  const choose = (next: string) => {
    setName(next);
    setValues(defaultsOf(generators.find((g) => g.name === next)));
  };

  const generate = async () => {
    if (!generator) return;
    const options = Object.fromEntries(generator.options.map((o) => [o.key, o.kind === 'boolean' ? Boolean(values[o.key]) : Number(values[o.key])]));
    const made = await data.run('Generating…', () =>
      api.call('dataset:generate', {
        generator: generator.name,
        options,
        ...(generator.needsSource && source ? { sourceDatasetId: source.id } : {}),
        ...(datasetName.trim() ? { name: datasetName.trim() } : {}),
      }),
    );
    if (made) onDone();
  };

  if (!generator) return <p className="muted">Loading the generators…</p>;
  return (
    <form
      className="fields dataset-form"
      data-testid="generate-form"
      onSubmit={(e) => {
        e.preventDefault();
        void generate();
      }}
    >
      <div className="field">
        <label htmlFor="generator-select">Generator</label>
        <select id="generator-select" data-testid="generator-select" value={generator.name} onChange={(e) => choose(e.target.value)}>
          {generators.map((g) => (
            <option key={g.name} value={g.name}>
              {g.label}
            </option>
          ))}
        </select>
        <p className="hint">{generator.description}</p>
      </div>
      {generator.needsSource && (
        <div className="field">
          <label htmlFor="generator-source">Copies of</label>
          <select id="generator-source" data-testid="generator-source" value={source?.id ?? ''} onChange={(e) => setSourceId(e.target.value)}>
            {datasets.length === 0 && <option value="">(no dataset yet)</option>}
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {generator.options.length > 0 && (
        <div className="field-grid">
          {generator.options.map((o) =>
            o.kind === 'boolean' ? (
              <label key={o.key} className="checkbox-field">
                <input type="checkbox" data-testid={`generator-option-${o.key}`} checked={Boolean(values[o.key])} onChange={(e) => setValues({ ...values, [o.key]: e.target.checked })} />
                {o.label}
              </label>
            ) : (
              <div className="field" key={o.key}>
                <label htmlFor={`generator-${o.key}`} title={`${o.label} (${o.min} to ${o.max})`}>
                  {o.label}
                </label>
                <input
                  id={`generator-${o.key}`}
                  data-testid={`generator-option-${o.key}`}
                  inputMode={o.integer ? 'numeric' : 'decimal'}
                  value={String(values[o.key] ?? '')}
                  onChange={(e) => setValues({ ...values, [o.key]: e.target.value })}
                />
              </div>
            ),
          )}
        </div>
      )}
      <div className="field">
        <label htmlFor="generator-name">Name (optional)</label>
        <input id="generator-name" data-testid="generator-name" value={datasetName} placeholder="the generator's name" onChange={(e) => setDatasetName(e.target.value)} />
      </div>
      <button type="submit" className="primary" data-testid="generate-button" disabled={data.busy !== undefined || (generator.needsSource && !source)}>
        Generate
      </button>
    </form>
  );
}
