import type { EnergyModelSpec, IndexRange, WeightBlock } from '../../compiler/types';
import type { UnitEncoding } from '../../diagram/types';
import { cloneParameters, type ModelParameters } from '../../model/parameters';

/**
 * A restricted Boltzmann machine as plain data: H(v, h) = −vᵀWh − bᵀv − cᵀh (Mehlig eq. 4.29 with b = −θ^(v), c = −θ^(h)).
 * Visible units in the model's visibleIndices order, hidden units in hiddenIndices order.
 */
export interface RbmView {
  encoding: UnitEncoding;
  visibleCount: number;
  hiddenCount: number;
  /** W, visibleCount × hiddenCount row-major; the sum of every weight block touching the pair. */
  weights: Float32Array;
  /** b, length visibleCount. */
  visibleBias: Float32Array;
  /** c, length hiddenCount. */
  hiddenBias: Float32Array;
  /** 1 where some weight block joins visible i to hidden j, else 0 (visibleCount × hiddenCount); undefined when every pair is joined. */
  mask?: Float32Array;
}

/** Where one weight block sits in W: its rows are visible units (`forward`) or hidden units. */
interface BlockPlacement {
  block: WeightBlock;
  forward: boolean;
}

const rangeUnits = (range: IndexRange): number[] => Array.from({ length: range.end - range.start }, (_, k) => range.start + k);

/** Position of each unit in `indices` (−1 for units not in it). */
function positions(unitCount: number, indices: number[]): Int32Array {
  const position = new Int32Array(unitCount).fill(-1);
  indices.forEach((unit, k) => (position[unit] = k));
  return position;
}

/** Places every block of `model` in W, or throws naming the first block that is not visible × hidden. */
function placeBlocks(model: EnergyModelSpec, visiblePos: Int32Array, hiddenPos: Int32Array): BlockPlacement[] {
  if (model.type !== 'energy') throw new Error('An RBM view needs an energy model (couplings), not a belief network');
  if (model.hiddenIndices.length === 0) {
    throw new Error('This model has no hidden units, so it is not a restricted Boltzmann machine: add a hidden layer or an RBM block');
  }
  if (model.weightBlocks.length === 0) throw new Error('This model has no weights joining visible and hidden units: add a coupling or an RBM block');
  const role = (range: IndexRange): 'visible' | 'hidden' | 'mixed' => {
    const units = rangeUnits(range);
    if (units.every((u) => visiblePos[u] >= 0)) return 'visible';
    return units.every((u) => hiddenPos[u] >= 0) ? 'hidden' : 'mixed';
  };
  return model.weightBlocks.map((block) => {
    const rows = role(block.rows);
    const cols = role(block.cols);
    if (block.lateral || rows === 'mixed' || cols === 'mixed' || rows === cols) {
      throw new Error(
        `Weights '${block.key}' join ${rows} units to ${cols} units; a restricted Boltzmann machine only couples visible to hidden units: ` +
          'delete visible–visible and hidden–hidden couplings (or train it as a general Boltzmann machine)',
      );
    }
    return { block, forward: rows === 'visible' };
  });
}

/** W, b, c (and the connectivity mask) of an RBM-structured energy model: one or more RBM blocks, or visible layers coupled to hidden layers. */
export function rbmView(model: EnergyModelSpec, params: ModelParameters): RbmView {
  const visiblePos = positions(model.unitCount, model.visibleIndices);
  const hiddenPos = positions(model.unitCount, model.hiddenIndices);
  const placements = placeBlocks(model, visiblePos, hiddenPos);
  const visibleCount = model.visibleIndices.length;
  const hiddenCount = model.hiddenIndices.length;
  const weights = new Float32Array(visibleCount * hiddenCount);
  const mask = new Float32Array(visibleCount * hiddenCount);
  for (const { block, forward } of placements) {
    const values = params.weights[block.key];
    if (values === undefined) throw new Error(`Parameters lack weights for block '${block.key}'`);
    const [rows, cols] = block.shape;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const v = forward ? visiblePos[block.rows.start + r] : visiblePos[block.cols.start + c];
        const h = forward ? hiddenPos[block.cols.start + c] : hiddenPos[block.rows.start + r];
        weights[v * hiddenCount + h] += values[r * cols + c];
        mask[v * hiddenCount + h] = 1;
      }
    }
  }
  const visibleBias = new Float32Array(visibleCount);
  const hiddenBias = new Float32Array(hiddenCount);
  for (const bias of model.biasBlocks) {
    const values = params.biases[bias.nodeId];
    if (values === undefined) throw new Error(`Parameters lack biases for node '${bias.nodeId}'`);
    for (let k = 0; k < values.length; k++) {
      const unit = bias.range.start + k;
      if (visiblePos[unit] >= 0) visibleBias[visiblePos[unit]] += values[k];
      else hiddenBias[hiddenPos[unit]] += values[k];
    }
  }
  const full = mask.every((m) => m === 1);
  return { encoding: model.encoding, visibleCount, hiddenCount, weights, visibleBias, hiddenBias, ...(full ? {} : { mask }) };
}

/**
 * `base` (or empty parameters) with every weight block and bias of `model` read back from `view`. Where two blocks join the
 * same pair (which the compiler refuses as duplicate edges), the first block takes the whole weight and the others 0.
 */
export function rbmParameters(model: EnergyModelSpec, view: RbmView, base?: ModelParameters): ModelParameters {
  const visiblePos = positions(model.unitCount, model.visibleIndices);
  const hiddenPos = positions(model.unitCount, model.hiddenIndices);
  const params = base ? cloneParameters(base) : { weights: {}, biases: {} };
  const taken = new Uint8Array(view.visibleCount * view.hiddenCount);
  for (const { block, forward } of placeBlocks(model, visiblePos, hiddenPos)) {
    const [rows, cols] = block.shape;
    const values = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const v = forward ? visiblePos[block.rows.start + r] : visiblePos[block.cols.start + c];
        const h = forward ? hiddenPos[block.cols.start + c] : hiddenPos[block.rows.start + r];
        const k = v * view.hiddenCount + h;
        if (taken[k]) continue;
        taken[k] = 1;
        values[r * cols + c] = view.weights[k];
      }
    }
    params.weights[block.key] = values;
  }
  for (const bias of model.biasBlocks) {
    const values = new Float32Array(bias.range.end - bias.range.start);
    for (let k = 0; k < values.length; k++) {
      const unit = bias.range.start + k;
      values[k] = visiblePos[unit] >= 0 ? view.visibleBias[visiblePos[unit]] : view.hiddenBias[hiddenPos[unit]];
    }
    params.biases[bias.nodeId] = values;
  }
  return params;
}

/** Undefined when `model` has RBM structure (visible × hidden weights only), else the reason it has not. */
export function rbmStructureProblem(model: EnergyModelSpec): string | undefined {
  try {
    placeBlocks(model, positions(model.unitCount, model.visibleIndices), positions(model.unitCount, model.hiddenIndices));
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
