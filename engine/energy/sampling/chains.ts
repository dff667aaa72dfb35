import * as tf from '@tensorflow/tfjs';
import type { EnergyModelSpec } from '../../compiler/types';
import type { UnitEncoding } from '../../diagram/types';
import type { ModelParameters } from '../../model/parameters';
import type { SeededRandom } from '../../random/seeded';
import { createMeanFieldContext, type MeanFieldContext } from '../meanfield/fixedPoint';

/** How one unit (or an independent set of units) is resampled: heat bath (Gibbs) or a Metropolis flip. */
export type SamplerMethod = 'gibbs' | 'metropolis';

/**
 * Which units change together: 'colour' updates each independent set of the coupling graph at once (greedy colouring;
 * two sets for bipartite structure, so a sweep is a few batched products); 'sequential' updates one unit after another
 * (the plain reference sampler, one full product per unit).
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

/** Units updated in one step, internal positions [start, start + size), with their biases and per-chain clamps. */
interface UpdateGroup {
  /** Index into the layout's classes, or −1 for a single unit of the sequential sweep. */
  classIndex: number;
  start: number;
  size: number;
  bias: tf.Tensor2D;
  /** 1 where the unit is free in that chain, 0 where clamped [chains, size]. */
  freeMask?: tf.Tensor2D;
  /** Clamped values where clamped, 0 elsewhere [chains, size]. */
  clampValues?: tf.Tensor2D;
}

/** Parallel Markov chains of one energy model on the backend; states live in the coupling layout's internal order. */
export interface ChainSet {
  model: EnergyModelSpec;
  chains: number;
  context: MeanFieldContext;
  /** Current states [chains, N], internal order; replaced (old one disposed) by every sweep. */
  states: tf.Tensor2D;
  /** Independent sets with at least one unit free in some chain (colour classes). */
  colourGroups: number;
  /** One sweep at inverse temperature β (Infinity: zero-temperature descent, ties keep the current state). */
  sweep(beta: number, method: SamplerMethod, order: SweepOrder): void;
  /** H(s) = −½ sᵀWs − bᵀs per chain [chains] (caller disposes). */
  energies(): tf.Tensor1D;
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

const columns = (x: tf.Tensor2D, start: number, size: number): tf.Tensor2D => tf.slice(x, [0, start], [-1, size]);

/** x with columns [start, start + size) replaced by `part`. */
function replaceColumns(x: tf.Tensor2D, start: number, part: tf.Tensor2D): tf.Tensor2D {
  const n = x.shape[1];
  const end = start + part.shape[1];
  const pieces = [...(start > 0 ? [columns(x, 0, start)] : []), part, ...(end < n ? [columns(x, end, n - end)] : [])];
  return pieces.length === 1 ? tf.clone(part) : tf.concat(pieces, 1);
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
    return positive(tf.sub(p, tf.randomUniform(field.shape, 0, 1, 'float32', seed)), encoding === 'pm1' ? -1 : 0) as tf.Tensor2D;
  }
  const old = current();
  const step = encoding === 'pm1' ? tf.mul(old, -2) : tf.sub(1, tf.mul(old, 2));
  const gain = tf.mul(step, field);
  const accept = beta === Infinity ? positive(gain) : positive(tf.sub(tf.exp(tf.mul(gain, beta)), tf.randomUniform(old.shape, 0, 1, 'float32', seed)));
  return tf.add(old, tf.mul(accept, step)) as tf.Tensor2D;
}

