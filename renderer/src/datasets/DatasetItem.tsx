import { memo, useState } from 'react';
import type { DatasetInfo } from '../../../main/api/contract';
import { useServices } from '../app/StudioContext';
import { describeOrigin, describeShape, downloadBytes } from './files';
import { Thumbnails } from './Thumbnails';
import type { DatasetApi } from './useDatasets';

/** One dataset: thumbnails of its first rows, its shape, labels, split and origin, and its actions. */
export const DatasetItem = memo(function DatasetItem({ info, data }: { info: DatasetInfo; data: DatasetApi }) {
  const { api } = useServices();
  const [renaming, setRenaming] = useState<string | undefined>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const origin = describeOrigin(info);

  const exportAs = async (format: 'csv' | 'png') => {
    const file = await data.run(`Exporting ${format.toUpperCase()}…`, () => api.call('dataset:export', { datasetId: info.id, format }));
    if (file?.base64) downloadBytes(file.fileName, file.mime, file.base64);
  };
  const rename = async () => {
    if (renaming === undefined) return;
    if (await data.run('Renaming…', () => api.call('dataset:rename', { datasetId: info.id, name: renaming }))) setRenaming(undefined);
  };

  return (
    <li className="dataset-item" data-testid="dataset-item" data-dataset-id={info.id}>
      <div className="dataset-title">
        {renaming === undefined ? (
          <strong data-testid="dataset-name">{info.name}</strong>
        ) : (
          <form
            className="dataset-rename"
            onSubmit={(e) => {
              e.preventDefault();
              void rename();
            }}
          >
            <input aria-label="New name" data-testid="dataset-rename-input" autoFocus value={renaming} onChange={(e) => setRenaming(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && setRenaming(undefined)} />
            <button type="submit" data-testid="dataset-rename-save">
              Save
            </button>
          </form>
        )}
      </div>
      <p className="dataset-facts" data-testid="dataset-facts">
        {describeShape(info)}
      </p>
      {origin && <p className="dataset-origin muted">{origin}</p>}
      <Thumbnails rows={info.preview} width={info.width} imageShape={info.imageShape} maxWidth={290} label={`First ${info.preview.length} rows of ${info.name}`} />
      <div className="dataset-actions">
        <button type="button" className="ghost" onClick={() => void exportAs('csv')} disabled={data.busy !== undefined} title="Download as CSV (labels in the last column)">
          CSV
        </button>
        <button type="button" className="ghost" onClick={() => void exportAs('png')} disabled={data.busy !== undefined} title="Download a PNG of the first 256 rows">
          PNG
        </button>
        <button type="button" className="ghost" data-testid="dataset-rename" onClick={() => setRenaming(info.name)} disabled={renaming !== undefined}>
          Rename
        </button>
        {confirmDelete ? (
          <>
            <button type="button" className="danger" data-testid="dataset-delete-confirm" onClick={() => void data.run('Deleting…', () => api.call('dataset:delete', { datasetId: info.id }))}>
              Delete {info.name}
            </button>
            <button type="button" className="ghost" onClick={() => setConfirmDelete(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" className="ghost" data-testid="dataset-delete" onClick={() => setConfirmDelete(true)}>
            Delete
          </button>
        )}
      </div>
    </li>
  );
});
