import * as tf from '@tensorflow/tfjs';
import { createRandom, type SeededRandom } from '../../random/seeded';
import { couplingSums, energyTensor, fieldsFromSums, networkTensors, overlapTensor, patternWidth, type HopfieldNetwork, type NetworkTensors } from './network';

/**
 * 'synchronous': all units at once, s ← sgn(b) (Mehlig eq. 2.4); 'asynchronous': one unit at a time, s_m ← sgn(b_m)
 * (eq. 2.5); 'stochastic': one unit at a time, s_m = +1 with probability 1/(1 + e^{−2βb_m}) (eq. 3.1). sgn(0) = +1 (eq. 1.3).
 */
export type HopfieldUpdate = 'synchronous' | 'asynchronous' | 'stochastic';

/** Settings of hopfieldRun. */
export interface HopfieldRunArgs {
  /** Update rule. Default 'asynchronous'. */
  update?: HopfieldUpdate;
  /** Sweeps (N single-unit updates each; one step for synchronous updates). Deterministic runs stop early once every state is a fixed point. Default 100. */
  sweeps?: number;
  /** Noise parameter β of the stochastic rule (Mehlig Fig. 3.1 uses β = 10). Default 10. */
  beta?: number;
  /** Order of single-unit updates in a sweep: a fresh random permutation each sweep, or 0…N−1. Default 'random'. */
  order?: 'random' | 'cyclic';
  /** Seed of the update orders and the stochastic draws. Default 0. */
  seed?: number;
  /** 1 where a unit keeps its initial value: N entries (all states) or count × N. Default none. */
  clampMask?: Uint8Array;
  /** Stored patterns (±1, patternCount × N) to measure overlaps m_µ with. */
  patterns?: Float32Array;
  patternCount?: number;
}

/** Where the dynamics ended (plain data). */
export interface HopfieldRunResult {
  /** count × N. */
  states: Float32Array;
  shape: [number, number];
  /** Sweeps run. */
  sweeps: number;
  /** Per state, 1 when its last sweep changed no unit (for deterministic rules: a fixed point). */
  stable: Uint8Array;
  /** Single-unit flips per state over the whole run. */
  flips: Float32Array;
  /** H(s) at the end, per state. */
  energies: Float32Array;
  /** m_µ at the end, count × patternCount (when patterns were given). */
  overlaps?: Float32Array;
  /** m_µ(T) = T⁻¹ Σ_{t=1}^{T} m_µ(t), averaged over the states after each sweep (Mehlig eq. 3.9), count × patternCount. */
  averageOverlaps?: Float32Array;
}

/** Chain state of the asynchronous dynamics: states S, coupling sums G = S Cᵀ, last visited position per chain, flips this sweep. */
interface AsyncState {
  states: tf.Tensor2D;
  sums: tf.Tensor2D;
  pointer: tf.Tensor2D;
  sweepFlips: tf.Tensor2D;
}

/** Positions of each unit in this sweep's update order, [1, N]. */
function sweepPositions(n: number, order: 'random' | 'cyclic', random: SeededRandom): tf.Tensor2D {
  const units = Int32Array.from({ length: n }, (_, i) => i);
  if (order === 'random') {
    for (let i = n - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [units[i], units[j]] = [units[j], units[i]];
    }
  }
  const position = new Float32Array(n);
  units.forEach((unit, p) => (position[unit] = p));
  return tf.tensor2d(position, [1, n]);
}

/**
 * 1 where x > 0, else `otherwise`. Decisions use the step kernel: comparison and where kernels are many times slower
 * on the wasm backend, and its sign kernel returns 0 for |x| < 1e-7.
 */
const positive = (x: tf.Tensor, otherwise = 0): tf.Tensor => tf.step(x, otherwise);

/** sgn(b) with sgn(0) = +1 (Mehlig eq. 1.3). */
const signum = (b: tf.Tensor): tf.Tensor => tf.neg(positive(tf.neg(b), -1));

/** What one sweep needs besides the chain state. */
interface SweepInputs {
  /** Position of each unit in the sweep order [1, N]. */
  positions: tf.Tensor2D;
  /** 1 for free units, 0 for clamped ones ([1, N] or [B, N]). */
  free: tf.Tensor;
  /** Stochastic rule: one uniform per unit and chain for this sweep, and β. */
  uniforms?: tf.Tensor2D;
  beta: number;
}

