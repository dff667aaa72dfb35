import type { AlgorithmInfo, TrainingAlgorithm } from '../algorithm';
import { CD_HYPERPARAMETERS, exactRbmMetrics, rbmInfoFor, rbmRefusal, startRbmSession } from './cd';

export const PCD_INFO: AlgorithmInfo = {
  name: 'pcd',
  label: 'Persistent contrastive divergence (PCD)',
  description:
    'Restricted Boltzmann machines: CD-k whose negative chains are not restarted at the data but continue from where the ' +
    'previous minibatch left them (Tieleman 2008), so that they sample the model distribution as the weights change slowly.',
  defaultEpochs: 200,
  metrics: exactRbmMetrics,
  hyperparameters: [...CD_HYPERPARAMETERS, { key: 'chains', label: 'Persistent chains', default: 100, min: 1, max: 100_000, integer: true }],
};

/** Persistent CD for RBM-structured energy models. */
export const pcdAlgorithm: TrainingAlgorithm = {
  info: PCD_INFO,
  infoFor: (model) => rbmInfoFor(PCD_INFO, model),
  refuses: rbmRefusal,
  start: (model, data, args, initial) => startRbmSession(model, data, args, initial, true),
};
