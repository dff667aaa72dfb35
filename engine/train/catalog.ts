import type { CompiledModel } from '../compiler/types';
import { MAX_DENSE_UNITS } from '../energy/dense';

/** One tunable number of an algorithm, with its default and range (inspector controls are generated from this). */
export interface HyperparameterInfo {
  key: string;
  label: string;
  default: number;
  min?: number;
  max?: number;
  /** Whether only integers are valid. */
  integer?: boolean;
}

/** A training algorithm as offered to the user. */
export interface AlgorithmInfo {
  /** Name passed as TrainRequest.algorithm. */
  name: string;
  label: string;
  description: string;
  /** Epochs the UI proposes. */
  defaultEpochs: number;
  /** Metric series the run reports each epoch (keys of onEpoch's metrics). */
  metrics: string[];
  hyperparameters: HyperparameterInfo[];
}

/** Units up to which exact enumeration (2^N states) is offered. */
export const EXACT_UNIT_LIMIT = MAX_DENSE_UNITS;

/** Boltzmann learning with exact statistics; defaults mirror BOLTZMANN_EXACT_DEFAULTS in engine/energy/boltzmannLearning. */
export const BOLTZMANN_EXACT: AlgorithmInfo = {
  name: 'boltzmann-exact',
  label: 'Boltzmann learning (exact)',
  description:
    'Gradient ascent on the log-likelihood, Δw_ij = η(⟨s_i s_j⟩_clamped − ⟨s_i s_j⟩_free) (Mehlig eq. 4.26), ' +
    `with both averages computed exactly by enumerating all states. Models of at most ${EXACT_UNIT_LIMIT} units.`,
  defaultEpochs: 500,
  metrics: ['kl', 'logLikelihood'],
  hyperparameters: [
    { key: 'learningRate', label: 'Learning rate η', default: 0.2, min: 0, max: 1000 },
    { key: 'initScale', label: 'Initial weight scale', default: 0.3, min: 0, max: 10 },
    { key: 'weightDecay', label: 'Weight decay λ', default: 0, min: 0, max: 1 },
  ],
};

/**
 * The same algorithm's defaults for 0/1 units. Under s = 2x − 1 a 0/1 machine is a ±1 machine with couplings w/4, so
 * equal η moves those couplings 16× more slowly and the run sits on the KL = ln 2 plateau of the uniform model;
 * η = 1 and initScale = 1 take the XOR machine below KL 0.05 in 742–2042 epochs (seeds 0–4).
 */
export const BOLTZMANN_EXACT_BINARY01: AlgorithmInfo = {
  ...BOLTZMANN_EXACT,
  defaultEpochs: 2500,
  hyperparameters: BOLTZMANN_EXACT.hyperparameters.map((h) =>
    h.key === 'learningRate' || h.key === 'initScale' ? { ...h, default: 1 } : h,
  ),
};

/** Algorithms that can train `model` (energy models of ≤ 24 units: boltzmann-exact, with defaults for its encoding). */
export function algorithmsFor(model: CompiledModel): AlgorithmInfo[] {
  const algorithms: AlgorithmInfo[] = [];
  if (model.type === 'energy' && model.unitCount <= EXACT_UNIT_LIMIT) {
    algorithms.push(model.encoding === 'binary01' ? BOLTZMANN_EXACT_BINARY01 : BOLTZMANN_EXACT);
  }
  return algorithms;
}