/**
 * One event of an asynchronous sweep for every chain at once: the first unit, in sweep order after the chain's pointer,
 * whose rule gives a new value flips; units in between keep their values, exactly as if visited one by one (a unit's
 * stochastic draw is fixed for the sweep). A sweep costs one event per flip instead of one step per unit.
 */
function asyncEvent(net: NetworkTensors, s: AsyncState, inputs: SweepInputs): AsyncState & { active: tf.Tensor } {
  return tf.tidy(() => {
    const n = s.states.shape[1];
    const fields = fieldsFromSums(net, s.sums);
    let desired: tf.Tensor;
    if (inputs.uniforms) {
      desired = positive(tf.sub(tf.sigmoid(tf.mul(fields, 2 * inputs.beta)), inputs.uniforms), -1);
    } else desired = signum(fields);
    const wants = tf.mul(tf.mul(tf.abs(tf.sub(desired, s.states)), 0.5), inputs.free);
    const eligible = tf.mul(wants, positive(tf.sub(inputs.positions, s.pointer)));
    // key = position where eligible, N elsewhere; the chain's next event is its smallest key.
    const key = tf.add(tf.mul(eligible, tf.sub(inputs.positions, n)), n);
    const first = tf.min(key, 1, true);
    const active = positive(tf.sub(n, first));
    const hot = tf.mul(tf.relu(tf.sub(1, tf.abs(tf.sub(key, first)))), active);
    const delta = tf.mul(tf.mul(s.states, hot), -2);
    const change = tf.sum(delta, 1, true);
    const rows = tf.gather(net.transposedCouplings, tf.argMin(key, 1));
    return {
      states: tf.add(s.states, delta) as tf.Tensor2D,
      sums: tf.add(s.sums, tf.mul(change, rows)) as tf.Tensor2D,
      pointer: first as tf.Tensor2D,
      sweepFlips: tf.add(s.sweepFlips, active) as tf.Tensor2D,
      active: tf.max(active),
    };
  });
}

function disposeState(s: AsyncState): void {
  tf.dispose([s.states, s.sums, s.pointer, s.sweepFlips]);
}

/** One asynchronous sweep (deterministic or stochastic) of every chain; returns the new state and the flips per chain. */
function asyncSweep(net: NetworkTensors, states: tf.Tensor2D, inputs: SweepInputs): AsyncState {
  const [b] = states.shape;
  let s: AsyncState = { states: tf.clone(states), sums: couplingSums(net, states), pointer: tf.fill([b, 1], -1), sweepFlips: tf.zeros([b, 1]) };
  for (;;) {
    const next = asyncEvent(net, s, inputs);
    disposeState(s);
    s = next;
    const more = next.active.dataSync()[0];
    next.active.dispose();
    if (!more) return s;
  }
}

/** 1 for free units, 0 for clamped ones: [1, N] or [count, N]. */
function freeTensor(mask: Uint8Array | undefined, count: number, n: number): tf.Tensor2D {
  if (mask === undefined) return tf.ones([1, n]);
  if (mask.length !== n && mask.length !== count * n) throw new Error(`clampMask has ${mask.length} entries; give N = ${n} or count × N = ${count * n}`);
  return tf.tensor2d(Float32Array.from(mask, (m) => (m ? 0 : 1)), [mask.length === n ? 1 : count, n]);
}

/**
 * Runs the Hopfield dynamics from `count` initial states (±1, count × N) in parallel: synchronous, asynchronous or
 * stochastic updates, clamped units, overlaps with stored patterns (final and averaged over sweeps).
 */
