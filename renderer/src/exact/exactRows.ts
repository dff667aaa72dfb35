/** Pure helpers of the exact view: sorting the state table, picking the patterns the bar chart shows, and CSV text. */
import type { ExactStateRow, ExactTableResult, ExactVisibleRow } from '../../../main/api/contract';
import { toCsv } from '../export/csv';

/** Column the state table is sorted by: the state's binary index, its energy H(s), or P(s). */
export type StateSortKey = 'state' | 'energy' | 'probability';

/** The state table's order: a column and its direction. */
export interface StateSort {
  key: StateSortKey;
  descending: boolean;
}

/** The server's order: most probable first. */
export const DEFAULT_SORT: StateSort = { key: 'probability', descending: true };

/** Binary index of a state string: character i is unit i, bit i of the index. */
export function stateIndex(state: string): number {
  let index = 0;
  for (let i = state.length - 1; i >= 0; i--) index = index * 2 + (state.charCodeAt(i) === 49 ? 1 : 0);
  return index;
}

/** The rows in the requested order (a copy; ties keep the server's order). */
export function sortStates(rows: readonly ExactStateRow[], sort: StateSort): ExactStateRow[] {
  const value = (row: ExactStateRow) => (sort.key === 'state' ? stateIndex(row.state) : row[sort.key]);
  const sign = sort.descending ? -1 : 1;
  return rows
    .map((row, order) => ({ row, order, key: value(row) }))
    .sort((a, b) => sign * (a.key - b.key) || a.order - b.order)
    .map((entry) => entry.row);
}

/** Clicking a column header: the same column flips direction, a new one starts in its natural direction. */
export function nextSort(current: StateSort, key: StateSortKey): StateSort {
  if (current.key === key) return { key, descending: !current.descending };
  return { key, descending: key === 'probability' };
}

/** The patterns the bar chart shows: the `limit` most probable under model or data, in the server's order (model P(v) first). */
export function chartPatterns(rows: readonly ExactVisibleRow[], limit: number): ExactVisibleRow[] {
  if (rows.length <= limit) return [...rows];
  const kept = new Set(
    rows
      .map((row, order) => ({ order, score: Math.max(row.model, row.data ?? 0) }))
      .sort((a, b) => b.score - a.score || a.order - b.order)
      .slice(0, limit)
      .map((entry) => entry.order),
  );
  return rows.filter((_, order) => kept.has(order));
}

/** The state table as CSV: one 0/1 column per unit (±1 units: 1 = +1), then H(s) and P(s). */
export function statesCsv(table: ExactTableResult): string {
  const columns = [
    ...table.unitNames.map((name, i) => ({ header: name, value: (row: ExactStateRow) => row.state[i] })),
    { header: 'energy', value: (row: ExactStateRow) => row.energy },
    { header: 'probability', value: (row: ExactStateRow) => row.probability },
  ];
  return toCsv(table.states, columns);
}

/** The visible distribution as CSV: one column per visible unit, then P_model(v) and (with data) P_data(v). */
export function visibleCsv(table: ExactTableResult): string {
  const names = table.visibleIndices.map((unit) => table.unitNames[unit]);
  const withData = table.visible.some((row) => row.data !== undefined);
  const columns = [
    ...names.map((name, k) => ({ header: name, value: (row: ExactVisibleRow) => row.pattern[k] })),
    { header: 'model', value: (row: ExactVisibleRow) => row.model },
    ...(withData ? [{ header: 'data', value: (row: ExactVisibleRow) => row.data }] : []),
  ];
  return toCsv(table.visible, columns);
}

/** A probability as the table shows it: fixed to 6 decimals above 10⁻⁴, else scientific. */
export function formatProbability(p: number): string {
  return p === 0 ? '0' : p >= 1e-4 ? p.toFixed(6) : p.toExponential(3);
}
