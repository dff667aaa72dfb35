import type { ImageShape } from '../diagram/types';

/**
 * A set of binary patterns, stored as 0/1 bytes row-major regardless of the model's unit encoding
 * (a ±1 model reads 0 as −1). Plain data: safe across IPC and into SQLite.
 */
export interface BinaryDataset {
  id: string;
  name: string;
  /** Bits per pattern. */
  width: number;
  rowCount: number;
  /** rowCount × width values, each 0 or 1. */
  bits: Uint8Array;
  imageShape?: ImageShape;
  /** Optional class label per row. */
  labels?: Int32Array;
}
