import * as tf from '@tensorflow/tfjs';
import type { BinaryDataset } from '../../data/dataset';
import { createRandom } from '../../random/seeded';
import { exactLogLikelihoodGradient, MAX_ENUMERATED_UNITS } from '../exact';
import { GibbsChains } from '../gibbsChains';
import { asBatch, type BeliefNetwork } from '../network';
import { ascend, exactMeanLogLikelihood, rowsEvidence, shuffledBatches } from './common';

/** Where the delta rule's statistics E[(S_i − σ_i) S_j | v] come from. */
export type DeltaRuleStatistics = 'sampled' | 'exact';

/** Learning with the delta rule ΔJ_ij = η E[(S_i − σ_i) S_j | v] (Saul & Jordan eq. 2.4; Neal 1992). */
export interface GibbsLearningArgs {
  /** η. Default 0.1. */
  learningRate?: number;
  /** Patterns per update. Default 10. */
  batchSize?: number;
  /** Gibbs sweeps per presentation of a batch; each sweep's state adds to the statistics. Default 5. */
  sweeps?: number;
  /** 'sampled': persistent Gibbs chains, one per training row (Neal 1992); 'exact': enumeration (≤ 24 hidden units). Default 'sampled'. */
  statistics?: DeltaRuleStatistics;
  /** λ, an L2 penalty on the weights. Default 0. */
  weightDecay?: number;
  /** Seed of the batch order and the chains. Default 0. */
  seed?: number;
}

/** Defaults of createGibbsTrainer. */
export const GIBBS_LEARNING_DEFAULTS: Required<GibbsLearningArgs> = {
  learningRate: 0.1,
  batchSize: 10,
  sweeps: 5,
  statistics: 'sampled',
  weightDecay: 0,
  seed: 0,
};

/** Per-epoch figures: the exact mean ln P(v) when the network is small enough, else the mean ln P(v, h) of the chain states. */
export interface GibbsEpoch {
  logLikelihood?: number;
  sampledLogJoint?: number;
}

/** A running delta-rule learning job on one network; plain data in and out. */
export interface GibbsTrainer {
  epoch(): GibbsEpoch;
  network(): BeliefNetwork;
}

/** Starts delta-rule learning; each epoch presents every row once in random batches. */
export function createGibbsTrainer(initial: BeliefNetwork, data: BinaryDataset, args: GibbsLearningArgs = {}): GibbsTrainer {
  const settings = { ...GIBBS_LEARNING_DEFAULTS, ...args };
  if (data.width !== initial.visibleIndices.length) {
    throw new Error(`Dataset '${data.name}' has ${data.width} columns but the network has ${initial.visibleIndices.length} visible units`);
  }
  if (settings.statistics === 'exact' && initial.hiddenIndices.length > MAX_ENUMERATED_UNITS) {
    throw new Error(`Exact statistics enumerate the hidden units and handle at most ${MAX_ENUMERATED_UNITS}; this network has ${initial.hiddenIndices.length}: use sampled statistics`);
  }
  const n = initial.unitCount;
  const random = createRandom(settings.seed);
  const order = random.fork('batches');
  const states = new Float32Array(data.rowCount * n);
  const seen = new Uint8Array(data.rowCount);
  let network = initial;
  return {
    epoch() {
      let logJointSum = 0;
      for (const rows of shuffledBatches(data.rowCount, settings.batchSize, order)) {
        const evidence = rowsEvidence(network, data, rows);
        if (settings.statistics === 'exact') {
          const gradient = exactLogLikelihoodGradient(network, evidence);
          network = ascend(network, gradient.weights, gradient.biases, rows.length, settings.learningRate, settings.weightDecay);
          continue;
        }
        const chains = new GibbsChains(asBatch(network), evidence, 1, random.tfSeed());
        try {
          if (rows.every((r) => seen[r] === 1)) chains.setStates(gather(states, rows, n));
          const weights = new Float64Array(n * n);
          const biases = new Float64Array(n);
          for (let s = 0; s < settings.sweeps; s++) {
            chains.sweep();
            const stats = chains.deltaRule();
            stats.weights.dataSync().forEach((v, e) => (weights[e] += v / settings.sweeps));
            stats.biases.dataSync().forEach((v, i) => (biases[i] += v / settings.sweeps));
            tf.dispose([stats.weights, stats.biases]);
          }
          logJointSum += logJoint(chains);
          const final = chains.states.dataSync();
          rows.forEach((row, k) => {
            states.set(final.subarray(k * n, (k + 1) * n), row * n);
            seen[row] = 1;
          });
          network = ascend(network, weights, biases, rows.length, settings.learningRate, settings.weightDecay);
        } finally {
          chains.dispose();
        }
      }
      const logLikelihood = exactMeanLogLikelihood(network, data);
      if (logLikelihood !== undefined) return { logLikelihood };
      return { sampledLogJoint: logJointSum / data.rowCount };
    },
    network: () => network,
  };
}

/** Σ over chains of ln P(S) = Σ_i S_i z_i − ln(1 + e^{z_i}) at the current states. */
function logJoint(chains: GibbsChains): number {
  const total = tf.tidy(() => {
    const z = chains.fields();
    return tf.sum(tf.sub(tf.mul(chains.states, z), tf.softplus(z)));
  });
  const value = total.dataSync()[0];
  total.dispose();
  return value;
}

function gather(source: Float32Array, rows: number[], n: number): Float32Array {
  const out = new Float32Array(rows.length * n);
  rows.forEach((row, k) => out.set(source.subarray(row * n, (row + 1) * n), k * n));
  return out;
}
