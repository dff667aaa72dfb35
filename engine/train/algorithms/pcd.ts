import { TEMPERING_DEFAULTS } from '../../energy/sampling/tempering';
import type { AlgorithmInfo, ChoiceInfo, HyperparameterInfo, TrainingAlgorithm, TrainingArgs } from '../algorithm';
import { CD_CHOICES, CD_HYPERPARAMETERS, exactRbmMetrics, rbmInfoFor, rbmRefusal, startRbmSession } from './cd';

/** PCD's negative-chain sampler: plain Gibbs chains (Tieleman 2008) or parallel tempering (Desjardins et al. 2010). */
export const PCD_SAMPLER: ChoiceInfo = { key: 'sampler', label: 'Negative-chain sampler', options: ['gibbs', 'tempering'], default: 'gibbs' };

/** The tempering ladder's settings, read only when sampler = tempering (engine/energy/sampling/tempering.ts). */
export const TEMPERING_HYPERPARAMETERS: HyperparameterInfo[] = [
  { key: 'replicas', label: 'Tempering replicas (sampler = tempering)', default: TEMPERING_DEFAULTS.replicas, min: 2, max: 64, integer: true },
  { key: 'lowestBeta', label: 'Lowest inverse temperature β (sampler = tempering)', default: TEMPERING_DEFAULTS.lowestBeta, min: 0.001, max: 1 },
];

/** Mean over adjacent replica pairs of the swap acceptance during the epoch (sampler = tempering; reported by startRbmSession). */
export const SWAP_ACCEPTANCE_METRIC = 'swapAcceptance';

export const PCD_INFO: AlgorithmInfo = {
  name: 'pcd',
  label: 'Persistent contrastive divergence (PCD)',
  description:
    'Restricted Boltzmann machines: CD-k whose negative chains are not restarted at the data but continue from where the ' +
    'previous minibatch left them (Tieleman 2008), so that they sample the model distribution as the weights change slowly; ' +
    'with sampler = tempering the chains are the β = 1 replica of parallel tempering over a geometric ladder down to the lowest β ' +
    '(Desjardins et al. 2010), which mixes between modes that plain chains do not leave, and the swap acceptance is reported each epoch.',
  defaultEpochs: 200,
  metrics: [...exactRbmMetrics, SWAP_ACCEPTANCE_METRIC],
  hyperparameters: [...CD_HYPERPARAMETERS, { key: 'chains', label: 'Persistent chains', default: 100, min: 1, max: 100_000, integer: true }, ...TEMPERING_HYPERPARAMETERS],
  choices: [PCD_SAMPLER, ...CD_CHOICES],
};

/** The CD arguments of a run: the ladder's settings only with sampler = tempering (so a Gibbs run is plain PCD, bit for bit). */
function pcdArgs(args: TrainingArgs): TrainingArgs {
  const sampler = args.choices.sampler ?? PCD_SAMPLER.default;
  if (!PCD_SAMPLER.options.includes(sampler)) throw new Error(`PCD's sampler must be ${PCD_SAMPLER.options.join(' or ')}; got '${sampler}'`);
  const { replicas, lowestBeta, ...hyper } = args.hyper;
  if (sampler === 'gibbs') return { ...args, hyper };
  const ladder = { replicas: replicas ?? TEMPERING_DEFAULTS.replicas, lowestBeta: lowestBeta ?? TEMPERING_DEFAULTS.lowestBeta };
  if (ladder.replicas < 2) throw new Error(`Tempering needs at least 2 replicas (got ${ladder.replicas}); choose sampler = gibbs for plain chains`);
  return { ...args, hyper: { ...hyper, ...ladder } };
}

/** Persistent CD for RBM-structured energy models, its chains optionally tempered. */
export const pcdAlgorithm: TrainingAlgorithm = {
  info: PCD_INFO,
  infoFor: (model) => {
    const info = rbmInfoFor(PCD_INFO, model);
    return { ...info, metrics: [...info.metrics.filter((m) => m !== SWAP_ACCEPTANCE_METRIC), SWAP_ACCEPTANCE_METRIC] };
  },
  refuses: rbmRefusal,
  start: (model, data, args, initial) => startRbmSession(model, data, pcdArgs(args), initial, true),
};
