/**
 * Statements for datasets (schema: migrations 001, 002 and 005's checksum, integrity.ts). Bits and the split are packed 8 per byte (codec.ts), labels
 * are int32; listings read only each dataset's first rows, so a 60,000-row dataset costs a few bytes to list.
 * Each function issues its statements on the executor it is given; SqliteProject wraps them in one transaction per call.
 */
import type { BinaryDataset, DatasetOrigin } from '../../engine/data/dataset';
import type { StoredDatasetInfo } from '../types';
import { decodeInt32, encodeInt32, packBits, unpackBits } from './codec';
import type { SqlExecutor } from './db';
import { blobColumn, decodeOrDamage, rowChecksum, textColumn, type ChecksumPart, verifyRow } from './integrity';
import { checkDataset } from './validate';

interface DatasetRow {
  id: string;
  name: string;
  width: number;
  row_count: number;
  image_rows: number | null;
  image_cols: number | null;
  bits: Buffer;
  labels: Buffer | null;
  split: Buffer | null;
  label_names: string | null;
  origin: string | null;
  checksum: number | null;
}

type InfoRow = Omit<DatasetRow, 'bits' | 'labels' | 'checksum'> & { head: Buffer | null; label_head: Buffer | null; stored_bytes: number };

/** The fields every dataset row shares, as BinaryDataset fields (bits and labels excepted). */
function describedFields(row: Omit<DatasetRow, 'bits' | 'labels' | 'checksum'>): Pick<BinaryDataset, 'imageShape' | 'labelNames' | 'split' | 'origin'> {
  const fields: Pick<BinaryDataset, 'imageShape' | 'labelNames' | 'split' | 'origin'> = {};
  if (row.image_rows !== null && row.image_cols !== null) fields.imageShape = { rows: row.image_rows, cols: row.image_cols };
  if (row.split !== null) fields.split = unpackBits(blobColumn(row.split, 'split'), row.row_count);
  if (row.label_names !== null) fields.labelNames = JSON.parse(textColumn(row.label_names, 'label_names')) as string[];
  if (row.origin !== null) fields.origin = JSON.parse(textColumn(row.origin, 'origin')) as DatasetOrigin;
  return fields;
}

/** The covered values of a dataset row in integrity.ts's order (the checksum column's input). */
const checksumParts = (values: Omit<DatasetRow, 'name' | 'checksum'>): ChecksumPart[] => [
  values.id, values.width, values.row_count, values.image_rows, values.image_cols, values.bits, values.labels, values.split, values.label_names, values.origin,
];

function datasetFromRow(row: DatasetRow): BinaryDataset {
  const location = { table: 'datasets', id: row.id } as const;
  verifyRow(row.checksum, checksumParts(row), location);
  return decodeOrDamage(location, () => decodeDataset(row));
}

function decodeDataset(row: DatasetRow): BinaryDataset {
  const { imageShape, labelNames, split, origin } = describedFields(row);
  const bits = unpackBits(blobColumn(row.bits, 'bits'), row.width * row.row_count);
  const dataset: BinaryDataset = { id: row.id, name: row.name, width: row.width, rowCount: row.row_count, bits };
  if (imageShape) dataset.imageShape = imageShape;
  if (row.labels !== null) dataset.labels = decodeInt32(blobColumn(row.labels, 'labels'));
  if (dataset.labels && dataset.labels.length !== row.row_count) throw new Error(`labels hold ${dataset.labels.length} values for ${row.row_count} rows`);
  if (labelNames) dataset.labelNames = labelNames;
  if (split) dataset.split = split;
  if (origin) dataset.origin = origin;
  return dataset;
}

/** Throws unless the fields schema 2 added are well formed. */
function checkDetails(dataset: BinaryDataset): void {
  const what = `dataset "${dataset.id}"`;
  if (dataset.split !== undefined && !(dataset.split instanceof Uint8Array && dataset.split.length === dataset.rowCount)) {
    throw new Error(`${what}: split must be a Uint8Array with one 0 (train) or 1 (test) per row`);
  }
  if (dataset.labelNames !== undefined && !(Array.isArray(dataset.labelNames) && dataset.labelNames.every((n) => typeof n === 'string'))) {
    throw new Error(`${what}: labelNames must be an array of strings`);
  }
  if (dataset.origin !== undefined) {
    const { method, settings } = dataset.origin;
    const plain = typeof settings === 'object' && settings !== null && Object.values(settings).every((v) => ['string', 'number', 'boolean'].includes(typeof v));
    if (typeof method !== 'string' || !plain) throw new Error(`${what}: origin must be {method: string, settings: {key: string | number | boolean}}`);
  }
}

