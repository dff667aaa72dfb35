import * as tf from '@tensorflow/tfjs';
import type { EnergyModelSpec } from '../../compiler/types';
import type { BinaryDataset } from '../../data/dataset';
import { cloneParameters, completeParameters, type ModelParameters } from '../../model/parameters';
import { empiricalDistribution } from '../empirical';
import { exactKlDivergence } from '../exact';
import { clampTensors } from './clamp';
import { randomMeans } from './fixedPoint';
import type { ClampTensors, IterationSettings } from './iterate';
import { createCouplingLayout } from './layout';
import { createCouplingOperator, uploadParameters, type ParameterTensors } from './operator';
import { phaseMoments, solvePhase, type PhaseSolution } from './phases';
import { geometricTemperatures } from './schedule';

/** Which visible units are clamped in which phase (Peterson & Anderson 1987 §2; Mehlig §4.4). */
export type MeanFieldLearningMode = 'unsupervised' | 'input-output';

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
  /** Seed of the initial weights and of the mean-field starting points. Default 0. */
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
  seed: 0,
};

/** Models up to this many units also report the exact KL(P_data‖P_model) each epoch. */
export const EXACT_KL_UNIT_LIMIT = 16;

/** A mean-field learning run: parameters on the backend between epochs. */
export interface MeanFieldLearningSession {
  /** One full-batch update (all distinct patterns, weighted by frequency), then the metrics of the new parameters. */
  step(): Promise<Record<string, number>>;
  /** Metrics of the current parameters: meanFieldNll, outputError (when inputUnits > 0), kl (≤ 16 units). */
  metrics(): Record<string, number>;
  parameters(): ModelParameters;
  /** Weight updates made so far. */
  updates(): number;
  dispose(): void;
}

interface Phases {
  clamped: PhaseSolution;
  free: PhaseSolution;
  /** Inputs clamped, outputs free (unsupervised mode with inputUnits > 0 only; input-output mode uses `free`). */
  completion?: PhaseSolution;
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
}

