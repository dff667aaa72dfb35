/**
 * Statements for generated outputs (schema: migrations 001, 003 and 005's checksum, integrity.ts). outputs.json holds {summary, array?: {dtype, shape}};
 * outputs.blob the array: float32 little-endian, or 0/1 bits packed 8 per byte MSB-first (codec.ts).
 */
import type { OutputArray, OutputKind, OutputRows, PackedBits, StoredOutput, StoredOutputInfo, StoredOutputInput } from '../types';
import { packBits, unpackBits } from './codec';
import type { SqlExecutor } from './db';
import { blobColumn, decodeOrDamage, rowChecksum, textColumn, verifyRow } from './integrity';

/** Every output kind the schema stores. */
export const OUTPUT_KINDS: readonly OutputKind[] = ['samples', 'completions', 'inference', 'evaluation'];

interface OutputRow {
  id: string;
  run_id: string;
  kind: string;
  name: string;
  step: number | null;
  json: string;
  blob: Buffer | null;
  created_at: number;
  checksum: number | null;
}

interface OutputJson {
  summary: Record<string, unknown>;
  array?: { dtype: OutputArray['dtype']; shape: number[] };
}

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function checkOutput(output: StoredOutputInput): void {
  const what = `output "${String(output.id)}"`;
  if (typeof output.id !== 'string' || output.id === '') throw new Error('an output needs a non-empty id');
  if (typeof output.runId !== 'string' || output.runId === '') throw new Error(`${what} needs the id of the run that made it`);
  if (!OUTPUT_KINDS.includes(output.kind)) throw new Error(`${what}: unknown kind "${String(output.kind)}"; use one of ${OUTPUT_KINDS.join(', ')}`);
  if (output.step !== undefined && !(Number.isInteger(output.step) && output.step >= 0)) throw new Error(`${what}: step must be a whole number ≥ 0`);
  const array = output.array;
  if (!array) return;
  const size = array.shape.reduce((a, b) => a * b, 1);
  const count = array.dtype === 'packed-bits' ? Math.ceil(size / 8) : array.values.length;
  const expected = array.dtype === 'packed-bits' ? array.bytes.length : size;
  if (!array.shape.every((d) => Number.isInteger(d) && d >= 0) || count !== expected) {
    const what2 = array.dtype === 'packed-bits' ? `${array.bytes.length} packed bytes` : `${array.values.length} values`;
    throw new Error(`${what}: shape [${array.shape.join(', ')}] does not match ${what2}`);
  }
  if (array.dtype === 'float32' && !(array.values instanceof Float32Array)) throw new Error(`${what}: float32 values must be a Float32Array`);
  if (array.dtype === 'bits' && !(array.values instanceof Uint8Array)) throw new Error(`${what}: bits must be a Uint8Array of 0/1`);
}

function encodeArray(array: OutputArray | PackedBits): Buffer {
  if (array.dtype === 'packed-bits') return Buffer.from(array.bytes.buffer, array.bytes.byteOffset, array.bytes.byteLength);
  if (array.dtype === 'bits') return packBits(array.values);
  const bytes = Buffer.from(array.values.buffer, array.values.byteOffset, array.values.byteLength);
  return HOST_IS_LITTLE_ENDIAN ? Buffer.from(bytes) : Buffer.from(bytes).swap32();
}

/** The array, or rows [from, from + count) of its first dimension (the whole array when rows is absent). */
function decodeArray(meta: NonNullable<OutputJson['array']>, blob: Buffer, rows?: OutputRows): OutputArray {
  const size = meta.shape.reduce((a, b) => a * b, 1);
  const rowSize = meta.shape.length > 0 && meta.shape[0] > 0 ? size / meta.shape[0] : 0;
  const from = rows ? Math.min(rows.from, meta.shape[0] ?? 0) : 0;
  const count = rows ? Math.max(0, Math.min(rows.count, (meta.shape[0] ?? 0) - from)) : (meta.shape[0] ?? 1);
  const shape = rows ? [count, ...meta.shape.slice(1)] : meta.shape;
  if (meta.dtype === 'bits') {
    if (blob.length !== Math.ceil(size / 8)) throw new Error(`output blob holds ${blob.length} bytes, its shape needs ${Math.ceil(size / 8)}`);
    if (!rows) return { dtype: 'bits', shape, values: unpackBits(blob, size) };
    const values = new Uint8Array(count * rowSize);
    const start = from * rowSize;
    for (let i = 0; i < values.length; i++) values[i] = (blob[(start + i) >> 3] >> (7 - ((start + i) & 7))) & 1;
    return { dtype: 'bits', shape, values };
  }
  if (blob.length !== 4 * size) throw new Error(`output blob holds ${blob.length / 4} floats, its shape needs ${size}`);
  const bytes = rows ? blob.subarray(4 * from * rowSize, 4 * (from + count) * rowSize) : blob;
  const copy = Buffer.from(bytes);
  if (!HOST_IS_LITTLE_ENDIAN) copy.swap32();
  return { dtype: 'float32', shape, values: new Float32Array(copy.buffer.slice(copy.byteOffset, copy.byteOffset + copy.byteLength)) };
}

