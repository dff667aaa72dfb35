import * as tf from '@tensorflow/tfjs';
import type { EnergyModelSpec } from '../../compiler/types';
import type { ModelParameters } from '../../model/parameters';
import { createRandom } from '../../random/seeded';
import { createChainSet, type ChainClamp, type SamplerMethod, type SweepOrder } from './chains';
import { runSchedule } from './runSchedule';
import { wholeNumber } from './validate';
import { scheduleBetasPerSweep, scheduleStages, type AnnealSchedule } from './schedule';

/** Settings of anneal: simulated annealing of parallel chains (Kirkpatrick et al. 1983; Mehlig §4.3). */
export interface AnnealArgs {
  /** Temperatures and sweeps, validated by scheduleStages. */
  schedule: AnnealSchedule;
  /** Parallel independent chains. Default 64. */
  chains?: number;
  /** 'gibbs' or 'metropolis'. Default 'gibbs'. */
  method?: SamplerMethod;
  /** 'colour' or 'sequential'. Default 'colour'. */
  order?: SweepOrder;
  /** Seed of the initial states and every draw. Default 0. */
  seed?: number;
  /** Starting states, chains × N (natural order, model encoding); default uniform random. */
  initial?: Float32Array;
  /** Units held at given values, per chain or shared. */
  clamp?: ChainClamp;
}

/** Every chain's energy after every sweep, and its final and lowest-energy states (plain data, natural unit order). */
export interface AnnealResult {
  unitCount: number;
  chains: number;
  /** Temperature of each sweep (0 for zero-temperature sweeps). */
  temperatures: Float32Array;
  /** H(s) after each sweep, sweeps × chains. */
  energyTrace: Float32Array;
  /** chains × N. */
  finalStates: Float32Array;
  finalEnergies: Float32Array;
  /** The lowest-energy state each chain visited (after any sweep), chains × N. */
  bestStates: Float32Array;
  bestEnergies: Float32Array;
}

/**
 * Simulated annealing of many chains at once, for sampling (end at T = 1) or for minimising the energy (end at a low
 * temperature or at T = 0); records the energy of every chain after every sweep.
 */
export async function anneal(model: EnergyModelSpec, params: ModelParameters, args: AnnealArgs): Promise<AnnealResult> {
  const stages = scheduleStages(args.schedule);
  const betas = scheduleBetasPerSweep(stages);
  const chains = wholeNumber('Chains', args.chains ?? 64, 1);
  const method = args.method ?? 'gibbs';
  const order = args.order ?? 'colour';
  const set = createChainSet(model, params, { chains, random: createRandom(args.seed ?? 0), initial: args.initial, clamp: args.clamp });
  const best = { energies: set.energies(), states: tf.clone(set.states) };
  try {
    const trace = { values: new Float32Array(betas.length * chains), offset: 0 };
    await runSchedule(set, betas, method, order, trace, best);
    const final = set.energies();
    const finalEnergies = Float32Array.from(await final.data());
    final.dispose();
    return {
      unitCount: model.unitCount,
      chains,
      temperatures: Float32Array.from(betas, (b) => (b === Infinity ? 0 : 1 / b)),
      energyTrace: trace.values,
      finalStates: set.naturalStates(),
      finalEnergies,
      bestStates: set.toNatural(best.states),
      bestEnergies: Float32Array.from(await best.energies.data()),
    };
  } finally {
    tf.dispose([best.energies, best.states]);
    set.dispose();
  }
}
