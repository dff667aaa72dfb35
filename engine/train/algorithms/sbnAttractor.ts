import { ATTRACTOR_DEFAULTS } from '../../belief/attractor/dynamics';
import { ATTRACTOR_TRAINING_DEFAULTS, createAttractorTrainer } from '../../belief/attractor/training';
import { asBatch, beliefNetwork, blockParameters, MAX_DENSE_BELIEF_UNITS } from '../../belief/network';
import type { BeliefNetSpec } from '../../compiler/types';
import { cloneParameters, completeParameters } from '../../model/parameters';
import type { AlgorithmInfo, TrainingAlgorithm } from '../algorithm';

/** Saul & Jordan (2000) mean-field learning; defaults from §4, footnote 2. */
export const SBN_ATTRACTOR: AlgorithmInfo = {
  name: 'sbn-attractor',
  label: 'Attractor dynamics (Saul & Jordan)',
  description:
    'Mean-field learning of a sigmoid belief network (Saul & Jordan 2000): for each pattern the attractor dynamics ' +
    '(eqs. 3.12 with 3.14 or 3.13) relax µ ≈ E[S|V] and ξ ≈ E[σ|V] from a top-down pass, then ' +
    'ΔJ_ij = η[(µ_i − ξ_i)µ_j − J_ij ξ_i(1 − ξ_i)µ_j(1 − µ_j)] (eq. 3.17, averaged over each mini-batch) lowers the Lyapunov ' +
    'function L; −L stands in for ln P(V). Defaults: §4, footnote 2 (on-line, η = 0.05, 16 iterations, Δt = 0.25).',
  defaultEpochs: 5,
  metrics: ['negLyapunov'],
  hyperparameters: [
    { key: 'learningRate', label: 'Learning rate η', default: ATTRACTOR_TRAINING_DEFAULTS.learningRate, min: 0, max: 10 },
    { key: 'batchSize', label: 'Patterns per update', default: ATTRACTOR_TRAINING_DEFAULTS.batchSize, min: 1, max: 100_000, integer: true },
    { key: 'iterations', label: 'Attractor iterations', default: ATTRACTOR_DEFAULTS.iterations, min: 0, max: 10_000, integer: true },
    { key: 'stepSize', label: 'Step size Δt', default: ATTRACTOR_DEFAULTS.stepSize, min: 1e-6, max: 1 },
    { key: 'initScale', label: 'Initial weight scale', default: 0.1, min: 0, max: 10 },
  ],
  choices: [{ key: 'xiUpdate', label: 'ξ update', options: ['sigmoid', 'exact'], default: ATTRACTOR_DEFAULTS.xiUpdate }],
};

/** Mean-field learning with attractor dynamics (Saul & Jordan §3.4) for sigmoid belief networks. */
export const sbnAttractorAlgorithm: TrainingAlgorithm = {
  info: SBN_ATTRACTOR,
  refuses(model) {
    if (model.type !== 'belief') return 'Attractor dynamics train sigmoid belief networks (parent links), not energy models.';
    if (model.unitCount > MAX_DENSE_BELIEF_UNITS) {
      return `Attractor dynamics use a dense N×N weight matrix and handle at most ${MAX_DENSE_BELIEF_UNITS} units; this network has ${model.unitCount}.`;
    }
    return undefined;
  },
  async start(model, data, args, initial) {
    const spec = model as BeliefNetSpec;
    const params = completeParameters(spec, initial, args.seed, args.hyper.initScale);
    const trainer = createAttractorTrainer(asBatch(beliefNetwork(spec, params)), [{ rowCount: data.rowCount, bits: data.bits }], args.seed, {
      learningRate: args.hyper.learningRate,
      batchSize: args.hyper.batchSize,
      iterations: args.hyper.iterations,
      stepSize: args.hyper.stepSize,
      xiUpdate: args.choices.xiUpdate as 'sigmoid' | 'exact',
    });
    let current = cloneParameters(params);
    return {
      async step() {
        const [negLyapunov] = await trainer.epoch();
        const networks = await trainer.networks();
        current = blockParameters(spec, networks.weights, networks.biases);
        return { negLyapunov };
      },
      parameters: () => cloneParameters(current),
      dispose: () => trainer.dispose(),
    };
  },
};
