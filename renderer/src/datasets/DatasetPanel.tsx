import { useState } from 'react';
import { DatasetItem } from './DatasetItem';
import { GenerateForm } from './GenerateForm';
import { ImportForm } from './ImportForm';
import { useDatasets } from './useDatasets';
import './datasets.css';

type Opened = 'none' | 'generate' | 'import';

/** The project's datasets: thumbnails, generate built-ins, import CSV/images/MNIST, export, rename, delete. */
export function DatasetPanel() {
  const data = useDatasets();
  const [opened, setOpened] = useState<Opened>('none');
  const toggle = (which: Opened) => {
    data.clearError();
    setOpened(opened === which ? 'none' : which);
  };
  return (
    <section className="card dataset-panel" aria-labelledby="datasets-heading" data-testid="dataset-panel">
      <h2 className="panel-heading" id="datasets-heading">
        Datasets <span className="muted dataset-count">{data.datasets.length}</span>
      </h2>
      <div className="dataset-toolbar">
        <button type="button" aria-expanded={opened === 'generate'} data-testid="dataset-generate-toggle" onClick={() => toggle('generate')}>
          Generate…
        </button>
        <button type="button" aria-expanded={opened === 'import'} data-testid="dataset-import-toggle" onClick={() => toggle('import')}>
          Import…
        </button>
        {data.busy && (
          <span className="muted" role="status">
            {data.busy}
          </span>
        )}
      </div>
      {data.error && (
        <p className="dataset-error" role="alert" data-testid="dataset-error">
          {data.error}
        </p>
      )}
      {opened === 'generate' && <GenerateForm data={data} onDone={() => setOpened('none')} />}
      {opened === 'import' && <ImportForm data={data} onDone={() => setOpened('none')} />}
      {data.datasets.length === 0 ? (
        <p className="muted">No datasets yet: generate one or import a file.</p>
      ) : (
        <ul className="dataset-list">
          {data.datasets.map((info) => (
            <DatasetItem key={info.id} info={info} data={data} />
          ))}
        </ul>
      )}
    </section>
  );
}