/** Starts a run from `initial` (blocks it lacks drawn N(0, initScale²) with `seed`); the initial phases are solved before it resolves. */
export async function startMeanFieldLearning(
  model: EnergyModelSpec,
  data: BinaryDataset,
  args: MeanFieldLearningArgs = {},
  initial?: ModelParameters,
): Promise<MeanFieldLearningSession> {
  const config = { ...MEANFIELD_LEARNING_DEFAULTS, ...args };
  checkArgs(model, data, config);
  const n = model.unitCount;
  const empirical = empiricalDistribution(data);
  const count = empirical.count;
  const visible = model.visibleIndices;
  const low = model.encoding === 'pm1' ? -1 : 0;
  const targets = Float32Array.from(empirical.patterns, (b) => (b ? 1 : low));
  const inputs = config.inputUnits;
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

  const layout = createCouplingLayout(model);
  const params = completeParameters(model, initial, config.seed, config.initScale);
  let tensors: ParameterTensors = uploadParameters(model, params);
  const hasBias = new Float32Array(n);
  for (const bias of model.biasBlocks) hasBias.fill(1, bias.range.start, bias.range.end);
  const biasMask = tf.tensor1d(hasBias);
  const weights = tf.tensor2d(Float32Array.from(empirical.probabilities), [count, 1]);
  // Clamped, free and (unsupervised with inputs) completion phases share one batch: rows [group · count + pattern].
  const groups = config.mode === 'unsupervised' && inputs > 0 ? 3 : 2;
  const width = visible.length;
  const clampValues = new Float32Array(groups * count * width);
  const present = new Uint8Array(groups * count * width);
  for (let g = 0; g < groups; g++) {
    const clampedUnits = g === 0 ? width : g === 1 && config.mode === 'unsupervised' ? 0 : inputs;
    for (let p = 0; p < count; p++) {
      for (let k = 0; k < width; k++) {
        const at = (g * count + p) * width + k;
        clampValues[at] = targets[p * width + k];
        present[at] = k < clampedUnits ? 1 : 0;
      }
    }
  }
  const start = randomMeans(groups * count, n, model.encoding, 0.01, config.seed);
  const clamp: ClampTensors = clampTensors(layout, { units: visible, values: clampValues, present }, groups * count);
  const statics: tf.Tensor[] = [biasMask, weights, start, clamp.mask, clamp.values];

  const solve = (): Phases => {
    const operator = createCouplingOperator(layout, tensors);
    let solution: PhaseSolution;
    try {
      solution = solvePhase(layout, operator, settings, start, clamp);
    } finally {
      operator.dispose();
    }
    const group = (g: number): PhaseSolution => ({
      ...solution,
      means: tf.slice(solution.means, [g * count, 0], [count, n]),
      freeEnergies: solution.freeEnergies.subarray(g * count, (g + 1) * count),
    });
    const phases: Phases = { clamped: group(0), free: group(1), completion: groups === 3 ? group(2) : undefined };
    solution.means.dispose();
    return phases;
  };
  const disposePhases = (p: Phases): void => tf.dispose([p.clamped.means, p.free.means, ...(p.completion ? [p.completion.means] : [])]);

  const download = (): ModelParameters => {
    const out: ModelParameters = { weights: {}, biases: {} };
    for (const b of model.weightBlocks) out.weights[b.key] = Float32Array.from(tensors.weights[b.key].dataSync());
    const biases = tensors.biases.dataSync();
    for (const bias of model.biasBlocks) out.biases[bias.nodeId] = Float32Array.from(biases.subarray(bias.range.start, bias.range.end));
    return out;
  };

  const scoreOutputs = (solution: PhaseSolution): number => {
    const means = solution.means.dataSync();
    let wrong = 0;
    for (let p = 0; p < count; p++) {
      for (let k = inputs; k < visible.length; k++) {
        const m = means[p * n + visible[k]];
        const on = model.encoding === 'pm1' ? m > 0 : m > 0.5;
        if (on !== (empirical.patterns[p * visible.length + k] === 1)) wrong += empirical.probabilities[p];
      }
    }
    return wrong / (visible.length - inputs);
  };

  const measure = (p: Phases, current: ModelParameters): Record<string, number> => {
    const freeMin = Math.min(...p.free.freeEnergies);
    let nll = 0;
    for (let k = 0; k < count; k++) {
      const reference = config.mode === 'input-output' ? p.free.freeEnergies[k] : freeMin;
      nll += empirical.probabilities[k] * settings.beta * (p.clamped.freeEnergies[k] - reference);
    }
    const metrics: Record<string, number> = { meanFieldNll: nll };
    if (inputs > 0) metrics.outputError = scoreOutputs(p.completion ?? p.free);
    if (n <= EXACT_KL_UNIT_LIMIT) metrics.kl = exactKlDivergence(model, current, data, settings.beta);
    return metrics;
  };

  let phases: Phases;
  let current: ModelParameters;
  let metrics: Record<string, number>;
  let updates = 0;
  try {
    phases = solve();
    current = download();
    metrics = measure(phases, current);
  } catch (error) {
    disposeParametersAndStatics();
    throw error;
  }
  function disposeParametersAndStatics(): void {
    tf.dispose([...Object.values(tensors.weights), tensors.biases, ...statics]);
    layout.dispose();
  }

  const update = (): void => {
    const next = tf.tidy(() => {
      const clamped = phaseMoments(model, phases.clamped.means, weights);
      const free = phaseMoments(model, phases.free.means, weights);
      const eta = config.learningRate;
      const decay = config.weightDecay;
      const w: Record<string, tf.Tensor2D> = {};
      for (const b of model.weightBlocks) {
        const old = tensors.weights[b.key];
        const delta = tf.sub(tf.sub(clamped.blocks[b.key], free.blocks[b.key]), tf.mul(old, decay));
        w[b.key] = tf.add(old, tf.mul(delta, eta));
      }
      const biases = tf.add(tensors.biases, tf.mul(tf.mul(tf.sub(clamped.means, free.means), biasMask), eta)) as tf.Tensor1D;
      return { weights: w, biases };
    });
    tf.dispose([...Object.values(tensors.weights), tensors.biases]);
    tensors = next;
    updates++;
  };

  return {
    async step() {
      update();
      disposePhases(phases);
      phases = solve();
      current = download();
      metrics = measure(phases, current);
      return { ...metrics };
    },
    metrics: () => ({ ...metrics }),
    parameters: () => cloneParameters(current),
    updates: () => updates,
    dispose() {
      disposePhases(phases);
      disposeParametersAndStatics();
    },
  };
}
