import * as tf from '@tensorflow/tfjs';
import type { UnitEncoding } from '../../diagram/types';
import type { ClampTensors } from './iterate';
import type { CouplingLayout } from './layout';

/** Units held fixed while the others relax, one row of values per pattern (batched clamping). */
export interface ClampSpec {
  /** Model unit indices to clamp (distinct). */
  units: number[];
  /** batch × units.length values in the model's encoding: in [−1, 1] for ±1 units, [0, 1] for 0/1 units. */
  values: Float32Array;
  /** batch × units.length, 1 where that unit is clamped for that pattern (partial patterns); default: all clamped. */
  present?: Uint8Array;
}

/** Patterns described by `clamp` (its rows), checking its shape, units and values; names what is wrong. */
export function clampBatch(clamp: ClampSpec, unitCount: number, encoding: UnitEncoding): number {
  const width = clamp.units.length;
  if (new Set(clamp.units).size !== width) throw new Error('Clamped units must be distinct');
  const outside = clamp.units.find((u) => !Number.isInteger(u) || u < 0 || u >= unitCount);
  if (outside !== undefined) throw new RangeError(`Clamped unit ${outside} is not a unit of this model (0…${unitCount - 1})`);
  if (width === 0) throw new Error('A clamp needs at least one unit; leave `clamp` out to clamp nothing');
  if (clamp.values.length % width !== 0) throw new Error(`Clamp values hold ${clamp.values.length} numbers, not a multiple of the ${width} clamped units`);
  if (clamp.present !== undefined && clamp.present.length !== clamp.values.length) {
    throw new Error(`Clamp 'present' has ${clamp.present.length} entries but 'values' has ${clamp.values.length}`);
  }
  const [low, high] = encoding === 'pm1' ? [-1, 1] : [0, 1];
  const bad = clamp.values.find((v) => !(v >= low && v <= high));
  if (bad !== undefined) throw new RangeError(`Clamp values of ${encoding} units must lie in [${low}, ${high}]; got ${bad}`);
  return clamp.values.length / width;
}

/** The clamp as [batch, N] mask and value tensors in the layout's internal unit order. */
export function clampTensors(layout: CouplingLayout, clamp: ClampSpec, batch: number): ClampTensors {
  const n = layout.unitCount;
  const width = clamp.units.length;
  const mask = new Float32Array(batch * n);
  const values = new Float32Array(batch * n);
  for (let p = 0; p < batch; p++) {
    for (let k = 0; k < width; k++) {
      if (clamp.present !== undefined && clamp.present[p * width + k] === 0) continue;
      const at = p * n + layout.position[clamp.units[k]];
      mask[at] = 1;
      values[at] = clamp.values[p * width + k];
    }
  }
  return { mask: tf.tensor2d(mask, [batch, n]), values: tf.tensor2d(values, [batch, n]) };
}
