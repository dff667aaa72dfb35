import * as tf from '@tensorflow/tfjs';
import type { EnergyModelSpec } from '../../compiler/types';
import type { BinaryDataset } from '../../data/dataset';
import { cloneParameters, completeParameters, type ModelParameters } from '../../model/parameters';
import { empiricalDistribution } from '../empirical';
import { createRandom } from '../../random/seeded';
import { exactKlDivergence } from '../exact';
import type { IterationSettings } from './iterate';
import { createCouplingLayout } from './layout';
import {
  batchMetrics,
  createBatchPlan,
  disposePhases,
  solveBatch,
  updateParameters,
  type BatchPlan,
  type LearningProblem,
  type MeanFieldLearningMode,
  type Phases,
} from './learningBatch';
import { disposeParameters, uploadParameters, type ParameterTensors } from './operator';
import { geometricTemperatures } from './schedule';

export type { MeanFieldLearningMode } from './learningBatch';

/** Mean-field (deterministic) Boltzmann learning, Peterson & Anderson 1987. */
export interface MeanFieldLearningArgs {
  /** η in Δw_ij = η(m_i m_j|clamped − m_i m_j|free), Δb_i = η(m_i|clamped − m_i|free). Default 0.5. */
  learningRate?: number;
  /** Initial weights N(0, initScale²), biases 0. Default 0.5. */
  initScale?: number;
  /** λ in the extra term −ηλw_ij. Default 0. */
  weightDecay?: number;
  /** 'unsupervised': all visible clamped in the clamped phase, none in the free; 'input-output': the first `inputUnits` visible units clamped in both. Default 'unsupervised'. */
  mode?: MeanFieldLearningMode;
  /** Visible units (in visibleIndices order) that are inputs; also the units clamped to score outputError. Default 0. */
  inputUnits?: number;
  /** Annealing: first temperature, final temperature T = 1/β, number of stages (geometric in T) and sweeps per stage. Defaults 30, 1, 10, 2. */
  startTemperature?: number;
  finalTemperature?: number;
  annealingStages?: number;
  sweepsPerStage?: number;
  /** Final-temperature sweeps stop when max |m − F(m)| ≤ tolerance, or after maxSweeps. Defaults 1e-4, 100. */
  tolerance?: number;
  maxSweeps?: number;
  /** Distinct patterns per weight update, in a seeded order each epoch; 0 = all of them, one update per epoch. Default 0. */
  batchSize?: number;
  /** Seed of the initial weights, the mean-field starting points and the batch order. Default 0. */
  seed?: number;
}

/** Defaults; see MeanFieldLearningArgs. */
export const MEANFIELD_LEARNING_DEFAULTS: Required<MeanFieldLearningArgs> = {
  learningRate: 0.5,
  initScale: 0.5,
  weightDecay: 0,
  mode: 'unsupervised',
  inputUnits: 0,
  startTemperature: 30,
  finalTemperature: 1,
  annealingStages: 10,
  sweepsPerStage: 2,
  tolerance: 1e-4,
  maxSweeps: 100,
  batchSize: 0,
  seed: 0,
};

/** Models up to this many units also report the exact KL(P_data‖P_model) each epoch. */
export const EXACT_KL_UNIT_LIMIT = 16;

/** A mean-field learning run: parameters on the backend between epochs. */
export interface MeanFieldLearningSession {
  /** One epoch: one update over all distinct patterns (weighted by frequency), or one per batch of batchSize patterns. */
  step(): Promise<Record<string, number>>;
  /**
   * Metrics: meanFieldNll, outputError (when inputUnits > 0), kl (≤ 16 units). Full batch: of the current parameters;
   * with batches: averaged over the epoch's batches, each solved before its update (kl always of the current parameters).
   */
  metrics(): Record<string, number>;
  parameters(): ModelParameters;
  /** Weight updates made so far. */
  updates(): number;
  dispose(): void;
}

function checkArgs(model: EnergyModelSpec, data: BinaryDataset, config: Required<MeanFieldLearningArgs>): void {
  const visible = model.visibleIndices.length;
  if (data.width !== visible) throw new Error(`Dataset '${data.name}' has ${data.width} columns but the model has ${visible} visible units`);
  if (data.rowCount === 0) throw new Error(`Dataset '${data.name}' has no rows`);
  if (!Number.isInteger(config.inputUnits) || config.inputUnits < 0 || config.inputUnits >= visible) {
    throw new RangeError(`inputUnits must be a whole number from 0 to ${visible - 1} (the model has ${visible} visible units); got ${config.inputUnits}`);
  }
  if (config.mode === 'input-output' && config.inputUnits === 0) {
    throw new RangeError('Input→output mode needs inputUnits ≥ 1: the first inputUnits visible units are the inputs clamped in both phases');
  }
  if (!(config.finalTemperature > 0 && config.startTemperature >= config.finalTemperature)) {
    throw new RangeError(`Annealing needs 0 < finalTemperature ≤ startTemperature; got ${config.startTemperature} → ${config.finalTemperature}`);
  }
  if (!Number.isInteger(config.batchSize) || config.batchSize < 0) throw new RangeError(`batchSize must be a whole number ≥ 0; got ${config.batchSize}`);
}

