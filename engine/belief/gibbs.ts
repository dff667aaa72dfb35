import * as tf from '@tensorflow/tfjs';
import type { BeliefEvidence } from './evidence';
import { toBatch } from './exact';
import { GibbsChains } from './gibbsChains';
import type { BeliefNetwork, BeliefNetworkBatch } from './network';

/** Gibbs sampling of P(H | evidence) with independent parallel chains (Neal 1992). */
export interface GibbsArgs {
  /** Independent chains per network and pattern. Default 64. */
  chains?: number;
  /** Sweeps discarded before averaging. Default 100. */
  burnIn?: number;
  /** Sweeps averaged after burn-in. Default 500. */
  sweeps?: number;
  /** Seed of the chains. Default 0. */
  seed?: number;
}

/** Defaults of gibbsPosterior. */
export const GIBBS_DEFAULTS: Required<GibbsArgs> = { chains: 64, burnIn: 100, sweeps: 500, seed: 0 };

/** Estimated posterior marginals with their standard errors, K networks × P patterns. */
export interface GibbsResult {
  networkCount: number;
  patternCount: number;
  unitCount: number;
  /** Estimates of P(S_i = 1 | evidence), [K, P, N]: Rao–Blackwellised (conditional probabilities averaged over sweeps and chains). */
  marginals: Float64Array;
  /** Standard error of each estimate, [K, P, N]: the spread of the per-chain averages / √chains (independent chains). */
  standardErrors: Float64Array;
}

/** Posterior marginals by Gibbs sampling with Markov-blanket conditionals, all networks, patterns and chains at once. */
export function gibbsPosterior(networks: BeliefNetwork | BeliefNetworkBatch, evidence: BeliefEvidence, args: GibbsArgs = {}): GibbsResult {
  const settings = { ...GIBBS_DEFAULTS, ...args };
  if (!Number.isInteger(settings.sweeps) || settings.sweeps < 1) throw new Error(`Gibbs sampling needs at least one sweep to average, got ${settings.sweeps}`);
  const batch = toBatch(networks);
  const c = settings.chains;
  const chains = new GibbsChains(batch, evidence, c, settings.seed);
  let sums: tf.Tensor3D | undefined;
  try {
    for (let s = 0; s < settings.burnIn; s++) chains.sweep();
    sums = tf.zeros(chains.states.shape);
    for (let s = 0; s < settings.sweeps; s++) sums = chains.sweep(sums);
    const perChain = sums!.dataSync();
    const k = batch.networkCount;
    const p = evidence.count;
    const n = batch.unitCount;
    const marginals = new Float64Array(k * p * n);
    const standardErrors = new Float64Array(k * p * n);
    for (let net = 0; net < k; net++) {
      for (let pattern = 0; pattern < p; pattern++) {
        for (let i = 0; i < n; i++) {
          let mean = 0;
          let square = 0;
          for (let chain = 0; chain < c; chain++) {
            const v = perChain[((net * p + pattern) * c + chain) * n + i] / settings.sweeps;
            mean += v;
            square += v * v;
          }
          mean /= c;
          const variance = c > 1 ? Math.max(0, (square - c * mean * mean) / (c - 1)) : 0;
          marginals[(net * p + pattern) * n + i] = mean;
          standardErrors[(net * p + pattern) * n + i] = Math.sqrt(variance / c);
        }
      }
    }
    return { networkCount: k, patternCount: p, unitCount: n, marginals, standardErrors };
  } finally {
    sums?.dispose();
    chains.dispose();
  }
}
