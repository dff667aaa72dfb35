import { compile } from '../../../../engine/compiler/compile';
import type { EnergyModelSpec } from '../../../../engine/compiler/types';
import type { UnitEncoding } from '../../../../engine/diagram/types';
import { exactVisibleLogProbabilities } from '../../../../engine/energy/exact';
import type { ModelParameters } from '../../../../engine/model/parameters';
import { coupling, diagram, layer } from '../../diagram/examples';

/**
 * Peterson & Anderson's XOR net: 2 input units, 4 hidden, 1 output, inputs↔hidden and hidden↔output couplings, thresholds
 * on every unit (the layered 2-4-1 wiring; the seeds' note names only the unit counts). Visible order: x1, x2, y.
 */
export function petersonAndersonXor(encoding: UnitEncoding = 'pm1'): EnergyModelSpec {
  const result = compile(
    diagram(
      [layer('in', 'visible', 2), layer('hidden', 'hidden', 4), layer('out', 'visible', 1)],
      [coupling('in-hidden', 'in', 'hidden'), coupling('hidden-out', 'hidden', 'out')],
      undefined,
      encoding,
    ),
  );
  if (!result.ok || result.model.type !== 'energy') throw new Error('the XOR diagram should compile to an energy model');
  return result.model;
}

/** Share of the four XOR inputs whose exact conditional P(y | x1, x2) (hidden units summed out) favours y = x1 XOR x2. */
export function exactXorAccuracy(model: EnergyModelSpec, params: ModelParameters): number {
  const patterns = Uint8Array.from([0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1]);
  const logP = exactVisibleLogProbabilities(model, params, patterns, 8);
  let correct = 0;
  for (let x = 0; x < 4; x++) {
    const [y0, y1] = [logP[2 * x], logP[2 * x + 1]];
    const xor = patterns[6 * x] !== patterns[6 * x + 1];
    if ((y1 > y0) === xor) correct++;
  }
  return correct / 4;
}
