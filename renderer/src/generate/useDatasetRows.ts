import { useEffect, useMemo, useState } from 'react';
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

/**
 * Every row of a dataset (its CSV export read back), or its preview rows when it is large. Keyed on the dataset's id
 * and size, not its summary object (replaced on every project:changed echo), so an edit does not re-export it.
 */
export function useDatasetRows(dataset: DatasetSummary | undefined): DatasetRows {
  const { api } = useServices();
  // rows undefined: fall back to the dataset's current preview rows.
  const [state, setState] = useState<{ key: string; rows?: string[]; error?: string } | undefined>();
  const id = dataset?.id;
  const width = dataset?.width ?? 0;
  const rowCount = dataset?.rowCount ?? 0;
  const key = `${id}:${rowCount}:${width}`;

  useEffect(() => {
    if (!id) return;
    let live = true;
    if (rowCount * width > FULL_ROWS_CELLS) {
      setState({ key });
      return;
    }
    void api.call('dataset:export', { datasetId: id, format: 'csv', encoding: '01' }).then((result) => {
      if (!live) return;
      if (!result.ok || !result.value.base64) {
        setState({ key, error: result.ok ? 'the export came back without its bytes' : result.error.message });
        return;
      }
      const bytes = Uint8Array.from(atob(result.value.base64), (c) => c.charCodeAt(0));
      try {
        setState({ key, rows: rowsFromCsv(new TextDecoder().decode(bytes), width) });
      } catch (error) {
        setState({ key, error: (error as Error).message });
      }
    });
    return () => {
      live = false;
    };
  }, [api, id, width, rowCount, key]);

  const fallbackPreview = state?.rows ? undefined : dataset?.preview;
  return useMemo(() => {
    if (!state || state.key !== key) return EMPTY;
    if (state.rows) return { rows: state.rows, complete: true };
    return { rows: fallbackPreview ?? [], complete: false, ...(state.error ? { error: state.error } : {}) };
  }, [state, key, fallbackPreview]);
}
