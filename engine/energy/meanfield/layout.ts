import * as tf from '@tensorflow/tfjs';
import type { EnergyModelSpec, WeightBlock } from '../../compiler/types';
import { couplingClasses } from './colouring';

/** How the couplings W are held on the backend: one N×N matrix, or the weight blocks themselves. */
export type CouplingStorage = 'dense' | 'blocks';

/** A run of units updated together in a sequential sweep: internal positions [start, start + size). */
export interface UnitClass {
  start: number;
  size: number;
}

/**
 * Static structure of a model's couplings, built once per model: the internal unit order (independent sets
 * contiguous), the storage chosen, and for dense storage the scatter indices that place every block entry in W.
 */
export interface CouplingLayout {
  model: EnergyModelSpec;
  unitCount: number;
  storage: CouplingStorage;
  /** order[p] = unit index at internal position p (independent sets one after another). */
  order: Int32Array;
  /** position[i] = internal position of unit i. */
  position: Int32Array;
  /** True when order is 0…N−1 (no permutation needed). */
  identity: boolean;
  classes: UnitClass[];
  /** Dense storage: flat index into W (N×N, internal order) for each entry of [v_b, v_b] concatenated over blocks; N·N for i = j. */
  scatterIndices?: tf.Tensor2D;
  dispose(): void;
}

/** Units up to which dense W is always used (one matMul beats many small block products). */
const DENSE_UNIT_LIMIT = 512;

/** Dense when N ≤ 512 or the blocks fill at least a quarter of N² (then W costs at most 4× the block products). */
export function chooseStorage(model: EnergyModelSpec): CouplingStorage {
  const n = model.unitCount;
  const filled = model.weightBlocks.reduce((sum, b) => sum + b.shape[0] * b.shape[1], 0);
  return n <= DENSE_UNIT_LIMIT || n * n <= 4 * filled ? 'dense' : 'blocks';
}

function scatterIndices(blocks: readonly WeightBlock[], position: Int32Array, n: number): tf.Tensor2D {
  const total = blocks.reduce((sum, b) => sum + 2 * b.shape[0] * b.shape[1], 0);
  const indices = new Int32Array(total);
  let k = 0;
  for (const b of blocks) {
    const [rows, cols] = b.shape;
    const length = rows * cols;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const i = b.rows.start + r;
        const j = b.cols.start + c;
        const e = r * cols + c;
        // Self-pairs go to the spare slot N·N, which is cut off: W has a zero diagonal.
        indices[k + e] = i === j ? n * n : position[i] * n + position[j];
        indices[k + length + e] = i === j ? n * n : position[j] * n + position[i];
      }
    }
    k += 2 * length;
  }
  return tf.tensor2d(indices, [total, 1], 'int32');
}

/** The layout of `model`'s couplings (storage chosen automatically unless given); dispose() frees its index tensor. */
export function createCouplingLayout(model: EnergyModelSpec, storage: CouplingStorage = chooseStorage(model)): CouplingLayout {
  const n = model.unitCount;
  const unitClasses = couplingClasses(n, model.weightBlocks);
  const order = Int32Array.from(unitClasses.flat());
  const position = new Int32Array(n);
  order.forEach((unit, p) => (position[unit] = p));
  const classes: UnitClass[] = [];
  let start = 0;
  for (const c of unitClasses) {
    classes.push({ start, size: c.length });
    start += c.length;
  }
  const indices = storage === 'dense' && model.weightBlocks.length > 0 ? scatterIndices(model.weightBlocks, position, n) : undefined;
  return {
    model,
    unitCount: n,
    storage,
    order,
    position,
    identity: order.every((unit, p) => unit === p),
    classes,
    scatterIndices: indices,
    dispose: () => indices?.dispose(),
  };
}
