import type { CompiledModel } from '../../../engine/compiler/types';

/** Most binary units whose 2^k states the engine enumerates (MAX_DENSE_UNITS in engine/energy/dense.ts). */
export const EXACT_UNIT_LIMIT = 24;

/** Whether exact evaluation (enumerating states) is within reach, and how many binary units it must enumerate. */
export interface ExactFeasibility {
  feasible: boolean;
  /** Units whose 2^k joint states an exact evaluation sums over. */
  enumeratedUnits: number;
  /** One line for the summary, e.g. "feasible: 2^7 = 128 states". */
  text: string;
}

/**
 * Exact evaluation needs the partition function or the likelihood as a sum over states:
 * energy models sum over all 2^N states, except an RBM, whose conditional independence sums one layer out in closed form
 * (Mehlig §4.3), leaving 2^min(v, h); a sigmoid belief network's P(v) sums over its 2^H hidden configurations.
 */
export function exactFeasibility(model: CompiledModel, limit: number = EXACT_UNIT_LIMIT): ExactFeasibility {
  const visible = model.visibleIndices.length;
  const hidden = model.hiddenIndices.length;
  let units: number;
  let over: string;
  if (model.type === 'belief') {
    units = hidden;
    over = 'hidden states';
  } else if (model.family === 'rbm') {
    units = Math.min(visible, hidden);
    over = `states of the smaller layer`;
  } else {
    units = model.unitCount;
    over = 'states';
  }
  const count = units <= 52 ? `2^${units} = ${(2 ** units).toLocaleString('en-US')}` : `2^${units.toLocaleString('en-US')}`;
  const feasible = units <= limit;
  return {
    feasible,
    enumeratedUnits: units,
    text: feasible ? `feasible: ${count} ${over}` : `not feasible: ${count} ${over} (at most 2^${limit}); use sampling or mean field`,
  };
}
