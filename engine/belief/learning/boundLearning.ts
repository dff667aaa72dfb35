import type { BinaryDataset } from '../../data/dataset';
import { createRandom } from '../../random/seeded';
import { meanFieldBound } from '../bound/meanField';
import { mixtureBound, type MixtureVariables } from '../bound/mixture';
import type { BeliefNetwork } from '../network';
import { ascend, exactMeanLogLikelihood, rowsEvidence, shuffledBatches } from './common';

/** Learning by gradient ascent on the SJJ bound (Saul, Jaakkola & Jordan 1996) or its mixture (Bishop et al. §3). */
export interface BoundLearningArgs {
  /** η of J ← J + η (∂F/∂J averaged over a batch − λ J). Default 0.1. */
  learningRate?: number;
  /** Patterns per update. Default 10. */
  batchSize?: number;
  /** M: 1 trains on the mean-field bound, M > 1 on the mixture bound. Default 1. */
  components?: number;
  /** Most coordinate-ascent sweeps per batch presentation. Default 50. */
  sweeps?: number;
  /** Variational tolerance per presentation (largest change of a mean). Default 1e-4. */
  tolerance?: number;
  /** λ, an L2 penalty on the weights. Default 0. */
  weightDecay?: number;
  /** Seed of the batch order and of the mixtures' starting components. Default 0. */
  seed?: number;
}

/** Defaults of createBoundTrainer. */
export const BOUND_LEARNING_DEFAULTS: Required<BoundLearningArgs> = {
  learningRate: 0.1,
  batchSize: 10,
  components: 1,
  sweeps: 50,
  tolerance: 1e-4,
  weightDecay: 0,
  seed: 0,
};

/** Per-epoch figures: the mean bound per pattern during the epoch and, for small networks, the exact mean ln P(v). */
export interface BoundEpoch {
  bound: number;
  logLikelihood?: number;
}

/** A running bound-learning job on one network; plain data in and out, no tensors kept between epochs. */
export interface BoundTrainer {
  epoch(): BoundEpoch;
  network(): BeliefNetwork;
}

/**
 * Starts learning: each epoch presents every row once in random batches; the variational parameters (means and ξ,
 * and for mixtures also R and a) persist per row and warm-start the row's next presentation.
 */
export function createBoundTrainer(initial: BeliefNetwork, data: BinaryDataset, args: BoundLearningArgs = {}): BoundTrainer {
  const settings = { ...BOUND_LEARNING_DEFAULTS, ...args };
  if (data.width !== initial.visibleIndices.length) {
    throw new Error(`Dataset '${data.name}' has ${data.width} columns but the network has ${initial.visibleIndices.length} visible units`);
  }
  const n = initial.unitCount;
  const random = createRandom(settings.seed).fork('batches');
  const means = new Float32Array(data.rowCount * n);
  const xi = new Float32Array(data.rowCount * n);
  const seen = new Uint8Array(data.rowCount);
  const mixtures = emptyMixture(data.rowCount, settings.components, n);
  let network = initial;
  let epochIndex = 0;
  return {
    epoch() {
      let boundSum = 0;
      for (const rows of shuffledBatches(data.rowCount, settings.batchSize, random)) {
        const evidence = rowsEvidence(network, data, rows);
        const warm = rows.every((r) => seen[r] === 1);
        const start = warm ? { means: gatherRows(means, rows, n), xi: gatherRows(xi, rows, n) } : undefined;
        const common = { maxSweeps: settings.sweeps, tolerance: settings.tolerance, start, withGradient: true };
        if (settings.components === 1) {
          const result = meanFieldBound(network, evidence, common);
          scatterRows(result.means, rows, n, means);
          scatterRows(result.xi, rows, n, xi);
          boundSum += result.bound.reduce((a, b) => a + b, 0);
          network = ascend(network, result.gradient!.weights, result.gradient!.biases, rows.length, settings.learningRate, settings.weightDecay);
        } else {
          const m = settings.components;
          const mixtureStart = warm ? gatherMixture(mixtures, rows, m, n) : undefined;
          const result = mixtureBound(network, evidence, { ...common, components: m, seed: settings.seed + epochIndex, mixtureStart });
          scatterMixture(result.state, rows, m, n, mixtures);
          boundSum += result.bound.reduce((a, b) => a + b, 0);
          network = ascend(network, result.gradient!.weights, result.gradient!.biases, rows.length, settings.learningRate, settings.weightDecay);
        }
        for (const r of rows) seen[r] = 1;
      }
      epochIndex++;
      const logLikelihood = exactMeanLogLikelihood(network, data);
      return { bound: boundSum / data.rowCount, ...(logLikelihood === undefined ? {} : { logLikelihood }) };
    },
    network: () => network,
  };
}

function gatherRows(source: Float32Array, rows: number[], n: number): Float32Array {
  const out = new Float32Array(rows.length * n);
  rows.forEach((row, k) => out.set(source.subarray(row * n, (row + 1) * n), k * n));
  return out;
}

function scatterRows(source: Float32Array, rows: number[], n: number, target: Float32Array): void {
  rows.forEach((row, k) => target.set(source.subarray(k * n, (k + 1) * n), row * n));
}

const emptyMixture = (rows: number, m: number, n: number): MixtureVariables => ({
  means: new Float32Array(rows * m * n),
  xi: new Float32Array(rows * m * n),
  logSmoothing0: new Float32Array(rows * m * n),
  logSmoothing1: new Float32Array(rows * m * n),
  logWeights: new Float32Array(rows * m),
});

function gatherMixture(all: MixtureVariables, rows: number[], m: number, n: number): MixtureVariables {
  return {
    means: gatherRows(all.means, rows, m * n),
    xi: gatherRows(all.xi, rows, m * n),
    logSmoothing0: gatherRows(all.logSmoothing0, rows, m * n),
    logSmoothing1: gatherRows(all.logSmoothing1, rows, m * n),
    logWeights: gatherRows(all.logWeights, rows, m),
  };
}

function scatterMixture(part: MixtureVariables, rows: number[], m: number, n: number, all: MixtureVariables): void {
  scatterRows(part.means, rows, m * n, all.means);
  scatterRows(part.xi, rows, m * n, all.xi);
  scatterRows(part.logSmoothing0, rows, m * n, all.logSmoothing0);
  scatterRows(part.logSmoothing1, rows, m * n, all.logSmoothing1);
  scatterRows(part.logWeights, rows, m, all.logWeights);
}
