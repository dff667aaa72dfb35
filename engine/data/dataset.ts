import type { ImageShape } from '../diagram/types';

/** How a dataset was made: the generator or import method and its settings, so it can be told apart and made again. */
export interface DatasetOrigin {
  /** Generator name ('hinton-bars', 'noisy', …) or import method ('csv', 'images', 'mnist'). */
  method: string;
  /** The options it was made with (seed, counts, threshold, file name, …). */
  settings: Record<string, string | number | boolean>;
}

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
  /** Display name of each label value: labelNames[k] names label k (e.g. the strings of a CSV label column). */
  labelNames?: string[];
  /** Optional train/test assignment per row: SPLIT_TRAIN (0) or SPLIT_TEST (1). Without it every row trains. */
  split?: Uint8Array;
  /** How the dataset was made. */
  origin?: DatasetOrigin;
}

/** split value of a training row. */
export const SPLIT_TRAIN = 0;
/** split value of a test row. */
export const SPLIT_TEST = 1;
