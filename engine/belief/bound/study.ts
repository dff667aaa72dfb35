import { exactBeliefInference } from '../exact';
import { randomLayeredBatch } from '../randomNetworks';
import { meanFieldBound } from './meanField';
import { mixtureBound, type MixtureArgs } from './mixture';

/** Mean normalised errors published by Bishop, Lawrence, Jaakkola & Jordan (1998), Figure 1, for M = 1…5 components. */
export const BISHOP_2_4_6_ERRORS = [0.015731, 0.013979, 0.01288, 0.012024, 0.011394];

/** The study of Bishop et al. §3. */
export interface BoundStudyArgs extends Omit<MixtureArgs, 'components'> {
  /** Layer sizes, top first; the last layer is visible and clamped to 0. Default [2, 4, 6]. */
  sizes?: number[];
  /** Random networks (weights and biases uniform in (−1, 1)). Default 5000. */
  networks?: number;
  /** Numbers of mixture components; 1 is the plain SJJ mean-field bound. Default [1, 2, 3, 4, 5]. */
  components?: number[];
}

/** One row of the study: mean and standard error of (ln P(V) − F) / |ln P(V)| over the networks. */
export interface BoundStudyRow {
  components: number;
  meanError: number;
  standardError: number;
  /** Largest sweep count any network needed. */
  sweeps: number;
  milliseconds: number;
}

/**
 * Bishop et al. §3: random layered networks with the bottom layer clamped to 0; for each M the normalised gap between
 * the exact ln P(V) (enumeration) and the optimised bound, averaged over the networks.
 */
export function boundStudy(args: BoundStudyArgs = {}): BoundStudyRow[] {
  const sizes = args.sizes ?? [2, 4, 6];
  const batch = randomLayeredBatch(sizes, args.networks ?? 5000, args.seed ?? 0);
  const visible = batch.visibleIndices.length;
  const evidence = { units: batch.visibleIndices, values: new Uint8Array(visible), count: 1 };
  const exact = exactBeliefInference(batch, evidence).logLikelihood;
  return (args.components ?? [1, 2, 3, 4, 5]).map((m) => {
    const start = performance.now();
    const result = m === 1 ? meanFieldBound(batch, evidence, args) : mixtureBound(batch, evidence, { ...args, components: m });
    const milliseconds = performance.now() - start;
    const errors = Array.from(exact, (lnP, k) => (lnP - result.bound[k]) / Math.abs(lnP));
    const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
    const variance = errors.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, errors.length - 1);
    return { components: m, meanError: mean, standardError: Math.sqrt(variance / errors.length), sweeps: result.sweeps, milliseconds };
  });
}
