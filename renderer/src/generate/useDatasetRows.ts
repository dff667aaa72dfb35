import { useEffect, useState } from 'react';
import type { DatasetSummary } from '../../../main/api/contract';
import { useServices } from '../app/StudioContext';
import { rowsFromCsv } from './visibleGrid';

/** Datasets up to this many cells are read in full for matching and loading rows; larger ones use their preview rows. */
export const FULL_ROWS_CELLS = 2_000_000;

export interface DatasetRows {
  /** Rows as '0'/'1' strings. */
  rows: string[];
  /** False when only the preview rows could be read (the dataset is too large to send whole). */
  complete: boolean;
  error?: string;
}

const EMPTY: DatasetRows = { rows: [], complete: true };

/** Every row of a dataset (its CSV export read back), or its preview rows when it is large. */
export function useDatasetRows(dataset: DatasetSummary | undefined): DatasetRows {
  const { api } = useServices();
  const [state, setState] = useState<{ id: string; rows: DatasetRows } | undefined>();
  const id = dataset?.id;
  const width = dataset?.width ?? 0;
  const cells = (dataset?.rowCount ?? 0) * width;
  const preview = dataset?.preview;

  useEffect(() => {
    if (!id || !preview) return;
    let live = true;
    if (cells > FULL_ROWS_CELLS) {
      setState({ id, rows: { rows: preview, complete: false } });
      return;
    }
    void api.call('dataset:export', { datasetId: id, format: 'csv', encoding: '01' }).then((result) => {
      if (!live) return;
      if (!result.ok || !result.value.base64) {
        setState({ id, rows: { rows: preview, complete: false, error: result.ok ? 'the export came back without its bytes' : result.error.message } });
        return;
      }
      const bytes = Uint8Array.from(atob(result.value.base64), (c) => c.charCodeAt(0));
      try {
        setState({ id, rows: { rows: rowsFromCsv(new TextDecoder().decode(bytes), width), complete: true } });
      } catch (error) {
        setState({ id, rows: { rows: preview, complete: false, error: (error as Error).message } });
      }
    });
    return () => {
      live = false;
    };
  }, [api, id, width, cells, preview]);

  return state && state.id === id ? state.rows : EMPTY;
}
