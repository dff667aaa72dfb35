import * as tf from '@tensorflow/tfjs';
import type { EnergyModelSpec } from '../../compiler/types';
import type { ModelParameters } from '../../model/parameters';
import { createChainSet, type ChainSet, type ChainSetup, type SamplerMethod, type SweepOrder } from './chains';

/**
 * Defaults of parallel tempering (replica exchange; Swendsen & Wang 1986, Geyer 1991, Hukushima & Nemoto 1996).
 * 8 replicas on a geometric ladder from β = 1 down to 0.1: at β = 0.1 every coupling acts at a tenth of its strength,
 * so fields of a trained RBM (|Wᵀv + c| ≈ 5–20) become ≈ 0.5–2 and a Gibbs sweep there forgets its start within a few
 * sweeps; geometric spacing keeps the swap acceptance of neighbours even when the heat capacity is roughly constant
 * in ln T (Kofke 2002), and β_{r+1}/β_r = 0.1^{1/7} ≈ 0.72 costs 8× a plain Gibbs chain.
 */
export const TEMPERING_DEFAULTS = { replicas: 8, lowestBeta: 0.1 } as const;

/** The ladder 1 = β_0 > β_1 > … > β_{R−1} = lowestBeta, geometric: β_r = lowestBeta^{r/(R−1)} (one replica: [1]). */
export function temperingLadder(replicas: number = TEMPERING_DEFAULTS.replicas, lowestBeta: number = TEMPERING_DEFAULTS.lowestBeta): Float64Array {
  if (!Number.isInteger(replicas) || replicas < 1) throw new RangeError(`Replicas must be a whole number ≥ 1 (1 = plain Gibbs); got ${replicas}`);
  if (!(lowestBeta > 0 && lowestBeta <= 1)) {
    throw new RangeError(`The lowest inverse temperature β must lie in (0, 1] (the hottest replica; 1 makes every replica sample the model); got ${lowestBeta}`);
  }
  return Float64Array.from({ length: replicas }, (_, r) => (replicas === 1 ? 1 : lowestBeta ** (r / (replicas - 1))));
}

/** Checks a given ladder: finite β ≥ 0 with β_0 = 1, samples being read from β_0. */
export function checkLadder(betas: ArrayLike<number>): Float64Array {
  const ladder = Float64Array.from(betas);
  if (ladder.length < 1) throw new RangeError('A tempering ladder needs at least one inverse temperature (β_0 = 1)');
  if (ladder[0] !== 1) throw new RangeError(`The first replica of a tempering ladder samples the model, so β_0 must be 1; got ${ladder[0]}`);
  const bad = ladder.find((b) => !(b >= 0 && Number.isFinite(b)));
  if (bad !== undefined) throw new RangeError(`Every β of a tempering ladder must be finite and ≥ 0; got ${bad}`);
  return ladder;
}

/**
 * One replica-exchange move between adjacent replicas a (β_a) and b (β_b), batched over chains: chain c swaps its states
 * with probability min(1, exp((β_a − β_b)(H_a − H_b))) (detailed balance for Π_r e^{−β_r H(x_r)}), decided as
 * (β_a − β_b)(H_a − H_b) > log u. `states` lists tensors [·, chains] per replica (e.g. [s] or [v, h]); returns the new
 * states and the number of accepted swaps (call inside tidy).
 */
export function exchangeReplicas(
  a: tf.Tensor2D[],
  b: tf.Tensor2D[],
  energyA: tf.Tensor1D,
  energyB: tf.Tensor1D,
  betaA: number,
  betaB: number,
  uniform: tf.Tensor1D,
): { a: tf.Tensor2D[]; b: tf.Tensor2D[]; accepted: tf.Scalar } {
  const gain = tf.mul(tf.sub(energyA, energyB), betaA - betaB);
  // step(x) is 1 only for x > 0; log u ≤ log(1 − 2^−24) < 0, so a zero gain (equal β or equal energies) always swaps.
  const accept = tf.step(tf.sub(gain, tf.log(uniform)));
  const mask = tf.reshape(accept, [1, -1]);
  const moved = a.map((x, k) => tf.mul(tf.sub(b[k], x), mask));
  return {
    a: a.map((x, k) => tf.add(x, moved[k]) as tf.Tensor2D),
    b: b.map((x, k) => tf.sub(x, moved[k]) as tf.Tensor2D),
    accepted: tf.sum(accept) as tf.Scalar,
  };
}

/** Swap counts per adjacent pair (r, r + 1), accepted ones held on the backend so that swapping never waits on a download. */
export interface SwapTally {
  /** Adds `accepted` (a scalar, taken over) of `chains` attempts to pair `pair`. */
  add(pair: number, accepted: tf.Scalar, chains: number): void;
  /** Accepted / attempted per pair since the last reset (NaN for a pair never attempted). */
  rates(): Float64Array;
  /** Starts counting again (e.g. per epoch). */
  reset(): void;
  dispose(): void;
}

