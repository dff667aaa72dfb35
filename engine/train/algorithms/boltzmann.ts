import type { EnergyModelSpec } from '../../compiler/types';
import { BOLTZMANN_SAMPLED_DEFAULTS, EXACT_FIT_UNITS, startBoltzmannSampled } from '../../energy/sampling/boltzmannSampled';
import { MAX_SAMPLER_UNITS } from '../../energy/sampling/couplings';
import type { LearningMode } from '../../energy/sampling/fit';
import type { AlgorithmInfo, TrainingAlgorithm } from '../algorithm';

const d = BOLTZMANN_SAMPLED_DEFAULTS;

/** Sampled Boltzmann learning; defaults mirror BOLTZMANN_SAMPLED_DEFAULTS in engine/energy/sampling/boltzmannSampled. */
export const BOLTZMANN_SAMPLED: AlgorithmInfo = {
  name: 'boltzmann',
  label: 'Boltzmann learning (sampled)',
  description:
    'Ackley, Hinton & Sejnowski (1985), Mehlig §4.4: Δw_ij = η(⟨s_i s_j⟩_clamped − ⟨s_i s_j⟩_free), Δθ likewise, with both ' +
    'averages from Gibbs sampling of many parallel chains (independent sets of units updated together). Persistent chains ' +
    'carry over between updates; annealed chains start from random states each update and cool from the start temperature to ' +
    'T = 1. Unsupervised: all visible units clamped in the clamped phase, none in the free. Input→output: the first inputUnits ' +
    `visible units clamped in both phases. Reports the exact KL and log-likelihood (conditional in input→output mode) for models of at most ${EXACT_FIT_UNITS} units, ` +
    `and the size of the sampled update (with the Metropolis sampler also its acceptance rate, acceptanceRate). Models of at most ${MAX_SAMPLER_UNITS} units.`,
  defaultEpochs: 800,
  metrics: ['kl', 'logLikelihood', 'gradientNorm'],
  hyperparameters: [
    { key: 'learningRate', label: 'Learning rate η', default: d.learningRate, min: 0, max: 100 },
    { key: 'learningRateHalfLife', label: 'Learning-rate half-life (epochs, 0 = constant)', default: d.learningRateHalfLife, min: 0, max: 1e9 },
    { key: 'initScale', label: 'Initial weight scale', default: d.initScale, min: 0, max: 10 },
    { key: 'weightDecay', label: 'Weight decay λ', default: d.weightDecay, min: 0, max: 1 },
    { key: 'inputUnits', label: 'Input units (first visible, input→output mode)', default: 1, min: 1, max: 100_000, integer: true },
    { key: 'phaseChains', label: 'Chains per phase', default: d.phaseChains, min: 1, max: 1_000_000, integer: true },
    { key: 'sweeps', label: 'Recorded sweeps per update', default: d.sweeps, min: 1, max: 100_000, integer: true },
    { key: 'batchSize', label: 'Patterns per update', default: 64, min: 1, max: 1_000_000, integer: true },
    { key: 'startTemperature', label: 'Annealing start temperature', default: 4, min: 1, max: 1e4 },
    { key: 'annealingSteps', label: 'Annealing steps', default: 4, min: 1, max: 10_000, integer: true },
    { key: 'sweepsPerStep', label: 'Sweeps per annealing step', default: 2, min: 1, max: 10_000, integer: true },
  ],
  choices: [
    { key: 'mode', label: 'Learning mode', options: ['unsupervised', 'input-output'], default: 'unsupervised' },
    { key: 'chainMode', label: 'Chains', options: ['persistent', 'annealed'], default: 'persistent' },
    { key: 'method', label: 'Sampler', options: ['gibbs', 'metropolis'], default: 'gibbs' },
  ],
};

/**
 * Defaults for 0/1 units: a 0/1 machine is a ±1 machine with couplings w/4, so η = 1 and initScale = 1 stand in for 0.1
 * and 0.3 (XOR with 4 hidden units: KL < 0.05 first after 748–1038 epochs for seeds 0–2, against 466–748 for ±1 units).
 */
export const BOLTZMANN_SAMPLED_BINARY01: AlgorithmInfo = {
  ...BOLTZMANN_SAMPLED,
  defaultEpochs: 1500,
  hyperparameters: BOLTZMANN_SAMPLED.hyperparameters.map((h) => (h.key === 'learningRate' || h.key === 'initScale' ? { ...h, default: 1 } : h)),
};

/** Sampled Boltzmann learning for energy models the dense sampler can hold. */
export const boltzmannAlgorithm: TrainingAlgorithm = {
  info: BOLTZMANN_SAMPLED,
  infoFor(model) {
    const info = model.encoding === 'binary01' ? BOLTZMANN_SAMPLED_BINARY01 : BOLTZMANN_SAMPLED;
    return model.unitCount <= EXACT_FIT_UNITS ? info : { ...info, metrics: ['gradientNorm'] };
  },
  refuses(model) {
    if (model.type !== 'energy') return 'Boltzmann learning trains energy models (couplings), not sigmoid belief networks.';
    if (model.unitCount > MAX_SAMPLER_UNITS) return `Sampled Boltzmann learning holds the couplings densely and handles at most ${MAX_SAMPLER_UNITS} units; this model has ${model.unitCount}.`;
    return undefined;
  },
  async start(model, data, args, initial) {
    const h = args.hyper;
    const mode = (args.choices.mode ?? 'unsupervised') as LearningMode;
    const session = startBoltzmannSampled(
      model as EnergyModelSpec,
      data,
      {
        learningRate: h.learningRate,
        learningRateHalfLife: h.learningRateHalfLife,
        initScale: h.initScale,
        weightDecay: h.weightDecay,
        mode,
        inputUnits: mode === 'input-output' ? h.inputUnits : undefined,
        phaseChains: h.phaseChains,
        sweeps: h.sweeps,
        batchSize: h.batchSize,
        annealing: { kind: 'geometric', from: h.startTemperature ?? 4, to: 1, steps: h.annealingSteps ?? 4, sweepsPerStep: h.sweepsPerStep ?? 2 },
        chainMode: (args.choices.chainMode ?? 'persistent') as 'persistent' | 'annealed',
        method: (args.choices.method ?? 'gibbs') as 'gibbs' | 'metropolis',
        seed: args.seed,
      },
      initial,
    );
    return {
      async step(): Promise<Record<string, number>> {
        const m = await session.step();
        const acceptance: Record<string, number> = m.acceptanceRate === undefined ? {} : { acceptanceRate: m.acceptanceRate };
        return m.kl === undefined ? { gradientNorm: m.gradientNorm, ...acceptance } : { kl: m.kl, logLikelihood: m.logLikelihood!, gradientNorm: m.gradientNorm, ...acceptance };
      },
      parameters: () => session.parameters(),
      dispose: () => session.dispose(),
    };
  },
};
