/**
 * Row checksums (schema v5): a CRC-32 over the values that make up a stored record, so damage inside a JSON text or a
 * BLOB — which SQLite's own checks cannot see — is reported as damage instead of surfacing as a parse error or wrong
 * numbers. What each table's checksum covers (in this order):
 * - diagrams: id, json
 * - datasets: id, width, row_count, image_rows, image_cols, bits, labels, split, label_names, origin (not the name, which renames change)
 * - runs: id, config (the other columns are plain numbers and words rewritten on every progress write)
 * - metrics: step, json — not run_id, so a branch copies its parent's rows and checksums as they are
 * - checkpoints: step, layout, blob — likewise
 * - outputs: id, json, blob
 * A NULL checksum marks a row written before v5; it is read unverified.
 */
import { crc32 } from 'node:zlib';
import { DamagedDataError, type DamageLocation } from '../types';

/** One covered value: text (UTF-8), a number (its decimal text), bytes, or NULL. */
export type ChecksumPart = string | number | Uint8Array | null;

const NULL_MARK = Buffer.from([0xff, 0xff, 0xff, 0xff]);

/** Rows up to this size are laid out in one scratch buffer and checksummed in one call (each native call costs more than the CRC). */
const SMALL_ROW_BYTES = 4096;
const scratch = Buffer.alloc(SMALL_ROW_BYTES);

/** CRC-32 over the parts, each prefixed by its byte length (NULL by a mark of its own), so moving bytes between parts counts. */
export function rowChecksum(parts: readonly ChecksumPart[]): number {
  const values = parts.map((part) => (typeof part === 'number' ? String(part) : part));
  const lengths = values.map((value) => (value === null ? 0 : typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.length));
  const total = lengths.reduce((sum, length) => sum + 4 + length, 0);
  if (total <= SMALL_ROW_BYTES) {
    let at = 0;
    values.forEach((value, i) => {
      if (value === null) at += NULL_MARK.copy(scratch, at);
      else {
        at = scratch.writeUInt32LE(lengths[i], at);
        if (typeof value === 'string') at += scratch.write(value, at, 'utf8');
        else {
          scratch.set(value, at);
          at += value.length;
        }
      }
    });
    return crc32(scratch.subarray(0, at)) >>> 0;
  }
  let crc = 0;
  const length = Buffer.alloc(4);
  values.forEach((value, i) => {
    if (value === null) crc = crc32(NULL_MARK, crc);
    else {
      length.writeUInt32LE(lengths[i]);
      // zlib's crc32 takes a string as its UTF-8 bytes, so large text is never copied.
      crc = crc32(value, crc32(length, crc));
    }
  });
  return crc >>> 0;
}

/** Throws DamagedDataError unless the stored checksum matches the parts; a NULL checksum (a pre-v5 row) passes unverified. */
export function verifyRow(stored: number | null | undefined, parts: readonly ChecksumPart[], location: DamageLocation): void {
  if (stored === null || stored === undefined) return;
  if (stored !== rowChecksum(parts)) throw new DamagedDataError(location, 'checksum mismatch');
}

/** Runs a decoder; any failure (bad JSON, wrong blob length, a value of the wrong type) becomes damage at `location`. */
export function decodeOrDamage<T>(location: DamageLocation, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof DamagedDataError) throw error;
    throw new DamagedDataError(location, `unreadable value: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A stored column that must be text (SQLite hands back whatever type a damaged record holds). */
export function textColumn(value: unknown, column: string): string {
  if (typeof value !== 'string') throw new Error(`${column} holds ${value === null ? 'NULL' : typeof value}, not text`);
  return value;
}

/** A stored column that must be a BLOB. */
export function blobColumn(value: unknown, column: string): Buffer {
  if (!Buffer.isBuffer(value)) throw new Error(`${column} holds ${value === null ? 'NULL' : typeof value}, not bytes`);
  return value;
}

/**
 * Decodes rows; with `skip`, a damaged row is handed to it and left out instead of failing the whole list, so a read-only
 * listing of a damaged file still shows (and exports) what is intact.
 */
export function skipDamaged<R, T>(rows: R[], decode: (row: R) => T, skip?: (error: DamagedDataError) => void): T[] {
  if (!skip) return rows.map(decode);
  const kept: T[] = [];
  for (const row of rows) {
    try {
      kept.push(decode(row));
    } catch (error) {
      if (!(error instanceof DamagedDataError)) throw error;
      skip(error);
    }
  }
  return kept;
}