export async function hopfieldRun(network: HopfieldNetwork, initial: Float32Array, count: number, args: HopfieldRunArgs = {}): Promise<HopfieldRunResult> {
  const n = patternWidth(initial, count, 'Initial states');
  if (n !== network.unitCount) throw new Error(`Initial states have ${n} units; the network has ${network.unitCount}`);
  const update = args.update ?? 'asynchronous';
  const sweeps = args.sweeps ?? 100;
  if (!Number.isInteger(sweeps) || sweeps < 1) throw new RangeError(`Sweeps must be a whole number ≥ 1; got ${sweeps}`);
  const beta = args.beta ?? 10;
  if (update === 'stochastic' && !(beta > 0 && Number.isFinite(beta))) throw new RangeError(`The noise parameter β must be positive and finite; got ${beta}`);
  if (args.patterns !== undefined) {
    const width = patternWidth(args.patterns, args.patternCount ?? 1, 'Stored patterns');
    if (width !== n) throw new Error(`Stored patterns have ${width} units; the network has ${n}`);
  }
  const random = createRandom(args.seed ?? 0);
  const net = networkTensors(network);
  const owned: tf.Tensor[] = [];
  try {
    const free = freeTensor(args.clampMask, count, n);
    owned.push(free);
    const patterns = args.patterns ? tf.tensor2d(args.patterns, [args.patternCount ?? 1, n]) : undefined;
    if (patterns) owned.push(patterns);
    let states = tf.tensor2d(initial, [count, n]);
    let overlapSum = patterns ? tf.zeros([count, patterns.shape[0]]) : undefined;
    let totalFlips: tf.Tensor1D = tf.zeros([count]);
    let stable: tf.Tensor1D = tf.zeros([count], 'bool');
    let done = 0;
    try {
      for (let t = 0; t < sweeps; t++) {
        let next: tf.Tensor2D;
        let flips: tf.Tensor1D;
        if (update === 'synchronous') {
          [next, flips] = tf.tidy(() => {
            const desired = signum(fieldsFromSums(net, couplingSums(net, states)));
            const delta = tf.mul(tf.sub(desired, states), free);
            return [tf.add(states, delta) as tf.Tensor2D, tf.mul(tf.sum(tf.abs(delta), 1), 0.5) as tf.Tensor1D];
          });
        } else {
          const positions = sweepPositions(n, args.order ?? 'random', random);
          const uniforms = update === 'stochastic' ? tf.randomUniform([count, n], 0, 1, 'float32', random.tfSeed()) : undefined;
          const result = asyncSweep(net, states, { positions, free, uniforms: uniforms as tf.Tensor2D | undefined, beta });
          tf.dispose([positions, ...(uniforms ? [uniforms] : []), result.sums, result.pointer]);
          next = result.states;
          flips = tf.reshape(result.sweepFlips, [count]);
          result.sweepFlips.dispose();
        }
        states.dispose();
        states = next;
        const [accumulated, nowStable, sum] = tf.tidy(() => [
          tf.add(totalFlips, flips) as tf.Tensor1D,
          tf.equal(flips, 0) as tf.Tensor1D,
          overlapSum ? tf.add(overlapSum, overlapTensor(states, patterns!)) : undefined,
        ]);
        tf.dispose([totalFlips, stable, flips, ...(sum ? [overlapSum!] : [])]);
        [totalFlips, stable, overlapSum] = [accumulated, nowStable, sum ?? overlapSum];
        done = t + 1;
        if (update !== 'stochastic') {
          const all = tf.all(stable);
          const settled = (await all.data())[0];
          all.dispose();
          if (settled) break;
        }
      }
      const energies = energyTensor(net, states);
      const finalOverlaps = patterns ? overlapTensor(states, patterns) : undefined;
      const averages = overlapSum ? tf.div(overlapSum, done) : undefined;
      const result: HopfieldRunResult = {
        states: Float32Array.from(await states.data()),
        shape: [count, n],
        sweeps: done,
        stable: Uint8Array.from(await stable.data()),
        flips: Float32Array.from(await totalFlips.data()),
        energies: Float32Array.from(await energies.data()),
        overlaps: finalOverlaps ? Float32Array.from(await finalOverlaps.data()) : undefined,
        averageOverlaps: averages ? Float32Array.from(await averages.data()) : undefined,
      };
      tf.dispose([energies, ...(finalOverlaps ? [finalOverlaps] : []), ...(averages ? [averages] : [])]);
      return result;
    } finally {
      tf.dispose([states, totalFlips, stable, ...(overlapSum ? [overlapSum] : [])]);
    }
  } finally {
    tf.dispose(owned);
    net.dispose();
  }
}