export async function listDatasets(db: SqlExecutor): Promise<BinaryDataset[]> {
  return (await db.all<DatasetRow>('SELECT * FROM datasets ORDER BY rowid')).map(datasetFromRow);
}

export async function getDataset(db: SqlExecutor, datasetId: string): Promise<BinaryDataset | undefined> {
  const row = await db.get<DatasetRow>('SELECT * FROM datasets WHERE id = ?', [datasetId]);
  return row && datasetFromRow(row);
}

/** Checks and packs a dataset outside any transaction, so a bad one is refused before anything is written. */
export function encodeDataset(dataset: BinaryDataset): (string | number | Buffer | null)[] {
  checkDataset(dataset);
  checkDetails(dataset);
  const row: Omit<DatasetRow, 'name' | 'checksum'> = {
    id: dataset.id,
    width: dataset.width,
    row_count: dataset.rowCount,
    image_rows: dataset.imageShape?.rows ?? null,
    image_cols: dataset.imageShape?.cols ?? null,
    bits: packBits(dataset.bits),
    labels: dataset.labels ? encodeInt32(dataset.labels) : null,
    split: dataset.split ? packBits(dataset.split) : null,
    label_names: dataset.labelNames ? JSON.stringify(dataset.labelNames) : null,
    origin: dataset.origin ? JSON.stringify(dataset.origin) : null,
  };
  return [
    row.id, dataset.name, row.width, row.row_count, row.image_rows, row.image_cols, row.bits, row.labels, row.split, row.label_names, row.origin,
    rowChecksum(checksumParts(row)),
  ];
}

/** Inserts or replaces a dataset from encodeDataset's values. */
export async function putEncodedDataset(db: SqlExecutor, values: (string | number | Buffer | null)[]): Promise<void> {
  await db.run(
    `INSERT INTO datasets (id, name, width, row_count, image_rows, image_cols, bits, labels, split, label_names, origin, checksum)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, width = excluded.width, row_count = excluded.row_count,
       image_rows = excluded.image_rows, image_cols = excluded.image_cols, bits = excluded.bits, labels = excluded.labels,
       split = excluded.split, label_names = excluded.label_names, origin = excluded.origin, checksum = excluded.checksum`,
    values,
  );
}

/** Every dataset's shape, label names, origin, split counts and first `previewRows` rows, without reading the rest of its bits. */
export async function listDatasetInfos(db: SqlExecutor, previewRows: number): Promise<StoredDatasetInfo[]> {
  const rows = await db.all<InfoRow>(
    `SELECT id, name, width, row_count, image_rows, image_cols, split, label_names, origin, length(bits) AS stored_bytes,
       substr(bits, 1, CAST((width * min(row_count, ?) + 7) / 8 AS INTEGER)) AS head,
       substr(labels, 1, 4 * min(row_count, ?)) AS label_head
     FROM datasets ORDER BY rowid`,
    [previewRows, previewRows],
  );
  // A listing reads only the head of each dataset's bits, so it cannot check the row's checksum; it does catch undecodable values.
  return rows.map((row) => decodeOrDamage({ table: 'datasets', id: row.id }, () => {
    const { imageShape, labelNames, split, origin } = describedFields(row);
    const shown = Math.min(previewRows, row.row_count);
    const info: StoredDatasetInfo = {
      id: row.id,
      name: row.name,
      width: row.width,
      rowCount: row.row_count,
      testCount: split ? split.reduce((sum, bit) => sum + bit, 0) : 0,
      storedBytes: row.stored_bytes,
      hasLabels: row.label_head !== null,
      preview: unpackBits(row.head ?? Buffer.alloc(0), row.width * shown),
    };
    if (imageShape) info.imageShape = imageShape;
    if (row.label_head !== null) info.previewLabels = decodeInt32(row.label_head);
    if (labelNames) info.labelNames = labelNames;
    if (origin) info.origin = origin;
    return info;
  }));
}

/** Renames a dataset; false when there is none with that id. */
export async function renameDataset(db: SqlExecutor, datasetId: string, name: string): Promise<boolean> {
  return (await db.run('UPDATE datasets SET name = ? WHERE id = ?', [name, datasetId])).changes === 1;
}

/** Deletes a dataset; false when there is none with that id. */
export async function deleteDataset(db: SqlExecutor, datasetId: string): Promise<boolean> {
  return (await db.run('DELETE FROM datasets WHERE id = ?', [datasetId])).changes === 1;
}
