import type { EnergyModelSpec } from '../../compiler/types';
import type { ModelParameters } from '../../model/parameters';
import { createRandom } from '../../random/seeded';
import type { SamplingArgs, SamplingResult } from './gibbs';
import { createMomentAccumulator, pooledMoments } from './statistics';
import { checkLadder, createTemperedChainSet, temperingLadder, TEMPERING_DEFAULTS } from './tempering';
import { defaultGroups, wholeNumber } from './validate';

/** Settings of temperedSample: gibbsSample's (β fixed at 1, no annealing) plus the tempering ladder and a progress hook. */
export interface TemperedSamplingArgs extends Omit<SamplingArgs, 'beta' | 'annealing' | 'energyTrace'> {
  /** Replicas R on the geometric ladder (temperingLadder). Default TEMPERING_DEFAULTS.replicas (8). */
  replicas?: number;
  /** β of the hottest replica. Default TEMPERING_DEFAULTS.lowestBeta (0.1). */
  lowestBeta?: number;
  /** An explicit ladder (β_0 = 1 first) instead of replicas and lowestBeta. */
  betas?: ArrayLike<number>;
  /** Called with (sweeps done, total sweeps) at least every PROGRESS_SECONDS of work and at the end; a throw stops the run. */
  progress?: (done: number, total: number) => void | Promise<void>;
}

/** Tempered moments at β = 1 plus the ladder and each adjacent pair's swap acceptance. */
export interface TemperedSamplingResult extends SamplingResult {
  betas: Float64Array;
  /** Accepted / attempted swaps per pair (r, r + 1) over burn-in and recorded sweeps. */
  swapAcceptance: Float64Array;
}

/** Longest stretch of sweeps between two progress calls. */
export const PROGRESS_SECONDS = 0.1;

/** The ladder of `args`: the given one, or geometric from replicas and lowestBeta (defaults TEMPERING_DEFAULTS). */
export function ladderOf(args: Pick<TemperedSamplingArgs, 'replicas' | 'lowestBeta' | 'betas'>): Float64Array {
  if (args.betas !== undefined) {
    if (args.replicas !== undefined || args.lowestBeta !== undefined) throw new Error('Give either a ladder (betas) or replicas and lowestBeta, not both');
    return checkLadder(args.betas);
  }
  return temperingLadder(args.replicas ?? TEMPERING_DEFAULTS.replicas, args.lowestBeta ?? TEMPERING_DEFAULTS.lowestBeta);
}

/**
 * Parallel tempering (replica exchange, Hukushima & Nemoto 1996) of any energy model: every replica a batch of
 * colour-class Gibbs chains at its β, a swap round between neighbours after every sweep, moments ⟨s_i⟩, ⟨s_i s_j⟩ read
 * from the β = 1 replica with standard errors from independent chain groups (as gibbsSample).
 */
export async function temperedSample(model: EnergyModelSpec, params: ModelParameters, args: TemperedSamplingArgs = {}): Promise<TemperedSamplingResult> {
  const n = model.unitCount;
  const betas = ladderOf(args);
  const chains = wholeNumber('Chains', args.chains ?? 64, 1);
  const burnIn = wholeNumber('Burn-in sweeps', args.burnIn ?? 100, 0);
  const sweeps = wholeNumber('Sweeps', args.sweeps ?? 1000, 1);
  const groups = args.groups ?? defaultGroups(chains);
  const method = args.method ?? 'gibbs';
  const order = args.order ?? 'colour';
  const set = createTemperedChainSet(model, params, { chains, random: createRandom(args.seed ?? 0), initial: args.initial, clamp: args.clamp, betas });
  let accumulator: ReturnType<typeof createMomentAccumulator> | undefined;
  try {
    accumulator = createMomentAccumulator(chains, set.replicas[0].order, groups, args.correlations ?? n <= 256);
    const total = burnIn + sweeps;
    let reported = performance.now();
    for (let t = 0; t < total; t++) {
      set.step(method, order);
      if (t >= burnIn) accumulator.add(set.replicas[0].states);
      if (args.progress && (performance.now() - reported >= PROGRESS_SECONDS * 1000 || t === total - 1)) {
        await args.progress(t + 1, total);
        reported = performance.now();
      }
    }
    return {
      unitCount: n,
      chains,
      groups,
      sweeps,
      colourClasses: set.replicas[0].colourGroups,
      ...pooledMoments(accumulator.read()),
      finalStates: set.replicas[0].naturalStates(),
      betas,
      swapAcceptance: set.acceptance(),
    };
  } finally {
    accumulator?.dispose();
    set.dispose();
  }
}
