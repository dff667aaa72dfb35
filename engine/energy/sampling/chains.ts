import * as tf from '@tensorflow/tfjs';
import type { EnergyModelSpec } from '../../compiler/types';
import type { UnitEncoding } from '../../diagram/types';
import type { ModelParameters } from '../../model/parameters';
import type { SeededRandom } from '../../random/seeded';
import { couplingMatrix, couplingRows, unitLayout, type CouplingMatrix, type UnitLayout } from './couplings';

/** How one unit (or an independent set of units) is resampled: heat bath (Gibbs) or a Metropolis flip. */
export type SamplerMethod = 'gibbs' | 'metropolis';

/**
 * Which units change together: 'colour' updates each independent set of the coupling graph at once (greedy colouring;
 * two sets for bipartite structure, so a sweep is a few batched products); 'sequential' updates one unit after another
 * (the plain reference sampler).
 */
export type SweepOrder = 'colour' | 'sequential';

/** Units held fixed, per chain: mask and values chains × N (natural unit order), or N entries shared by every chain. */
export interface ChainClamp {
  /** 1 where the unit is clamped in that chain. */
  mask: Uint8Array;
  /** Clamped values in the model's encoding (±1, or 0/1); entries where the mask is 0 are ignored. */
  values: Float32Array;
}

/** Settings of a set of parallel chains. */
export interface ChainSetup {
  chains: number;
  /** Seed of the initial states and of every random draw. */
  random: SeededRandom;
  /** Starting states, chains × N in natural order; default uniform random states. */
  initial?: Float32Array;
  clamp?: ChainClamp;
}

/** Units updated in one step: internal positions [start, start + size), their rows of W over [rangeStart, +rangeSize), biases and clamps. */
interface UpdateGroup {
  start: number;
  size: number;
  rangeStart: number;
  rangeSize: number;
  /** [size, rangeSize], or undefined when the units have no couplings. */
  weights?: tf.Tensor2D;
  /** [size, 1]. */
  bias: tf.Tensor2D;
  /** 1 where the unit is free in that chain, 0 where clamped [size, chains]. */
  freeMask?: tf.Tensor2D;
  /** Clamped values where clamped, 0 elsewhere [size, chains]. */
  clampValues?: tf.Tensor2D;
}

/**
 * Parallel Markov chains of one energy model on the backend. States are held unit-major, [N, chains] in the layout's
 * internal order, so that an independent set is a block of rows: row slices and row concatenation are cheap on the wasm
 * backend, column slices and column concatenation are not.
 */
export interface ChainSet {
  model: EnergyModelSpec;
  chains: number;
  /** order[p] = unit at internal position p. */
  order: Int32Array;
  /** Current states [N, chains], internal order; replaced (old one disposed) by every sweep. */
  states: tf.Tensor2D;
  /** Independent sets with at least one unit free in some chain (colour classes). */
  colourGroups: number;
  /** One sweep at inverse temperature β (Infinity: zero-temperature descent, ties keep the current state). */
  sweep(beta: number, method: SamplerMethod, order: SweepOrder): void;
  /** H(s) = −½ sᵀWs − bᵀs per chain [chains] (caller disposes). */
  energies(): tf.Tensor1D;
  /** Unit-major internal-order states [N, chains] as chains × N in natural order. */
  toNatural(states: tf.Tensor2D): Float32Array;
  /** Current states, chains × N in natural order. */
  naturalStates(): Float32Array;
  dispose(): void;
}

const high = 1;
const lowOf = (encoding: UnitEncoding): number => (encoding === 'pm1' ? -1 : 0);

/** Checks the clamp's shape and values and expands it to chains × N. */
function expandClamp(clamp: ChainClamp, chains: number, n: number, encoding: UnitEncoding): ChainClamp {
  const shared = clamp.mask.length === n;
  if (!shared && clamp.mask.length !== chains * n) {
    throw new Error(`Clamp mask has ${clamp.mask.length} entries; give N = ${n} (shared by all chains) or chains × N = ${chains * n}`);
  }
  if (clamp.values.length !== clamp.mask.length) {
    throw new Error(`Clamp values have ${clamp.values.length} entries but the mask has ${clamp.mask.length}; give one value per mask entry`);
  }
  const low = lowOf(encoding);
  const mask = new Uint8Array(chains * n);
  const values = new Float32Array(chains * n);
  for (let c = 0; c < chains; c++) {
    for (let i = 0; i < n; i++) {
      const k = shared ? i : c * n + i;
      if (clamp.mask[k] === 0) continue;
      const v = clamp.values[k];
      if (v !== low && v !== high) throw new RangeError(`Clamped value ${v} (unit ${i}) is not a ${encoding} state; use ${low} or ${high}`);
      mask[c * n + i] = 1;
      values[c * n + i] = v;
    }
  }
  return { mask, values };
}