const whereIs = (row: OutputRow) => ({ table: 'outputs', id: row.id, runId: row.run_id }) as const;

function parseOutputJson(row: OutputRow): OutputJson {
  const json = JSON.parse(textColumn(row.json, 'json')) as OutputJson;
  if (typeof json !== 'object' || json === null || typeof json.summary !== 'object') throw new Error('json has no summary');
  if (json.array && !(Array.isArray(json.array.shape) && json.array.shape.every((d) => Number.isInteger(d) && d >= 0))) throw new Error('array shape is malformed');
  return json;
}

/** A listing reads no blobs, so it cannot check the row's checksum; it does catch undecodable JSON. */
function infoFromRow(row: OutputRow): StoredOutputInfo {
  const json = decodeOrDamage(whereIs(row), () => parseOutputJson(row));
  const info: StoredOutputInfo = { id: row.id, runId: row.run_id, kind: row.kind as OutputKind, name: row.name, createdAt: row.created_at, summary: json.summary };
  if (row.step !== null) info.step = row.step;
  if (json.array) info.arrayShape = json.array.shape;
  return info;
}

/** Inserts or replaces an output with its array. */
export async function putOutput(sql: SqlExecutor, output: StoredOutputInput): Promise<void> {
  checkOutput(output);
  const json: OutputJson = { summary: output.summary };
  if (output.array) json.array = { dtype: output.array.dtype === 'packed-bits' ? 'bits' : output.array.dtype, shape: output.array.shape };
  const text = JSON.stringify(json);
  const blob = output.array ? encodeArray(output.array) : null;
  await sql.run(
    `INSERT INTO outputs (id, run_id, kind, name, step, json, blob, created_at, checksum) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET run_id = excluded.run_id, kind = excluded.kind, name = excluded.name, step = excluded.step,
       json = excluded.json, blob = excluded.blob, created_at = excluded.created_at, checksum = excluded.checksum`,
    [output.id, output.runId, output.kind, output.name, output.step ?? null, text, blob, output.createdAt, rowChecksum([output.id, text, blob])],
  );
}

export async function listOutputs(sql: SqlExecutor, runId?: string): Promise<StoredOutputInfo[]> {
  const columns = 'id, run_id, kind, name, step, json, NULL AS blob, created_at, NULL AS checksum';
  const rows =
    runId === undefined
      ? await sql.all<OutputRow>(`SELECT ${columns} FROM outputs ORDER BY created_at, rowid`)
      : await sql.all<OutputRow>(`SELECT ${columns} FROM outputs WHERE run_id = ? ORDER BY created_at, rowid`, [runId]);
  return rows.map(infoFromRow);
}

/** An output with its array, or with rows [from, from + count) of it. */
export async function getOutput(sql: SqlExecutor, outputId: string, rows?: OutputRows): Promise<StoredOutput | undefined> {
  const row = await sql.get<OutputRow>('SELECT * FROM outputs WHERE id = ?', [outputId]);
  if (!row) return undefined;
  verifyRow(row.checksum, [row.id, row.json, row.blob], whereIs(row));
  const { arrayShape: _shape, ...info } = infoFromRow(row);
  const meta = parseOutputJson(row).array;
  if (!meta || row.blob === null) return info;
  const array = decodeOrDamage(whereIs(row), () => decodeArray(meta, blobColumn(row.blob, 'blob'), rows));
  return { ...info, array, ...(rows ? { rowsTotal: meta.shape[0] ?? 1 } : {}) };
}
