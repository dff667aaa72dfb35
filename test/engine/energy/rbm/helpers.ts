import { compile } from '../../../../engine/compiler/compile';
import type { EnergyModelSpec } from '../../../../engine/compiler/types';
import type { UnitEncoding } from '../../../../engine/diagram/types';
import type { RbmView } from '../../../../engine/energy/rbm/view';
import { coupling, diagram, layer, rbm, unit } from '../../diagram/examples';

/** Compiles a diagram that must give an energy model. */
export function compileEnergy(...args: Parameters<typeof diagram>): EnergyModelSpec {
  const result = compile(diagram(...args));
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('; '));
  if (result.model.type !== 'energy') throw new Error('expected an energy model');
  return result.model;
}

/**
 * An RBM-family model of several blocks: an RBM block R (2 visible, 2 hidden), a visible layer V (3) coupled to a
 * hidden layer H (3) by an edge listed hidden → visible (transposed block), and a visible unit u coupled to H. W is
 * 6 × 5 with the R-block and the layer blocks disjoint, so the mask has zeros.
 */
export function multiBlockRbm(encoding: UnitEncoding = 'pm1'): EnergyModelSpec {
  return compileEnergy(
    [rbm('R', 2, 2), layer('H', 'hidden', 3), layer('V', 'visible', 3), unit('u', 'visible')],
    [coupling('hv', 'H', 'V'), coupling('uh', 'u', 'H')],
    undefined,
    encoding,
  );
}

/** E[s | field] in float64: tanh for ±1 units, logistic for 0/1 units. */
export const meanOf = (field: number, encoding: UnitEncoding): number => (encoding === 'pm1' ? Math.tanh(field) : 1 / (1 + Math.exp(-field)));

/** Float64 hidden fields Wᵀx + c of column-layout states (V × n) → H × n. */
export function hiddenFieldsRef(view: RbmView, states: ArrayLike<number>, n: number): Float64Array {
  const { visibleCount: v, hiddenCount: h } = view;
  const out = new Float64Array(h * n);
  for (let j = 0; j < h; j++) {
    for (let b = 0; b < n; b++) {
      let sum = view.hiddenBias[j];
      for (let i = 0; i < v; i++) sum += view.weights[i * h + j] * states[i * n + b];
      out[j * n + b] = sum;
    }
  }
  return out;
}

/** Float64 visible fields Wh + b of column-layout hidden states (H × n) → V × n. */
export function visibleFieldsRef(view: RbmView, hidden: ArrayLike<number>, n: number): Float64Array {
  const { visibleCount: v, hiddenCount: h } = view;
  const out = new Float64Array(v * n);
  for (let i = 0; i < v; i++) {
    for (let b = 0; b < n; b++) {
      let sum = view.visibleBias[i];
      for (let j = 0; j < h; j++) sum += view.weights[i * h + j] * hidden[j * n + b];
      out[i * n + b] = sum;
    }
  }
  return out;
}

/** Largest absolute difference between two arrays of equal length. */
export function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
  let worst = 0;
  for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k] - b[k]));
  return worst;
}
