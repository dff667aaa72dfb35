import type { EnergyModelSpec } from '../../compiler/types';
import type { ModelParameters } from '../../model/parameters';
import { createRandom } from '../../random/seeded';
import { createChainSet, type ChainClamp, type SamplerMethod, type SweepOrder } from './chains';
import { runSchedule } from './runSchedule';
import { scheduleBetasPerSweep, scheduleStages, type AnnealSchedule } from './schedule';
import { createMomentAccumulator, pooledMoments } from './statistics';
import { defaultGroups, wholeNumber } from './validate';

/** Settings of gibbsSample: Markov chain Monte Carlo on P(s) = e^{−βH(s)}/Z (Mehlig §4.2–4.3). */
export interface SamplingArgs {
  /** Parallel independent chains. Default 64. */
  chains?: number;
  /** Sweeps run before recording starts (after any annealing). Default 100. */
  burnIn?: number;
  /** Simulated annealing before the burn-in, e.g. from a high temperature down to T = 1/β. Default none. */
  annealing?: AnnealSchedule;
  /** Recorded sweeps (each sweep updates every free unit once). Default 1000. */
  sweeps?: number;
  /** Inverse temperature β. Default 1. */
  beta?: number;
  /** 'gibbs' (heat bath, Mehlig eq. 3.1) or 'metropolis' (single flips, Mehlig Algorithm 2). Default 'gibbs'. */
  method?: SamplerMethod;
  /** 'colour' (independent sets at once) or 'sequential' (one unit at a time, the reference). Default 'colour'. */
  order?: SweepOrder;
  /** Seed of the initial states and every draw. Default 0. */
  seed?: number;
  /** Starting states, chains × N (natural order, model encoding); default uniform random. */
  initial?: Float32Array;
  /** Units held at given values, per chain or shared. */
  clamp?: ChainClamp;
  /** Accumulate ⟨s_i s_j⟩ (N × N per chain group). Default: when N ≤ 256. */
  correlations?: boolean;
  /** Groups of chains whose averages give the standard errors; must divide `chains`. Default: the largest divisor of chains ≤ 16. */
  groups?: number;
  /** Record H(s) of every chain after every recorded sweep. Default false. */
  energyTrace?: boolean;
}

/** Sampled moments with standard errors from independent chain groups (plain data, natural unit order). */
export interface SamplingResult {
  unitCount: number;
  chains: number;
  groups: number;
  /** Recorded sweeps per chain. */
  sweeps: number;
  /** Independent sets updated per colour sweep. */
  colourClasses: number;
  /** ⟨s_i⟩, length N. */
  meanStates: Float64Array;
  /** Standard error of each ⟨s_i⟩ (NaN with one group). */
  meanStatesError: Float64Array;
  /** ⟨s_i s_j⟩, N × N (diagonal ⟨s_i²⟩), when accumulated. */
  correlations?: Float64Array;
  correlationsError?: Float64Array;
  /** groups × N averages behind meanStates. */
  groupMeans: Float64Array;
  /** groups × N × N averages behind correlations. */
  groupCorrelations?: Float64Array;
  /** Last states, chains × N. */
  finalStates: Float32Array;
  /** H(s) after each recorded sweep, sweeps × chains. */
  energyTrace?: Float32Array;
}

/**
 * Samples many chains of an energy model at once (any coupling structure, hidden units, thresholds, ±1 or 0/1 units,
 * clamping) and returns ⟨s_i⟩, ⟨s_i s_j⟩ with standard errors estimated from independent groups of chains.
 */
export async function gibbsSample(model: EnergyModelSpec, params: ModelParameters, args: SamplingArgs = {}): Promise<SamplingResult> {
  const n = model.unitCount;
  const chains = wholeNumber('Chains', args.chains ?? 64, 1);
  const burnIn = wholeNumber('Burn-in sweeps', args.burnIn ?? 100, 0);
  const sweeps = wholeNumber('Sweeps', args.sweeps ?? 1000, 1);
  const beta = args.beta ?? 1;
  if (!(beta >= 0 && Number.isFinite(beta))) throw new RangeError(`β must be finite and ≥ 0; got ${beta}`);
  const groups = args.groups ?? defaultGroups(chains);
  const withCorrelations = args.correlations ?? n <= 256;
  const method = args.method ?? 'gibbs';
  const order = args.order ?? 'colour';
  const annealingBetas = args.annealing ? scheduleBetasPerSweep(scheduleStages(args.annealing)) : new Float64Array(0);
  const random = createRandom(args.seed ?? 0);
  const set = createChainSet(model, params, { chains, random, initial: args.initial, clamp: args.clamp });
  let accumulator: ReturnType<typeof createMomentAccumulator> | undefined;
  try {
    accumulator = createMomentAccumulator(chains, set.order, groups, withCorrelations);
    await runSchedule(set, annealingBetas, method, order);
    for (let t = 0; t < burnIn; t++) set.sweep(beta, method, order);
    const trace = args.energyTrace ? new Float32Array(sweeps * chains) : undefined;
    for (let t = 0; t < sweeps; t++) {
      set.sweep(beta, method, order);
      accumulator.add(set.states);
      if (trace) {
        const energies = set.energies();
        trace.set(await energies.data(), t * chains);
        energies.dispose();
      }
    }
    return {
      unitCount: n,
      chains,
      groups,
      sweeps,
      colourClasses: set.colourGroups,
      ...pooledMoments(accumulator.read()),
      finalStates: set.naturalStates(),
      energyTrace: trace,
    };
  } finally {
    accumulator?.dispose();
    set.dispose();
  }
}

export type { ChainClamp, SamplerMethod, SweepOrder };
