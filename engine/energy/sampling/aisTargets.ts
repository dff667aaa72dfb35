import * as tf from '@tensorflow/tfjs';
import type { EnergyModelSpec } from '../../compiler/types';
import { logUnitPartition } from '../rbm/layers';
import type { AnnealTarget } from './aisAnneal';
import type { CouplingMatrix, UnitLayout } from './couplings';

/** Units in an annealing order: order[p] = model unit at internal position p, colour classes contiguous. */
export interface SubLayout {
  order: Int32Array;
  classes: { start: number; size: number }[];
}

/** The layout's colour classes restricted to `units` (a subset of an independent set is independent), empty classes dropped. */
export function restrictLayout(layout: UnitLayout, units: readonly number[]): SubLayout {
  const keep = new Set(units);
  const order: number[] = [];
  const classes: { start: number; size: number }[] = [];
  for (const c of layout.classes) {
    const start = order.length;
    for (let p = c.start; p < c.start + c.size; p++) if (keep.has(layout.order[p])) order.push(layout.order[p]);
    if (order.length > start) classes.push({ start, size: order.length - start });
  }
  return { order: Int32Array.from(order), classes };
}

/** Rows `rows` × columns `cols` (model unit indices) of W, row-major. */
function block(matrix: CouplingMatrix, rows: ArrayLike<number>, cols: ArrayLike<number>): Float32Array {
  const n = matrix.unitCount;
  const out = new Float32Array(rows.length * cols.length);
  for (let r = 0; r < rows.length; r++) for (let c = 0; c < cols.length; c++) out[r * cols.length + c] = matrix.weights[rows[r] * n + cols[c]];
  return out;
}

/** Whether W couples any two of `units` (then Z(v) needs AIS; otherwise the units are independent given the rest). */
export function coupledWithin(matrix: CouplingMatrix, units: readonly number[]): boolean {
  return block(matrix, units, units).some((w) => w !== 0);
}

/**
 * The whole model as an annealing target over all N units: J = W, h = b, base fields a (natural order; the data base
 * rates on visible units, 0 on hidden ones), every chain sharing them.
 */
export function globalTarget(model: EnergyModelSpec, matrix: CouplingMatrix, layout: SubLayout, baseFields: Float32Array, chains: number): AnnealTarget {
  const n = model.unitCount;
  const order = layout.order;
  const base = Float32Array.from(order, (u) => baseFields[u]);
  const gap = Float32Array.from(order, (u, p) => matrix.biases[u] - base[p]);
  return {
    encoding: model.encoding,
    unitCount: n,
    chains,
    classes: layout.classes,
    couplings: tf.tensor2d(block(matrix, order, order), [n, n]),
    base: tf.tensor2d(base, [n, 1]),
    gap: tf.tensor2d(gap, [n, 1]),
  };
}

/** Visible values [V, count] (±1 or 0/1) of `count` patterns of visibleIndices.length bits. */
function visibleColumns(model: EnergyModelSpec, patterns: Uint8Array, count: number): tf.Tensor2D {
  const width = model.visibleIndices.length;
  const low = model.encoding === 'pm1' ? -1 : 0;
  const values = new Float32Array(width * count);
  for (let p = 0; p < count; p++) for (let i = 0; i < width; i++) values[i * count + p] = patterns[p * width + i] ? 1 : low;
  return tf.tensor2d(values, [width, count]);
}

/** Hidden fields φ(v) = W_hv v + c [H, count] and −H_v(v) = ½vᵀW_vv v + b_vᵀv [count] of visible patterns. */
function clampedFields(model: EnergyModelSpec, matrix: CouplingMatrix, hidden: Int32Array, patterns: Uint8Array, count: number): { fields: tf.Tensor2D; visibleTerm: tf.Tensor1D } {
  const visible = model.visibleIndices;
  const v = visible.length;
  return tf.tidy(() => {
    const values = visibleColumns(model, patterns, count);
    const visibleBias = tf.tensor2d(Float32Array.from(visible, (u) => matrix.biases[u]), [v, 1]);
    const visibleTerm = tf.sum(tf.mul(values, tf.add(tf.mul(tf.matMul(tf.tensor2d(block(matrix, visible, visible), [v, v]), values), 0.5), visibleBias)), 0) as tf.Tensor1D;
    const hiddenBias = tf.tensor2d(Float32Array.from(hidden, (u) => matrix.biases[u]), [hidden.length, 1]);
    const fields = hidden.length === 0 ? tf.zeros([0, count]) : tf.add(tf.matMul(tf.tensor2d(block(matrix, hidden, visible), [hidden.length, v]), values), hiddenBias);
    return { fields: fields as tf.Tensor2D, visibleTerm };
  });
}

/**
 * log of Z_A(v) = e^{−H_v(v)} Π_j Σ_{h_j} e^{h_j φ_j(v)} per pattern: exactly log Z(v) = log Σ_h e^{−H(v,h)} when no
 * two hidden units are coupled (hidden units independent given v), and the base of clamped AIS otherwise.
 */
export function clampedBaseLogPartitions(model: EnergyModelSpec, matrix: CouplingMatrix, hidden: Int32Array, patterns: Uint8Array, count: number): Float64Array {
  const { fields, visibleTerm } = clampedFields(model, matrix, hidden, patterns, count);
  try {
    const total = tf.tidy(() => (hidden.length === 0 ? visibleTerm : tf.add(visibleTerm, tf.sum(logUnitPartition(fields, model.encoding), 0))));
    const out = Float64Array.from(total.dataSync());
    total.dispose();
    return out;
  } finally {
    tf.dispose([fields, visibleTerm]);
  }
}

/**
 * Clamped annealing target: the hidden units of `runs` chains per pattern (pattern-major), base p_A(h|v) ∝ e^{φ(v)ᵀh}
 * (the conditional without hidden–hidden couplings) and target e^{φᵀh + ½hᵀW_hh h}, so only W_hh is annealed (d = 0).
 */
export function clampedTarget(model: EnergyModelSpec, matrix: CouplingMatrix, layout: SubLayout, patterns: Uint8Array, count: number, runs: number): AnnealTarget {
  const hidden = layout.order;
  const h = hidden.length;
  const { fields, visibleTerm } = clampedFields(model, matrix, hidden, patterns, count);
  try {
    const base = tf.tidy(() => tf.reshape(tf.tile(tf.reshape(fields, [h, count, 1]), [1, 1, runs]), [h, count * runs]) as tf.Tensor2D);
    return {
      encoding: model.encoding,
      unitCount: h,
      chains: count * runs,
      classes: layout.classes,
      couplings: tf.tensor2d(block(matrix, hidden, hidden), [h, h]),
      base,
      gap: tf.zeros([h, 1]),
    };
  } finally {
    tf.dispose([fields, visibleTerm]);
  }
}

/** chains × N natural-order states → [F, chains] values of the layout's units in internal order. */
export function internalColumns(states: Float32Array, unitCount: number, layout: SubLayout, chains: number): tf.Tensor2D {
  const f = layout.order.length;
  const out = new Float32Array(f * chains);
  for (let p = 0; p < f; p++) {
    const unit = layout.order[p];
    for (let c = 0; c < chains; c++) out[p * chains + c] = states[c * unitCount + unit];
  }
  return tf.tensor2d(out, [f, chains]);
}
