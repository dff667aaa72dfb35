import { beliefRefusal } from '../../belief/learning/session';
import type { AlgorithmInfo, TrainingAlgorithm } from '../algorithm';
import { BOUND_HYPERPARAMETERS, boundInfoFor, startBoundSession } from './sbnMeanfield';

/** sbn-mixture as offered to the user. */
export const SBN_MIXTURE: AlgorithmInfo = {
  name: 'sbn-mixture',
  label: 'Mixture of mean-field distributions (Bishop et al.)',
  description:
    'Gradient ascent on the mixture bound of Bishop, Lawrence, Jaakkola & Jordan (1998), eqs. 5–19: for each pattern M ' +
    'mean-field components, their mixing coefficients, smoothing distributions R and λ are updated in turn (kept between ' +
    'presentations), then J and b climb Σ_m a_m ∂F_m/∂J averaged over each batch.',
  defaultEpochs: 30,
  metrics: ['bound', 'logLikelihood'],
  hyperparameters: [
    { key: 'components', label: 'Components M', default: 5, min: 1, max: 64, integer: true },
    ...BOUND_HYPERPARAMETERS.map((h) => (h.key === 'sweeps' ? { ...h, default: 10 } : h.key === 'batchSize' ? { ...h, default: 25 } : h)),
  ],
};

/** Learning on the mixture-of-mean-field bound. */
export const sbnMixtureAlgorithm: TrainingAlgorithm = {
  info: SBN_MIXTURE,
  infoFor: (model) => boundInfoFor(SBN_MIXTURE, model),
  refuses: (model) => beliefRefusal(model, 'Mixture-bound learning'),
  start: (model, data, args, initial) => {
    const { components, ...hyper } = args.hyper;
    return startBoundSession(model, data, { ...args, hyper }, initial, components);
  },
};
