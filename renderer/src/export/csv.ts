import type { MetricPoint } from '../../../main/api/contract';

/** One CSV column: a header and how to read the cell from a row (a key of the row, or a function). */
export interface CsvColumn<Row> {
  header: string;
  value: keyof Row | ((row: Row) => unknown);
}

/** A field as RFC 4180 writes it: quoted (quotes doubled) when it holds a comma, quote, line break or edge space. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? '' : String(value);
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Rows as CSV text (RFC 4180 quoting, '\n' line ends, a header line first). Columns are keys of the rows or
 * {header, value} pairs; missing, null and NaN cells are empty.
 */
export function toCsv<Row extends object>(rows: readonly Row[], columns: readonly (keyof Row & string | CsvColumn<Row>)[]): string {
  const resolved = columns.map((column) => (typeof column === 'string' ? { header: column, value: column } : column) as CsvColumn<Row>);
  const cell = (row: Row, column: CsvColumn<Row>) =>
    typeof column.value === 'function' ? column.value(row) : (row as Record<PropertyKey, unknown>)[column.value as PropertyKey];
  const lines = [resolved.map((column) => csvField(column.header)).join(',')];
  for (const row of rows) lines.push(resolved.map((column) => csvField(cell(row, column))).join(','));
  return `${lines.join('\n')}\n`;
}

/** Every metric name that occurs in a series, in first-seen order. */
export function metricNames(points: readonly MetricPoint[]): string[] {
  const names = new Set<string>();
  for (const point of points) for (const name of Object.keys(point.values)) names.add(name);
  return [...names];
}

/** A run's metric series as CSV: a step column, then one column per metric (empty where a step lacks it). */
export function metricsCsv(points: readonly MetricPoint[], names: readonly string[] = metricNames(points)): string {
  return toCsv(points, [{ header: 'step', value: 'step' }, ...names.map((name) => ({ header: name, value: (p: MetricPoint) => p.values[name] }))]);
}