/** Starting states, chains × N natural order, with clamped values in place. */
function initialStates(model: EnergyModelSpec, setup: ChainSetup, clamp: ChainClamp | undefined): Float32Array {
  const n = model.unitCount;
  const total = setup.chains * n;
  const low = lowOf(model.encoding);
  let states: Float32Array;
  if (setup.initial !== undefined) {
    if (setup.initial.length !== total) throw new Error(`Initial states hold ${setup.initial.length} numbers; expected chains × N = ${total}`);
    const bad = setup.initial.find((v) => v !== low && v !== high);
    if (bad !== undefined) throw new RangeError(`Initial state value ${bad} is not a ${model.encoding} state; use ${low} or ${high}`);
    states = Float32Array.from(setup.initial);
  } else {
    const random = setup.random.fork('initial-states');
    states = Float32Array.from({ length: total }, () => (random.next() < 0.5 ? low : high));
  }
  if (clamp) for (let k = 0; k < total; k++) if (clamp.mask[k]) states[k] = clamp.values[k];
  return states;
}

/** chains × N natural order → [N, chains] internal order. */
function unitMajor(values: Float32Array, chains: number, layout: UnitLayout): Float32Array {
  const n = layout.order.length;
  const out = new Float32Array(values.length);
  for (let p = 0; p < n; p++) {
    const unit = layout.order[p];
    for (let c = 0; c < chains; c++) out[p * chains + c] = values[c * n + unit];
  }
  return out;
}

const rows = (x: tf.Tensor2D, start: number, size: number): tf.Tensor2D => tf.slice(x, [start, 0], [size, -1]);

/** x with rows [start, start + size) replaced by `part`. */
function replaceRows(x: tf.Tensor2D, start: number, part: tf.Tensor2D): tf.Tensor2D {
  const n = x.shape[0];
  const end = start + part.shape[0];
  const pieces = [...(start > 0 ? [rows(x, 0, start)] : []), part, ...(end < n ? [rows(x, end, n - end)] : [])];
  return pieces.length === 1 ? tf.clone(part) : tf.concat(pieces, 0);
}

/**
 * 1 where x > 0, else `otherwise`. Decisions use the step kernel: comparison and where kernels are many times slower
 * on the wasm backend, and its sign kernel returns 0 for |x| < 1e-7.
 */
const positive = (x: tf.Tensor, otherwise = 0): tf.Tensor => tf.step(x, otherwise);

/**
 * New values of a group of units given their local fields f = (Ws + b) restricted to the group.
 * Gibbs (Mehlig eq. 3.1): P(s = 1) = σ(2βf) for ±1 units, σ(βf) for 0/1 units. Metropolis: flip, accepted with
 * probability min(1, e^{−βΔH}), ΔH = −(s′ − s)f. At β = ∞ both descend: Gibbs takes sgn(f) (keeps s when f = 0),
 * Metropolis flips only when ΔH < 0.
 */
function resample(field: tf.Tensor2D, current: () => tf.Tensor2D, beta: number, method: SamplerMethod, encoding: UnitEncoding, seed: number): tf.Tensor2D {
  if (method === 'gibbs') {
    if (beta === Infinity) {
      const old = current();
      const up = positive(field);
      const down = positive(tf.neg(field));
      const keep = tf.mul(tf.sub(tf.sub(1, up), down), old);
      return tf.add(encoding === 'pm1' ? tf.sub(up, down) : up, keep) as tf.Tensor2D;
    }
    const p = tf.sigmoid(tf.mul(field, encoding === 'pm1' ? 2 * beta : beta));
    // s = 1 when u < p, else −1 (±1 units) or 0 (0/1 units).
    return positive(tf.sub(p, tf.randomUniform(field.shape, 0, 1, 'float32', seed)), lowOf(encoding)) as tf.Tensor2D;
  }
  const old = current();
  const step = encoding === 'pm1' ? tf.mul(old, -2) : tf.sub(1, tf.mul(old, 2));
  const gain = tf.mul(step, field);
  const accept = beta === Infinity ? positive(gain) : positive(tf.sub(tf.exp(tf.mul(gain, beta)), tf.randomUniform(old.shape, 0, 1, 'float32', seed)));
  return tf.add(old, tf.mul(accept, step)) as tf.Tensor2D;
}