/** A tally for `pairs` adjacent pairs. */
export function createSwapTally(pairs: number): SwapTally {
  let accepted: (tf.Scalar | undefined)[] = new Array(pairs).fill(undefined);
  let attempts = new Float64Array(pairs);
  const reset = (): void => {
    tf.dispose(accepted.filter((t): t is tf.Scalar => t !== undefined));
    accepted = new Array(pairs).fill(undefined);
    attempts = new Float64Array(pairs);
  };
  return {
    add(pair, count, chains) {
      const old = accepted[pair];
      accepted[pair] = old ? (tf.add(old, count) as tf.Scalar) : count;
      if (old) {
        old.dispose();
        count.dispose();
      }
      attempts[pair] += chains;
    },
    rates: () => Float64Array.from(accepted, (t, p) => (t ? t.dataSync()[0] / attempts[p] : NaN)),
    reset,
    dispose: reset,
  };
}

/** The pairs (r, r + 1) a swap round tries: even r on even rounds, odd r on odd rounds (so that every pair is tried every second round). */
export const roundPairs = (replicas: number, round: number): number[] =>
  Array.from({ length: Math.max(0, replicas - 1) }, (_, r) => r).filter((r) => r % 2 === round % 2);

/** Parallel tempering of an energy model: one ChainSet per β of the ladder, the same chains count and clamp in each. */
export interface TemperedChainSet {
  /** β of each replica; replicas[0] is at β = 1 and holds the samples. */
  betas: Float64Array;
  replicas: ChainSet[];
  chains: number;
  /** One sweep of every replica at its own β, then one swap round. */
  step(method: SamplerMethod, order: SweepOrder): void;
  /** One swap round alone (alternating even and odd pairs). */
  swap(): void;
  /** Swap acceptance per adjacent pair (r, r + 1) since the start or the last reset. */
  acceptance(): Float64Array;
  resetAcceptance(): void;
  dispose(): void;
}

/** Settings: a ChainSetup (initial states chains × N shared by every replica, or replicas × chains × N) and the ladder. */
export interface TemperedSetup extends ChainSetup {
  betas: ArrayLike<number>;
}

/** Starts replica-exchange chains of `model`: colour-class Gibbs (chains.ts) in every replica, swaps between neighbours. */
export function createTemperedChainSet(model: EnergyModelSpec, params: ModelParameters, setup: TemperedSetup): TemperedChainSet {
  const betas = checkLadder(setup.betas);
  const size = setup.chains * model.unitCount;
  const initial = setup.initial;
  if (initial !== undefined && initial.length !== size && initial.length !== betas.length * size) {
    throw new Error(`Initial states hold ${initial.length} numbers; give chains × N = ${size} (shared by every replica) or replicas × chains × N = ${betas.length * size}`);
  }
  const swapRandom = setup.random.fork('tempering-swaps');
  const replicas: ChainSet[] = [];
  try {
    betas.forEach((_, r) => {
      const own = initial === undefined || initial.length === size ? initial : initial.subarray(r * size, (r + 1) * size);
      replicas.push(createChainSet(model, params, { ...setup, random: setup.random.fork(`replica-${r}`), initial: own }));
    });
  } catch (error) {
    replicas.forEach((set) => set.dispose());
    throw error;
  }
  const tally = createSwapTally(betas.length - 1);
  let round = 0;
  const set: TemperedChainSet = {
    betas,
    replicas,
    chains: setup.chains,
    step(method, order) {
      replicas.forEach((replica, r) => replica.sweep(betas[r], method, order));
      set.swap();
    },
    swap() {
      for (const r of roundPairs(betas.length, round)) {
        const [x, y] = [replicas[r], replicas[r + 1]];
        const seed = swapRandom.tfSeed();
        // energies() builds its matrices on first use, so it must run outside tidy.
        const [ex, ey] = [x.energies(), y.energies()];
        const { a, b, accepted } = tf.tidy(() => {
          const out = exchangeReplicas([x.states], [y.states], ex, ey, betas[r], betas[r + 1], tf.randomUniform([setup.chains], 0, 1, 'float32', seed));
          return out as unknown as tf.TensorContainer;
        }) as unknown as ReturnType<typeof exchangeReplicas>;
        tf.dispose([ex, ey]);
        x.states.dispose();
        y.states.dispose();
        x.states = a[0];
        y.states = b[0];
        tally.add(r, accepted, setup.chains);
      }
      round++;
    },
    acceptance: () => tally.rates(),
    resetAcceptance: () => tally.reset(),
    dispose() {
      tally.dispose();
      replicas.forEach((replica) => replica.dispose());
    },
  };
  return set;
}
