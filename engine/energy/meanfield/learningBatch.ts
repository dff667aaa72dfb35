import * as tf from '@tensorflow/tfjs';
import type { EnergyModelSpec } from '../../compiler/types';
import type { EmpiricalDistribution } from '../empirical';
import { clampTensors } from './clamp';
import { randomMeans } from './fixedPoint';
import type { ClampTensors, IterationSettings } from './iterate';
import type { CouplingLayout } from './layout';
import { createCouplingOperator, type ParameterTensors } from './operator';
import { phaseMoments, solvePhase, type PhaseSolution } from './phases';

/** Which visible units are clamped in which phase (Peterson & Anderson 1987 §2; Mehlig §4.4). */
export type MeanFieldLearningMode = 'unsupervised' | 'input-output';

/** What stays fixed during a learning run. */
export interface LearningProblem {
  model: EnergyModelSpec;
  layout: CouplingLayout;
  settings: IterationSettings;
  mode: MeanFieldLearningMode;
  /** The first `inputs` visible units are inputs. */
  inputs: number;
  empirical: EmpiricalDistribution;
  /** Distinct patterns in the model's encoding, count × visible. */
  targets: Float32Array;
  /** 1 for units that have a bias, [N]. */
  biasMask: tf.Tensor1D;
  seed: number;
}

/** Phases solved in one batch: clamped, free and (unsupervised mode with inputs) completion rows. */
export interface Phases {
  clamped: PhaseSolution;
  free: PhaseSolution;
  /** Inputs clamped, the rest free; input→output mode scores `free` instead. */
  completion?: PhaseSolution;
}

/** Tensors for one batch of distinct patterns: rows [group · B + b], weights P_data normalised over the batch. */
export interface BatchPlan {
  patterns: number[];
  /** Normalised P_data of the batch's patterns. */
  probabilities: Float64Array;
  /** Their share of the whole data distribution. */
  share: number;
  weights: tf.Tensor2D;
  clamp: ClampTensors;
  start: tf.Tensor2D;
  groups: number;
  dispose(): void;
}

/** Clamps for every phase of the batch `patterns` (indices into problem.empirical). */
export function createBatchPlan(problem: LearningProblem, patterns: number[]): BatchPlan {
  const { model, empirical, targets, inputs, mode } = problem;
  const width = model.visibleIndices.length;
  const size = patterns.length;
  const groups = mode === 'unsupervised' && inputs > 0 ? 3 : 2;
  const values = new Float32Array(groups * size * width);
  const present = new Uint8Array(groups * size * width);
  for (let g = 0; g < groups; g++) {
    const clampedUnits = g === 0 ? width : g === 1 && mode === 'unsupervised' ? 0 : inputs;
    patterns.forEach((pattern, b) => {
      for (let k = 0; k < width; k++) {
        const at = (g * size + b) * width + k;
        values[at] = targets[pattern * width + k];
        present[at] = k < clampedUnits ? 1 : 0;
      }
    });
  }
  const share = patterns.reduce((sum, p) => sum + empirical.probabilities[p], 0);
  const probabilities = Float64Array.from(patterns, (p) => empirical.probabilities[p] / share);
  const weights = tf.tensor2d(Float32Array.from(probabilities), [size, 1]);
  const clamp = clampTensors(problem.layout, { units: model.visibleIndices, values, present }, groups * size);
  const start = randomMeans(groups * size, model.unitCount, model.encoding, 0.01, problem.seed);
  return { patterns, probabilities, share, weights, clamp, start, groups, dispose: () => tf.dispose([weights, clamp.mask, clamp.values, start]) };
}

/** Anneals every phase of the batch at the parameters `tensors` in one batched run. */
export function solveBatch(problem: LearningProblem, plan: BatchPlan, tensors: ParameterTensors): Phases {
  const operator = createCouplingOperator(problem.layout, tensors);
  let solution: PhaseSolution;
  try {
    solution = solvePhase(problem.layout, operator, problem.settings, plan.start, plan.clamp);
  } finally {
    operator.dispose();
  }
  const size = plan.patterns.length;
  const group = (g: number): PhaseSolution => ({
    ...solution,
    means: tf.slice(solution.means, [g * size, 0], [size, problem.model.unitCount]),
    freeEnergies: solution.freeEnergies.subarray(g * size, (g + 1) * size),
  });
  const phases: Phases = { clamped: group(0), free: group(1), completion: plan.groups === 3 ? group(2) : undefined };
  solution.means.dispose();
  return phases;
}

/** Frees the phases' tensors. */
export const disposePhases = (p: Phases): void => tf.dispose([p.clamped.means, p.free.means, ...(p.completion ? [p.completion.means] : [])]);

/** New parameter tensors w + η(⟨mm⟩_clamped − ⟨mm⟩_free − λw), b + η(⟨m⟩_clamped − ⟨m⟩_free) (P&A eq. 2.10 form); the old ones are freed. */
export function updateParameters(problem: LearningProblem, plan: BatchPlan, phases: Phases, tensors: ParameterTensors, eta: number, decay: number): ParameterTensors {
  const next = tf.tidy(() => {
    const clamped = phaseMoments(problem.model, phases.clamped.means, plan.weights);
    const free = phaseMoments(problem.model, phases.free.means, plan.weights);
    const weights: Record<string, tf.Tensor2D> = {};
    for (const b of problem.model.weightBlocks) {
      const old = tensors.weights[b.key];
      weights[b.key] = tf.add(old, tf.mul(tf.sub(tf.sub(clamped.blocks[b.key], free.blocks[b.key]), tf.mul(old, decay)), eta));
    }
    const biases = tf.add(tensors.biases, tf.mul(tf.mul(tf.sub(clamped.means, free.means), problem.biasMask), eta)) as tf.Tensor1D;
    return { weights, biases };
  });
  tf.dispose([...Object.values(tensors.weights), tensors.biases]);
  return next;
}

/** This batch's metrics: mean-field −log P estimate β(F_clamped − F_free) and the share of wrong output bits (inputs clamped). */
export function batchMetrics(problem: LearningProblem, plan: BatchPlan, phases: Phases): { meanFieldNll: number; outputError?: number } {
  const { model, inputs } = problem;
  const visible = model.visibleIndices;
  const size = plan.patterns.length;
  // Unsupervised: every free solution estimates the same F = −β⁻¹ ln Z from above; the lowest is the best estimate.
  const freeBest = Math.min(...phases.free.freeEnergies);
  let meanFieldNll = 0;
  for (let b = 0; b < size; b++) {
    const reference = problem.mode === 'input-output' ? phases.free.freeEnergies[b] : freeBest;
    meanFieldNll += plan.probabilities[b] * problem.settings.beta * (phases.clamped.freeEnergies[b] - reference);
  }
  if (inputs === 0) return { meanFieldNll };
  const means = (phases.completion ?? phases.free).means.dataSync();
  const n = model.unitCount;
  let wrong = 0;
  for (let b = 0; b < size; b++) {
    for (let k = inputs; k < visible.length; k++) {
      const m = means[b * n + visible[k]];
      const on = model.encoding === 'pm1' ? m > 0 : m > 0.5;
      if (on !== (problem.empirical.patterns[plan.patterns[b] * visible.length + k] === 1)) wrong += plan.probabilities[b];
    }
  }
  return { meanFieldNll, outputError: wrong / (visible.length - inputs) };
}