/** Tensors of the units at [start, start + size), or undefined when every one of them is clamped in every chain. */
function updateGroup(matrix: CouplingMatrix, layout: UnitLayout, clamp: ChainClamp | undefined, chains: number, start: number, size: number): UpdateGroup | undefined {
  const n = matrix.unitCount;
  let clampedEverywhere = clamp !== undefined;
  let clampedSomewhere = false;
  if (clamp) {
    for (let c = 0; c < chains; c++) {
      for (let q = start; q < start + size; q++) {
        const on = clamp.mask[c * n + layout.order[q]] === 1;
        clampedEverywhere &&= on;
        clampedSomewhere ||= on;
      }
    }
  }
  if (clampedEverywhere) return undefined;
  const coupling = couplingRows(matrix, layout, start, size);
  const group: UpdateGroup = {
    start,
    size,
    rangeStart: coupling.rangeStart,
    rangeSize: coupling.rangeSize,
    weights: coupling.rangeSize > 0 ? tf.tensor2d(coupling.values, [size, coupling.rangeSize]) : undefined,
    bias: tf.tensor2d(Float32Array.from({ length: size }, (_, q) => matrix.biases[layout.order[start + q]]), [size, 1]),
  };
  if (clamp && clampedSomewhere) {
    const free = new Float32Array(size * chains);
    const values = new Float32Array(size * chains);
    for (let q = 0; q < size; q++) {
      for (let c = 0; c < chains; c++) {
        const at = c * n + layout.order[start + q];
        free[q * chains + c] = 1 - clamp.mask[at];
        values[q * chains + c] = clamp.mask[at] ? clamp.values[at] : 0;
      }
    }
    group.freeMask = tf.tensor2d(free, [size, chains]);
    group.clampValues = tf.tensor2d(values, [size, chains]);
  }
  return group;
}

const groupTensors = (g: UpdateGroup): tf.Tensor[] => [g.bias, ...(g.weights ? [g.weights] : []), ...(g.freeMask ? [g.freeMask, g.clampValues!] : [])];

/** Starts `setup.chains` chains of `model` at `params` (clamped units held at their values throughout). */
export function createChainSet(model: EnergyModelSpec, params: ModelParameters, setup: ChainSetup): ChainSet {
  const n = model.unitCount;
  const { chains, random } = setup;
  if (!Number.isInteger(chains) || chains < 1) throw new RangeError(`Chains must be a whole number ≥ 1; got ${chains}`);
  const clamp = setup.clamp ? expandClamp(setup.clamp, chains, n, model.encoding) : undefined;
  const natural = initialStates(model, setup, clamp);
  const matrix = couplingMatrix(model, params);
  const layout = unitLayout(model);
  const owned: tf.Tensor[] = [];
  const groupsOf = (specs: { start: number; size: number }[]): UpdateGroup[] => {
    const made = specs.flatMap((s) => updateGroup(matrix, layout, clamp, chains, s.start, s.size) ?? []);
    owned.push(...made.flatMap(groupTensors));
    return made;
  };
  try {
    const colour = groupsOf(layout.classes);
    let singles: UpdateGroup[] | undefined;
    let energy: { weights: tf.Tensor2D; biases: tf.Tensor2D } | undefined;
    const set: ChainSet = {
      model,
      chains,
      order: layout.order,
      states: tf.tensor2d(unitMajor(natural, chains, layout), [n, chains]),
      colourGroups: colour.length,
      sweep(beta, method, sweepOrder) {
        if (!(beta >= 0)) throw new RangeError(`Inverse temperature β must be ≥ 0 (Infinity for a zero-temperature sweep); got ${beta}`);
        const groups = sweepOrder === 'colour' ? colour : (singles ??= groupsOf(Array.from({ length: n }, (_, q) => ({ start: q, size: 1 }))));
        for (const g of groups) {
          const seed = random.tfSeed();
          const next = tf.tidy(() => {
            const s = set.states;
            const field = (
              g.weights ? tf.add(tf.matMul(g.weights, g.rangeSize === n ? s : rows(s, g.rangeStart, g.rangeSize)), g.bias) : tf.broadcastTo(g.bias, [g.size, chains])
            ) as tf.Tensor2D;
            let updated = resample(field, () => rows(s, g.start, g.size), beta, method, model.encoding, seed);
            if (g.freeMask) updated = tf.add(tf.mul(updated, g.freeMask), g.clampValues!) as tf.Tensor2D;
            return replaceRows(s, g.start, updated);
          });
          set.states.dispose();
          set.states = next;
        }
      },
      energies() {
        energy ??= tf.tidy(() => {
          const internal = new Float32Array(n * n);
          for (let p = 0; p < n; p++) for (let q = 0; q < n; q++) internal[p * n + q] = matrix.weights[layout.order[p] * n + layout.order[q]];
          const e = { weights: tf.tensor2d(internal, [n, n]), biases: tf.tensor2d(Float32Array.from(layout.order, (u) => matrix.biases[u]), [n, 1]) };
          owned.push(e.weights, e.biases);
          return e;
        });
        const { weights, biases } = energy;
        return tf.tidy(() => tf.neg(tf.sum(tf.mul(set.states, tf.add(tf.mul(tf.matMul(weights, set.states), 0.5), biases)), 0)) as tf.Tensor1D);
      },
      toNatural(states) {
        const raw = states.dataSync();
        const out = new Float32Array(raw.length);
        for (let p = 0; p < n; p++) {
          const unit = layout.order[p];
          for (let c = 0; c < chains; c++) out[c * n + unit] = raw[p * chains + c];
        }
        return out;
      },
      naturalStates: () => set.toNatural(set.states),
      dispose() {
        set.states.dispose();
        tf.dispose(owned);
      },
    };
    return set;
  } catch (error) {
    tf.dispose(owned);
    throw error;
  }
}
