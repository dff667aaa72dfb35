import type { EnergyModelSpec } from '../../compiler/types';
import type { ModelParameters } from '../../model/parameters';
import { couplingClasses } from '../meanfield/colouring';

/** Most units the samplers take: they hold W as dense N × N blocks of rows (N² ≤ 2^25 entries, 128 MB). */
export const MAX_SAMPLER_UNITS = 5792;

/** W (N × N, natural order, symmetric, zero diagonal; a lateral block contributes its symmetric part) and b, built from the blocks. */
export interface CouplingMatrix {
  unitCount: number;
  weights: Float32Array;
  biases: Float32Array;
}

/** W and b of H(s) = −½ sᵀWs − bᵀs from the weight and bias blocks (overlapping blocks add), for any N up to MAX_SAMPLER_UNITS. */
export function couplingMatrix(model: EnergyModelSpec, params: ModelParameters): CouplingMatrix {
  const n = model.unitCount;
  if (n > MAX_SAMPLER_UNITS) {
    throw new RangeError(`Sampling holds the couplings as a dense ${n}×${n} matrix; at most ${MAX_SAMPLER_UNITS} units are supported (this model has ${n})`);
  }
  const weights = new Float32Array(n * n);
  const biases = new Float32Array(n);
  for (const block of model.weightBlocks) {
    const values = params.weights[block.key];
    if (values === undefined) throw new Error(`Parameters lack weights for block '${block.key}'`);
    const [rows, cols] = block.shape;
    if (values.length !== rows * cols) throw new Error(`Weights '${block.key}' have ${values.length} values but the block is ${rows}×${cols}`);
    const scale = block.lateral ? 0.5 : 1;
    for (let r = 0; r < rows; r++) {
      const i = block.rows.start + r;
      for (let c = 0; c < cols; c++) {
        const j = block.cols.start + c;
        if (i === j) continue;
        const w = scale * values[r * cols + c];
        weights[i * n + j] += w;
        weights[j * n + i] += w;
      }
    }
  }
  for (const bias of model.biasBlocks) {
    const values = params.biases[bias.nodeId];
    if (values === undefined) throw new Error(`Parameters lack biases for node '${bias.nodeId}'`);
    const length = bias.range.end - bias.range.start;
    if (values.length !== length) throw new Error(`Biases of '${bias.nodeId}' have ${values.length} values but the node has ${length} units`);
    for (let k = 0; k < length; k++) biases[bias.range.start + k] += values[k];
  }
  return { unitCount: n, weights, biases };
}

/** The update order: independent sets of the coupling graph laid out one after another. */
export interface UnitLayout {
  /** order[p] = unit at internal position p. */
  order: Int32Array;
  /** position[i] = internal position of unit i. */
  position: Int32Array;
  /** Internal position ranges [start, start + size) of the independent sets. */
  classes: { start: number; size: number }[];
}

/** Greedy colouring of the coupling graph (engine/energy/meanfield/colouring.ts), classes made contiguous. */
export function unitLayout(model: EnergyModelSpec): UnitLayout {
  const sets = couplingClasses(model.unitCount, model.weightBlocks);
  const order = Int32Array.from(sets.flat());
  const position = new Int32Array(model.unitCount);
  order.forEach((unit, p) => (position[unit] = p));
  let start = 0;
  const classes = sets.map((set) => {
    const c = { start, size: set.length };
    start += set.length;
    return c;
  });
  return { order, position, classes };
}

/**
 * The rows of W (internal order) for the units at positions [start, start + size), restricted to the smallest range of
 * positions that holds all their couplings: [size, rangeSize] row-major, with the range.
 */
export function couplingRows(matrix: CouplingMatrix, layout: UnitLayout, start: number, size: number): { values: Float32Array; rangeStart: number; rangeSize: number } {
  const n = matrix.unitCount;
  let lo = n;
  let hi = 0;
  for (let q = start; q < start + size; q++) {
    const row = layout.order[q] * n;
    for (let p = 0; p < n; p++) {
      if (matrix.weights[row + layout.order[p]] !== 0) {
        lo = Math.min(lo, p);
        hi = Math.max(hi, p + 1);
      }
    }
  }
  if (hi <= lo) return { values: new Float32Array(0), rangeStart: 0, rangeSize: 0 };
  const values = new Float32Array(size * (hi - lo));
  for (let q = 0; q < size; q++) {
    const row = layout.order[start + q] * n;
    for (let p = lo; p < hi; p++) values[q * (hi - lo) + p - lo] = matrix.weights[row + layout.order[p]];
  }
  return { values, rangeStart: lo, rangeSize: hi - lo };
}
