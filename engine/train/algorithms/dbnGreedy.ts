import { layerStack, requireStack, stackProblem } from '../../energy/rbm/stack';
import { GREEDY_DEFAULTS, startGreedyTraining, type Propagation } from '../../energy/rbm/stackGreedy';
import type { AlgorithmInfo, ChoiceInfo, HyperparameterInfo, TrainingAlgorithm } from '../algorithm';
import { CD_HYPERPARAMETERS } from './cd';
import { MONITOR_KEYS } from './rbmMonitor';

/** Momentum of every layer's CD: 0.5, the value Hinton (2010, guide §9) starts with; plain CD-1 at 0 barely moves a 16-12-8 stack in 100 epochs. */
export const DBN_MOMENTUM = 0.5;

/** The CD settings every RBM of the stack is trained with (CD's own, without the AIS monitor's; momentum DBN_MOMENTUM). */
const LAYER_CD: HyperparameterInfo[] = CD_HYPERPARAMETERS.filter((h) => !(MONITOR_KEYS as readonly string[]).includes(h.key)).map((h) =>
  h.key === 'momentum' ? { ...h, default: DBN_MOMENTUM } : h,
);

export const DBN_HYPERPARAMETERS: HyperparameterInfo[] = [
  { key: 'epochsPerLayer', label: 'Epochs per layer', default: GREEDY_DEFAULTS.epochsPerLayer, min: 1, max: 1_000_000, integer: true },
  ...LAYER_CD,
];

/** What an upper RBM learns from: the layer below's hidden means or fresh samples of them each epoch. */
export const DBN_PROPAGATE: ChoiceInfo = { key: 'propagate', label: 'Pass up to the next layer', options: ['means', 'samples'], default: GREEDY_DEFAULTS.propagate };

/** Metrics of every epoch: which RBM trained (1 = visible–H1), its reconstruction error and mean free energy. */
export const DBN_METRICS = ['layer', 'reconstructionError', 'freeEnergy'];

export const DBN_INFO: AlgorithmInfo = {
  name: 'dbn-greedy',
  label: 'Deep belief net: greedy layer-wise CD',
  description:
    'Stacks of RBMs (visible → H1 → H2 …): the RBM visible–H1 by CD-k on the data, then each RBM above by CD-k on the hidden ' +
    'means or samples of the frozen RBMs below (Hinton, Osindero & Teh 2006), epochs per layer each, bottom up; epochs beyond ' +
    'layers × epochs per layer go on training the top RBM. Generate draws the stack’s fantasies (Gibbs in the top RBM, one pass down).',
  defaultEpochs: 2 * GREEDY_DEFAULTS.epochsPerLayer,
  metrics: DBN_METRICS,
  hyperparameters: DBN_HYPERPARAMETERS,
  choices: [DBN_PROPAGATE],
};

/** Greedy layer-wise training for stacks of RBMs with at least two hidden layers. */
export const dbnGreedyAlgorithm: TrainingAlgorithm = {
  info: DBN_INFO,
  infoFor: (model) => {
    // Described for any model (listings, help); only a stack's own layer count sets the epochs.
    const stack = layerStack(model);
    return typeof stack === 'string' ? DBN_INFO : { ...DBN_INFO, defaultEpochs: stack.rbms.length * GREEDY_DEFAULTS.epochsPerLayer };
  },
  refuses: stackProblem,
  async start(model, data, args, initial) {
    const { epochsPerLayer, ...cd } = args.hyper;
    const layers = requireStack(model).rbms.length;
    if (args.epochs < layers * epochsPerLayer) {
      throw new Error(
        `Greedy training of ${layers} RBMs at ${epochsPerLayer} epochs per layer needs at least ${layers * epochsPerLayer} epochs; ` +
          `set Epochs to ${layers * epochsPerLayer} or lower the epochs per layer to ${Math.max(1, Math.floor(args.epochs / layers))}`,
      );
    }
    const session = await startGreedyTraining(model, data, { ...cd, epochsPerLayer, propagate: args.choices.propagate as Propagation, seed: args.seed }, initial);
    return {
      step: async () => ({ ...(await session.step()) }),
      parameters: () => session.parameters(),
      dispose: () => session.dispose(),
    };
  },
};