function download(model: EnergyModelSpec, tensors: ParameterTensors): ModelParameters {
  const out: ModelParameters = { weights: {}, biases: {} };
  for (const b of model.weightBlocks) out.weights[b.key] = Float32Array.from(tensors.weights[b.key].dataSync());
  const biases = tensors.biases.dataSync();
  for (const bias of model.biasBlocks) out.biases[bias.nodeId] = Float32Array.from(biases.subarray(bias.range.start, bias.range.end));
  return out;
}

/** Batches of distinct pattern indices for one epoch: all at once, or a seeded shuffle cut into batchSize pieces. */
function epochBatches(count: number, batchSize: number, seed: number, epoch: number): number[][] {
  const all = Array.from({ length: count }, (_, k) => k);
  if (batchSize === 0 || batchSize >= count) return [all];
  const random = createRandom(seed).fork(`meanfield-batches-${epoch}`);
  for (let k = count - 1; k > 0; k--) {
    const j = random.int(k + 1);
    [all[k], all[j]] = [all[j], all[k]];
  }
  return Array.from({ length: Math.ceil(count / batchSize) }, (_, b) => all.slice(b * batchSize, (b + 1) * batchSize));
}

/** Starts a run from `initial` (blocks it lacks drawn N(0, initScale²) with `seed`); the first metrics are computed before it resolves. */
export async function startMeanFieldLearning(
  model: EnergyModelSpec,
  data: BinaryDataset,
  args: MeanFieldLearningArgs = {},
  initial?: ModelParameters,
): Promise<MeanFieldLearningSession> {
  const config = { ...MEANFIELD_LEARNING_DEFAULTS, ...args };
  checkArgs(model, data, config);
  const empirical = empiricalDistribution(data);
  const settings: IterationSettings = {
    encoding: model.encoding,
    update: 'sequential',
    damping: 0,
    tolerance: config.tolerance,
    maxIterations: config.maxSweeps,
    beta: 1 / config.finalTemperature,
    annealingBetas: geometricTemperatures(config.startTemperature, config.finalTemperature, config.annealingStages).map((t) => 1 / t),
    iterationsPerStage: config.sweepsPerStage,
  };
  const params = completeParameters(model, initial, config.seed, config.initScale);
  const hasBias = new Float32Array(model.unitCount);
  for (const bias of model.biasBlocks) hasBias.fill(1, bias.range.start, bias.range.end);
  const low = model.encoding === 'pm1' ? -1 : 0;
  const problem: LearningProblem = {
    model,
    layout: createCouplingLayout(model),
    settings,
    mode: config.mode,
    inputs: config.inputUnits,
    empirical,
    targets: Float32Array.from(empirical.patterns, (b) => (b ? 1 : low)),
    biasMask: tf.tensor1d(hasBias),
    seed: config.seed,
  };
  let tensors: ParameterTensors = uploadParameters(model, params);
  const fullBatch = epochBatches(empirical.count, config.batchSize, config.seed, 0).length === 1;
  // Full batch: one plan for the whole run, and the phases solved after an update serve the next update too.
  let plan: BatchPlan | undefined;
  let phases: Phases | undefined;
  let current = params;
  let metrics: Record<string, number> = {};
  let updates = 0;
  let epoch = 0;

  const withKl = (m: Record<string, number>): Record<string, number> =>
    model.unitCount <= EXACT_KL_UNIT_LIMIT ? { ...m, kl: exactKlDivergence(model, current, data, settings.beta) } : m;

  /** One pass over the epoch's batches (updating when `learn`), metrics weighted by each batch's share of P_data. */
  const pass = (learn: boolean): Record<string, number> => {
    const totals: Record<string, number> = {};
    for (const patterns of epochBatches(empirical.count, config.batchSize, config.seed, epoch)) {
      const batch = createBatchPlan(problem, patterns);
      const solved = solveBatch(problem, batch, tensors);
      try {
        for (const [key, value] of Object.entries(batchMetrics(problem, batch, solved))) totals[key] = (totals[key] ?? 0) + batch.share * (value ?? 0);
        if (learn) {
          tensors = updateParameters(problem, batch, solved, tensors, config.learningRate, config.weightDecay);
          updates++;
        }
      } finally {
        disposePhases(solved);
        batch.dispose();
      }
    }
    return totals;
  };

  const disposeAll = (): void => {
    if (phases) disposePhases(phases);
    plan?.dispose();
    disposeParameters(tensors);
    problem.biasMask.dispose();
    problem.layout.dispose();
  };

  try {
    if (fullBatch) {
      plan = createBatchPlan(problem, epochBatches(empirical.count, 0, config.seed, 0)[0]);
      phases = solveBatch(problem, plan, tensors);
      metrics = withKl({ ...batchMetrics(problem, plan, phases) });
    } else {
      metrics = withKl(pass(false));
    }
  } catch (error) {
    disposeAll();
    throw error;
  }

  return {
    async step() {
      epoch++;
      if (plan && phases) {
        tensors = updateParameters(problem, plan, phases, tensors, config.learningRate, config.weightDecay);
        updates++;
        disposePhases(phases);
        phases = undefined;
        phases = solveBatch(problem, plan, tensors);
        current = download(model, tensors);
        metrics = withKl({ ...batchMetrics(problem, plan, phases) });
      } else {
        const averaged = pass(true);
        current = download(model, tensors);
        metrics = withKl(averaged);
      }
      return { ...metrics };
    },
    metrics: () => ({ ...metrics }),
    parameters: () => cloneParameters(current),
    updates: () => updates,
    dispose: disposeAll,
  };
}
