import type { EnergyModelSpec } from '../../compiler/types';
import { MEANFIELD_LEARNING_DEFAULTS, startMeanFieldLearning, type MeanFieldLearningMode } from '../../energy/meanfield/learning';
import type { AlgorithmInfo, TrainingAlgorithm } from '../algorithm';

const d = MEANFIELD_LEARNING_DEFAULTS;

/** Mean-field Boltzmann learning (Peterson & Anderson 1987); defaults mirror MEANFIELD_LEARNING_DEFAULTS. */
export const MEANFIELD_BOLTZMANN: AlgorithmInfo = {
  name: 'meanfield-boltzmann',
  label: 'Mean-field Boltzmann learning',
  description:
    'Peterson & Anderson (1987): Δw_ij = η(m_i m_j|clamped − m_i m_j|free), Δb_i = η(m_i|clamped − m_i|free), with both phases ' +
    'from mean-field solutions annealed in temperature instead of sampled. Unsupervised: all visible units clamped in the ' +
    'clamped phase, none in the free. Input→output: the first inputUnits visible units clamped in both phases. Reports the ' +
    'mean-field estimate of −log P (meanFieldNll), the share of wrong output bits with the inputs clamped (outputError, when ' +
    'inputUnits > 0) and the exact KL(P_data‖P_model) for models of at most 16 units. Any model size.',
  defaultEpochs: 200,
  metrics: ['meanFieldNll', 'outputError', 'kl'],
  hyperparameters: [
    { key: 'learningRate', label: 'Learning rate η', default: d.learningRate, min: 0, max: 100 },
    { key: 'initScale', label: 'Initial weight scale', default: d.initScale, min: 0, max: 10 },
    { key: 'weightDecay', label: 'Weight decay λ', default: d.weightDecay, min: 0, max: 1 },
    { key: 'inputUnits', label: 'Input units (first visible)', default: d.inputUnits, min: 0, max: 100_000, integer: true },
    { key: 'startTemperature', label: 'Annealing start temperature', default: d.startTemperature, min: 1e-3, max: 1e4 },
    { key: 'finalTemperature', label: 'Final temperature', default: d.finalTemperature, min: 1e-3, max: 1e4 },
    { key: 'annealingStages', label: 'Annealing stages', default: d.annealingStages, min: 1, max: 1000, integer: true },
    { key: 'sweepsPerStage', label: 'Sweeps per stage', default: d.sweepsPerStage, min: 0, max: 1000, integer: true },
    { key: 'maxSweeps', label: 'Final sweeps at most', default: d.maxSweeps, min: 0, max: 100_000, integer: true },
    { key: 'batchSize', label: 'Patterns per update (0 = all)', default: d.batchSize, min: 0, max: 1_000_000, integer: true },
  ],
  choices: [{ key: 'mode', label: 'Learning mode', options: ['unsupervised', 'input-output'], default: d.mode }],
};

/**
 * Defaults for 0/1 units: a 0/1 machine is a ±1 machine with couplings w/4, so η = 2 and initScale = 1 stand in for
 * 0.5 and 0.5 (XOR 2-4-1, input→output: all outputs right after 60–134 updates for seeds 0–9, against 15–54 for ±1 units).
 */
export const MEANFIELD_BOLTZMANN_BINARY01: AlgorithmInfo = {
  ...MEANFIELD_BOLTZMANN,
  hyperparameters: MEANFIELD_BOLTZMANN.hyperparameters.map((h) =>
    h.key === 'learningRate' ? { ...h, default: 2 } : h.key === 'initScale' ? { ...h, default: 1 } : h,
  ),
};

/** Mean-field Boltzmann learning for energy models of any size. */
export const meanfieldBoltzmannAlgorithm: TrainingAlgorithm = {
  info: MEANFIELD_BOLTZMANN,
  infoFor: (model) => (model.encoding === 'binary01' ? MEANFIELD_BOLTZMANN_BINARY01 : MEANFIELD_BOLTZMANN),
  refuses(model) {
    if (model.type !== 'energy') return 'Mean-field Boltzmann learning trains energy models (couplings), not sigmoid belief networks.';
    return undefined;
  },
  async start(model, data, args, initial) {
    const session = await startMeanFieldLearning(
      model as EnergyModelSpec,
      data,
      { ...args.hyper, mode: (args.choices.mode ?? d.mode) as MeanFieldLearningMode, seed: args.seed },
      initial,
    );
    return { step: () => session.step(), parameters: () => session.parameters(), dispose: () => session.dispose() };
  },
};