function groupTensors(
  context: MeanFieldContext,
  clamp: ChainClamp | undefined,
  chains: number,
  groups: { classIndex: number; start: number; size: number }[],
): UpdateGroup[] {
  const { layout, operator } = context;
  const n = layout.unitCount;
  return groups.flatMap(({ classIndex, start, size }) => {
    let clampedEverywhere = true;
    let clampedSomewhere = false;
    if (clamp) {
      for (let c = 0; c < chains; c++) {
        for (let q = start; q < start + size; q++) {
          const on = clamp.mask[c * n + layout.order[q]] === 1;
          clampedEverywhere &&= on;
          clampedSomewhere ||= on;
        }
      }
    } else clampedEverywhere = false;
    if (clampedEverywhere) return [];
    const bias = columns(operator.biases, start, size);
    if (!clampedSomewhere || !clamp) return [{ classIndex, start, size, bias }];
    const free = new Float32Array(chains * size);
    const values = new Float32Array(chains * size);
    for (let c = 0; c < chains; c++) {
      for (let q = 0; q < size; q++) {
        const at = c * n + layout.order[start + q];
        free[c * size + q] = 1 - clamp.mask[at];
        values[c * size + q] = clamp.mask[at] ? clamp.values[at] : 0;
      }
    }
    return [{ classIndex, start, size, bias, freeMask: tf.tensor2d(free, [chains, size]), clampValues: tf.tensor2d(values, [chains, size]) }];
  });
}

/** Starts `setup.chains` chains of `model` at `params` (clamped units held at their values throughout). */
export function createChainSet(model: EnergyModelSpec, params: ModelParameters, setup: ChainSetup): ChainSet {
  const n = model.unitCount;
  const { chains, random } = setup;
  if (!Number.isInteger(chains) || chains < 1) throw new RangeError(`Chains must be a whole number ≥ 1; got ${chains}`);
  const clamp = setup.clamp ? expandClamp(setup.clamp, chains, n, model.encoding) : undefined;
  const natural = initialStates(model, setup, clamp);
  const context = createMeanFieldContext(model, params);
  const { layout, operator } = context;
  const owned: tf.Tensor[] = [];
  try {
    const groupsOf = (specs: { classIndex: number; start: number; size: number }[]): UpdateGroup[] => {
      const made = groupTensors(context, clamp, chains, specs);
      owned.push(...made.flatMap((g) => [g.bias, ...(g.freeMask ? [g.freeMask, g.clampValues!] : [])]));
      return made;
    };
    const colour = groupsOf(layout.classes.map((c, classIndex) => ({ classIndex, ...c })));
    let singles: UpdateGroup[] | undefined;
    const order = layout.identity ? undefined : tf.tensor1d(layout.order, 'int32');
    const position = layout.identity ? undefined : tf.tensor1d(layout.position, 'int32');
    if (order) owned.push(order, position!);
    const set: ChainSet = {
      model,
      chains,
      context,
      states: tf.tidy(() => {
        const s = tf.tensor2d(natural, [chains, n]);
        return order ? tf.gather(s, order, 1) : s;
      }),
      colourGroups: colour.length,
      sweep(beta, method, sweepOrder) {
        if (!(beta >= 0)) throw new RangeError(`Inverse temperature β must be ≥ 0 (Infinity for a zero-temperature sweep); got ${beta}`);
        const groups = sweepOrder === 'colour' ? colour : (singles ??= groupsOf(Array.from({ length: n }, (_, q) => ({ classIndex: -1, start: q, size: 1 }))));
        for (const g of groups) {
          const seed = random.tfSeed();
          const next = tf.tidy(() => {
            const s = set.states;
            const coupled = g.classIndex >= 0 ? operator.coupleClass(s, g.classIndex) : columns(operator.couple(s), g.start, 1);
            const field = tf.add(coupled, g.bias) as tf.Tensor2D;
            let updated = resample(field, () => columns(s, g.start, g.size), beta, method, model.encoding, seed);
            if (g.freeMask) updated = tf.add(tf.mul(updated, g.freeMask), g.clampValues!) as tf.Tensor2D;
            return replaceColumns(s, g.start, updated);
          });
          set.states.dispose();
          set.states = next;
        }
      },
      energies: () =>
        tf.tidy(() => {
          const s = set.states;
          return tf.neg(tf.sum(tf.mul(s, tf.add(tf.mul(operator.couple(s), 0.5), operator.biases)), 1)) as tf.Tensor1D;
        }),
      naturalStates() {
        const t = position ? tf.gather(set.states, position, 1) : set.states;
        const values = Float32Array.from(t.dataSync());
        if (t !== set.states) t.dispose();
        return values;
      },
      dispose() {
        set.states.dispose();
        tf.dispose(owned);
        context.dispose();
      },
    };
    return set;
  } catch (error) {
    tf.dispose(owned);
    context.dispose();
    throw error;
  }
}
