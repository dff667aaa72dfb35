import * as tf from '@tensorflow/tfjs';
import type { UnitEncoding } from '../diagram/types';
import { assertDenseSize } from './dense';

/** Most entries of one chunk's rows × cols log-weight matrix (and of its row-state matrix); a single group is never split, so it may exceed this. */
export const CHUNK_ENTRIES = 1 << 22;

/** Most rows of one chunk, so that float32 sums over rows stay short. */
export const CHUNK_ROWS = 1 << 12;

/** Value of a unit whose bit is 0 or 1: ±1 for 'pm1', 0/1 for 'binary01'. */
export const unitValue = (bit: number, encoding: UnitEncoding): number => (bit ? 1 : encoding === 'pm1' ? -1 : 0);

/** Units held at given patterns (one group per pattern), each group weighted by ω (e.g. P_data). */
export interface ClampSpec {
  units: number[];
  /** count × units.length bits (0/1), row-major. */
  patterns: Uint8Array;
  count: number;
  /** ω per pattern; the statistics are Σ_μ ω_μ ⟨·⟩_{P(free | pattern μ)}. */
  weights: Float64Array;
}

/** A slice of groups: their row states as a tensor. */
export interface EnumerationChunk {
  /** (groups × 2^|rowUnits|) × N: clamped units from the group's pattern, row units enumerated, 0 elsewhere. */
  rows: tf.Tensor2D;
  firstGroup: number;
  groupCount: number;
  /** ω of each group in the chunk. */
  groupWeights: tf.Tensor1D;
}

/**
 * Every state s = r + k as the sum of a row state r (clamped + row units) and a column state k (column units),
 * both embedded in N-vectors with zeros elsewhere, so that the energy splits as H(r) + H(k) − rᵀWk.
 * Built once per run; `dispose()` frees the tensors.
 */
export interface EnumerationPlan {
  unitCount: number;
  encoding: UnitEncoding;
  /** Free units enumerated along rows (bit j of the row index within a group ↔ rowUnits[j]). */
  rowUnits: number[];
  /** Free units enumerated along columns (bit j of the column index ↔ colUnits[j]). */
  colUnits: number[];
  /** 2^|colUnits| × N column states. */
  cols: tf.Tensor2D;
  chunks: EnumerationChunk[];
  groupCount: number;
  dispose(): void;
}

function fillEnumerated(target: Float32Array, rowOffset: number, n: number, units: number[], index: number, encoding: UnitEncoding): void {
  for (let j = 0; j < units.length; j++) target[rowOffset * n + units[j]] = unitValue((index >> j) & 1, encoding);
}

/** Plan for the free (unclamped) model or, with `clamp`, for P(free units | clamped pattern) per pattern; groups split into chunks of ≤ chunkEntries. */
export function createEnumerationPlan(unitCount: number, encoding: UnitEncoding, clamp?: ClampSpec, chunkEntries = CHUNK_ENTRIES): EnumerationPlan {
  assertDenseSize(unitCount);
  const spec: ClampSpec = clamp ?? { units: [], patterns: new Uint8Array(0), count: 1, weights: Float64Array.of(1) };
  const clamped = new Set(spec.units);
  const free = Array.from({ length: unitCount }, (_, i) => i).filter((i) => !clamped.has(i));
  const rowBits = Math.min(free.length, Math.max(0, Math.round((free.length - Math.log2(Math.max(1, spec.count))) / 2)));
  const rowUnits = free.slice(0, rowBits);
  const colUnits = free.slice(rowBits);
  const rowsPerGroup = 1 << rowUnits.length;
  const colCount = 1 << colUnits.length;
  const n = unitCount;

  const colValues = new Float32Array(colCount * n);
  for (let k = 0; k < colCount; k++) fillEnumerated(colValues, k, n, colUnits, k, encoding);

  const groupsPerChunk = Math.max(
    1,
    Math.floor(Math.min(chunkEntries / (rowsPerGroup * colCount), chunkEntries / (rowsPerGroup * n), CHUNK_ROWS / rowsPerGroup)),
  );
  const chunks: EnumerationChunk[] = [];
  const width = spec.units.length;
  for (let first = 0; first < spec.count; first += groupsPerChunk) {
    const groupCount = Math.min(groupsPerChunk, spec.count - first);
    const rowValues = new Float32Array(groupCount * rowsPerGroup * n);
    for (let g = 0; g < groupCount; g++) {
      const patternOffset = (first + g) * width;
      for (let a = 0; a < rowsPerGroup; a++) {
        const row = g * rowsPerGroup + a;
        for (let j = 0; j < width; j++) rowValues[row * n + spec.units[j]] = unitValue(spec.patterns[patternOffset + j], encoding);
        fillEnumerated(rowValues, row, n, rowUnits, a, encoding);
      }
    }
    chunks.push({
      rows: tf.tensor2d(rowValues, [groupCount * rowsPerGroup, n]),
      firstGroup: first,
      groupCount,
      groupWeights: tf.tensor1d(Float32Array.from(spec.weights.subarray(first, first + groupCount))),
    });
  }
  const cols = tf.tensor2d(colValues, [colCount, n]);
  return {
    unitCount,
    encoding,
    rowUnits,
    colUnits,
    cols,
    chunks,
    groupCount: spec.count,
    dispose() {
      cols.dispose();
      for (const chunk of chunks) {
        chunk.rows.dispose();
        chunk.groupWeights.dispose();
      }
    },
  };
}
