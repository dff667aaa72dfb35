import type { EnergyModelSpec } from '../compiler/types';
import type { ModelParameters } from '../model/parameters';

/** Largest model for which dense N×N couplings and exact enumeration are offered. */
export const MAX_DENSE_UNITS = 24;

/** Dense form of an energy model: H(s) = −½ sᵀ W s − bᵀ s with W symmetric, zero diagonal. */
export interface DenseEnergy {
  unitCount: number;
  /** W, N×N row-major, symmetric with zero diagonal; a lateral block contributes its symmetric part (w_ij + w_ji)/2. */
  couplings: Float32Array;
  /** b, length N (b = −θ in Mehlig's notation). */
  biases: Float32Array;
  /** 1 where some weight block couples units i ≠ j, else 0 (N×N, symmetric). */
  couplingMask: Float32Array;
}

/** Refuses a model too large for dense or enumerated treatment, naming its size and the limit. */
export function assertDenseSize(unitCount: number, what = 'Exact enumeration'): void {
  if (unitCount > MAX_DENSE_UNITS) {
    throw new RangeError(`${what} handles at most ${MAX_DENSE_UNITS} units (2^${MAX_DENSE_UNITS} states); this model has ${unitCount} units`);
  }
}

/** Builds W, b and the coupling mask from the weight and bias blocks (overlapping blocks add). Small models only (≤ 24 units). */
export function denseCouplings(model: EnergyModelSpec, params: ModelParameters): DenseEnergy {
  const n = model.unitCount;
  assertDenseSize(n, 'Dense couplings');
  const couplings = new Float32Array(n * n);
  const couplingMask = new Float32Array(n * n);
  const biases = new Float32Array(n);
  for (const block of model.weightBlocks) {
    const values = params.weights[block.key];
    if (values === undefined) throw new Error(`Parameters lack weights for block '${block.key}'`);
    const [rows, cols] = block.shape;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const i = block.rows.start + r;
        const j = block.cols.start + c;
        if (i === j) continue;
        const w = block.lateral ? 0.5 * values[r * cols + c] : values[r * cols + c];
        couplings[i * n + j] += w;
        couplings[j * n + i] += w;
        couplingMask[i * n + j] = 1;
        couplingMask[j * n + i] = 1;
      }
    }
  }
  for (const bias of model.biasBlocks) {
    const values = params.biases[bias.nodeId];
    if (values === undefined) throw new Error(`Parameters lack biases for node '${bias.nodeId}'`);
    for (let k = 0; k < values.length; k++) biases[bias.range.start + k] += values[k];
  }
  return { unitCount: n, couplings, biases, couplingMask };
}
