import { temperingLadder, TEMPERING_DEFAULTS } from '../sampling/tempering';

/** Contrastive divergence CD-k (Mehlig Algorithm 3) and persistent CD (Tieleman 2008), with minibatches, momentum and weight decay. */
export interface CdArgs {
  /** Gibbs steps k of the negative chain (Mehlig Algorithm 3). Default 1. */
  k?: number;
  /** η: each minibatch changes w_mn by η times the minibatch mean of Mehlig eq. 4.38 (and b, c by eq. 4.39 likewise). Default 0.1. */
  learningRate?: number;
  /** Patterns per minibatch p₀ (Mehlig Algorithm 3); the last minibatch of an epoch may be smaller. Default 10. */
  batchSize?: number;
  /** μ in Δθ(t) = μ Δθ(t−1) + η(gradient − λw) (Hinton 2010, guide §9). Default 0. */
  momentum?: number;
  /** λ: L2 penalty on the weights (not the biases). Default 0. */
  weightDecay?: number;
  /** Persistent CD: the negative chains continue from their last state instead of restarting at the data. Default false. */
  persistent?: boolean;
  /** Number of persistent chains (PCD only). Default batchSize. */
  chains?: number;
  /** Seed of the initial weights, the minibatch order and the Gibbs noise. Default 0. */
  seed?: number;
  /** Standard deviation of the initial weights N(0, initScale²) (Hinton 2010, guide §8: 0.01). Default 0.01. */
  initScale?: number;
  /** PCD only: replicas R of parallel tempering on the persistent chains (Desjardins et al. 2010); 1 = plain Gibbs chains. Default 1. */
  replicas?: number;
  /** PCD with replicas > 1: β of the hottest replica of the geometric ladder (engine/energy/sampling/tempering.ts). Default 0.1. */
  lowestBeta?: number;
}

export const CD_DEFAULTS: Required<CdArgs> = {
  k: 1,
  learningRate: 0.1,
  batchSize: 10,
  momentum: 0,
  weightDecay: 0,
  persistent: false,
  chains: 0,
  seed: 0,
  initScale: 0.01,
  replicas: 1,
  lowestBeta: TEMPERING_DEFAULTS.lowestBeta,
};

/** Checked, defaults-filled arguments. */
export function resolveCdArgs(args: CdArgs): Required<CdArgs> {
  const config = { ...CD_DEFAULTS, ...args };
  if (!Number.isInteger(config.k) || config.k < 1) throw new Error(`CD needs k ≥ 1 Gibbs steps (an integer), got ${config.k}`);
  if (!Number.isInteger(config.batchSize) || config.batchSize < 1) throw new Error(`Batch size must be a positive integer, got ${config.batchSize}`);
  if (!(config.momentum >= 0 && config.momentum < 1)) throw new Error(`Momentum must lie in [0, 1), got ${config.momentum}`);
  if (!(config.learningRate > 0)) throw new Error(`Learning rate must be positive, got ${config.learningRate}`);
  if (!(config.weightDecay >= 0)) throw new Error(`Weight decay must be ≥ 0, got ${config.weightDecay}`);
  if (config.chains === 0) config.chains = config.batchSize;
  if (!Number.isInteger(config.chains) || config.chains < 1) throw new Error(`Persistent chains must be a positive integer, got ${config.chains}`);
  temperingLadder(config.replicas, config.lowestBeta);
  if (config.replicas > 1 && !config.persistent) {
    throw new Error(`Parallel tempering (${config.replicas} replicas) runs on persistent chains: use PCD, or set replicas to 1 for CD-k`);
  }
  return config;
}
