import { useState } from 'react';
import type { DatasetImportRequest } from '../../../main/api/contract';
import { useServices } from '../app/StudioContext';
import { checkUploadSize, parseShape } from './files';
import { ImageImport } from './ImageImport';
import type { DatasetApi } from './useDatasets';

type Source = 'csv' | 'images' | 'mnist';

const SOURCES: { key: Source; label: string }[] = [
  { key: 'csv', label: 'CSV' },
  { key: 'images', label: 'Images' },
  { key: 'mnist', label: 'MNIST digits' },
];

/** Import dialog body: CSV, PNG/JPEG images or the MNIST digits; main refuses bad files naming what is wrong. */
export function ImportForm({ data, onDone }: { data: DatasetApi; onDone(): void }) {
  const [source, setSource] = useState<Source>('csv');
  const { api } = useServices();
  const submit = async (build: () => Promise<DatasetImportRequest>) => {
    // Reading and checking the files happens inside run, so a refusal here shows like main's.
    const imported = await data.run('Importing…', async () => api.call('dataset:import', await build()));
    if (imported) onDone();
  };
  return (
    <div className="dataset-form">
      <div className="segmented" role="tablist" aria-label="Import from">
        {SOURCES.map((s) => (
          <button
            key={s.key}
            type="button"
            role="tab"
            aria-selected={source === s.key}
            className={source === s.key ? 'is-on' : ''}
            data-testid={`import-tab-${s.key}`}
            onClick={() => setSource(s.key)}
          >
            {s.label}
          </button>
        ))}
      </div>
      {source === 'csv' && <CsvImport busy={data.busy !== undefined} onSubmit={submit} />}
      {source === 'images' && <ImageImport busy={data.busy !== undefined} onSubmit={submit} />}
      {source === 'mnist' && <MnistImport busy={data.busy !== undefined} onSubmit={submit} />}
    </div>
  );
}

export interface SourceFormProps {
  busy: boolean;
  /** Imports the request `build` makes; an error it throws is shown as the panel's error. */
  onSubmit(build: () => Promise<DatasetImportRequest>): Promise<void>;
}

/** The share of rows to mark as test rows, as typed (empty = none). */
function TestFractionField({ value, onChange, id }: { value: string; onChange(value: string): void; id: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>Test fraction</label>
      <input id={id} data-testid={`${id}`} inputMode="decimal" placeholder="0" value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

function CsvImport({ busy, onSubmit }: SourceFormProps) {
  const [file, setFile] = useState<File | undefined>();
  const [labelColumn, setLabelColumn] = useState('none');
  const [labelName, setLabelName] = useState('');
  const [shape, setShape] = useState('');
  const [testFraction, setTestFraction] = useState('');
  const parsedShape = parseShape(shape);
  const submit = async () => {
    if (!file) return;
    const label = labelColumn === 'none' ? undefined : labelColumn === 'named' ? labelName.trim() : labelColumn;
    await onSubmit(async () => {
      checkUploadSize([file]);
      return {
        source: 'csv',
        fileName: file.name,
        text: await file.text(),
        ...(label ? { labelColumn: label } : {}),
        ...(parsedShape ? { imageShape: parsedShape } : {}),
        ...(testFraction.trim() ? { testFraction: Number(testFraction) } : {}),
      };
    });
  };
  return (
    <form
      className="fields"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="field">
        <label htmlFor="csv-file">CSV file: one row per pattern, 0/1 or −1/1, a header line allowed</label>
        <input id="csv-file" data-testid="csv-file-input" type="file" accept=".csv,.tsv,.txt,text/csv,text/plain" onChange={(e) => setFile(e.target.files?.[0])} />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="csv-label-column">Label column</label>
          <select id="csv-label-column" data-testid="csv-label-column" value={labelColumn} onChange={(e) => setLabelColumn(e.target.value)}>
            <option value="none">none</option>
            <option value="first">first</option>
            <option value="last">last</option>
            <option value="named">named in the header…</option>
          </select>
        </div>
        {labelColumn === 'named' ? (
          <div className="field">
            <label htmlFor="csv-label-name">Header name</label>
            <input id="csv-label-name" value={labelName} onChange={(e) => setLabelName(e.target.value)} />
          </div>
        ) : (
          <div className="field">
            <label htmlFor="csv-shape">Image shape</label>
            <input id="csv-shape" placeholder="e.g. 8x8" aria-invalid={parsedShape === null} value={shape} onChange={(e) => setShape(e.target.value)} />
          </div>
        )}
      </div>
      <TestFractionField id="csv-test-fraction" value={testFraction} onChange={setTestFraction} />
      <button type="submit" className="primary" data-testid="import-button" disabled={busy || !file || parsedShape === null}>
        Import CSV
      </button>
    </form>
  );
}

function MnistImport({ busy, onSubmit }: SourceFormProps) {
  const [size, setSize] = useState('8');
  const [threshold, setThreshold] = useState('0.25');
  const [trainPerClass, setTrain] = useState('700');
  const [testPerClass, setTest] = useState('150');
  return (
    <form
      className="fields"
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit(async () => ({ source: 'mnist', size: Number(size), threshold: Number(threshold), trainPerClass: Number(trainPerClass), testPerClass: Number(testPerClass) }));
      }}
    >
      <p className="hint">The digits of the mnist package, shrunk by averaging and thresholded; labelled 0–9, with a fixed train/test split.</p>
      <div className="field-grid">
        <div className="field">
          <label htmlFor="mnist-size">Size (side)</label>
          <input id="mnist-size" data-testid="mnist-size" list="mnist-sizes" inputMode="numeric" value={size} onChange={(e) => setSize(e.target.value)} />
          <datalist id="mnist-sizes">
            <option value="8" />
            <option value="14" />
            <option value="28" />
          </datalist>
        </div>
        <div className="field">
          <label htmlFor="mnist-threshold">Threshold</label>
          <input id="mnist-threshold" inputMode="decimal" value={threshold} onChange={(e) => setThreshold(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="mnist-train">Train per digit</label>
          <input id="mnist-train" inputMode="numeric" value={trainPerClass} onChange={(e) => setTrain(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="mnist-test">Test per digit</label>
          <input id="mnist-test" inputMode="numeric" value={testPerClass} onChange={(e) => setTest(e.target.value)} />
        </div>
      </div>
      <button type="submit" className="primary" data-testid="mnist-import-button" disabled={busy}>
        Import digits
      </button>
    </form>
  );
}
