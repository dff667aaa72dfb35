import type { CompiledModel } from '../../../engine/compiler/types';
import type { AlgorithmInfo } from '../../../engine/train/algorithm';
import type { RunSummary, TrainChoice } from '../../../main/api/contract';
import { defaultsFor, type TrainFormValues } from './trainForm';

/** What picks the proposed algorithm: the compiled family and whether the model has hidden units. */
export interface ModelFamily {
  type: CompiledModel['type'];
  /** Energy models only: 'hopfield' (no hidden units), 'rbm' (bipartite visible–hidden) or 'boltzmann'. */
  family?: 'hopfield' | 'rbm' | 'boltzmann';
  hiddenCount: number;
}

/** The family of a compiled model. */
export function modelFamily(model: CompiledModel): ModelFamily {
  return { type: model.type, ...(model.type === 'energy' ? { family: model.family } : {}), hiddenCount: model.hiddenIndices.length };
}

/**
 * The learner each family is usually trained with, best first: a stack of RBMs greedily layer by layer (Hinton et al.
 * 2006; main offers dbn-greedy only for stacks); an RBM by CD-1 (Mehlig Algorithm 3); a Boltzmann machine by Boltzmann
 * learning (Ackley, Hinton & Sejnowski; exact while its states can be enumerated, else sampled); a Hopfield network by
 * Hebb's rule (Mehlig §2); a belief network by the mean-field bound (Saul, Jaakkola & Jordan 1996).
 */
function preferred(family: ModelFamily): string[] {
  if (family.type === 'belief') return ['sbn-meanfield', 'sbn-gibbs'];
  switch (family.family) {
    case 'rbm':
      return ['cd', 'pcd'];
    case 'hopfield':
      return ['hebb', 'boltzmann-exact', 'boltzmann'];
    default:
      return ['dbn-greedy', 'boltzmann-exact', 'boltzmann', 'meanfield-boltzmann'];
  }
}

/**
 * Settings that differ from an algorithm's catalog defaults when proposed: CD is CD-1, with momentum ½ as Hinton's
 * practical guide (2010) starts it; on 3×3 bars and stripes η 0.1 and μ ½ bring KL from 3.6 to 0.8 in 3,000 updates.
 */
const PROPOSED_SETTINGS: Record<string, Record<string, string>> = { cd: { k: '1', momentum: '0.5' }, pcd: { k: '1', momentum: '0.5' } };

/** Minibatch updates a proposed CD or PCD run makes: the epochs follow the data's size, so small sets get enough updates and large ones no more than needed. */
export const PROPOSED_UPDATES = 3000;

/** Epochs of about PROPOSED_UPDATES minibatch updates over `rows` training rows (5 to 5,000 epochs). */
export function proposedEpochs(rows: number, batchSize: number): number {
  const batches = Math.max(1, Math.ceil(rows / Math.max(1, batchSize)));
  return Math.min(5000, Math.max(5, Math.ceil(PROPOSED_UPDATES / batches)));
}

/** The algorithm proposed for a model of `family` among those main offers (the first offered when none is preferred). */
export function defaultAlgorithm(family: ModelFamily, algorithms: AlgorithmInfo[]): AlgorithmInfo | undefined {
  for (const name of preferred(family)) {
    const found = algorithms.find((a) => a.name === name);
    if (found) return found;
  }
  return algorithms[0];
}

/** Form values for `algorithm` with its catalog defaults and the proposed settings; CD/PCD epochs from the data's `trainingRows` when known. */
export function proposedValues(algorithm: AlgorithmInfo | undefined, datasetId: string, seed = '1', trainingRows?: number): TrainFormValues {
  const values = defaultsFor(algorithm, datasetId, seed);
  const settings = algorithm ? PROPOSED_SETTINGS[algorithm.name] : undefined;
  if (!settings) return values;
  const config = { ...values.config, ...settings };
  const epochs = trainingRows !== undefined && trainingRows > 0 ? String(proposedEpochs(trainingRows, Number(config.batchSize ?? 1))) : values.epochs;
  return { ...values, epochs, config };
}

/**
 * `values` moved to another dataset: CD/PCD epochs still as proposed (for the old data's size, or the catalog's before
 * any data) follow the new data's size; epochs the user typed stay.
 */
export function withDataset(values: TrainFormValues, datasetId: string, algorithm: AlgorithmInfo | undefined, rowsOf: (id: string) => number | undefined): TrainFormValues {
  const next = { ...values, datasetId };
  const batch = Number(values.config.batchSize);
  if (!algorithm || !PROPOSED_SETTINGS[algorithm.name] || !Number.isInteger(batch) || batch < 1) return next;
  const asProposed = (id: string) => {
    const rows = rowsOf(id);
    return rows ? String(proposedEpochs(rows, batch)) : String(algorithm.defaultEpochs);
  };
  return values.epochs === asProposed(values.datasetId) ? { ...next, epochs: asProposed(datasetId) } : next;
}

/**
 * The choice made last time on this diagram — its latest training run's algorithm, own epochs, seed and settings, all
 * stored in the project — when main still offers that algorithm; undefined otherwise.
 */
export function rememberedValues(run: RunSummary | undefined, algorithms: AlgorithmInfo[], datasetId: string): TrainFormValues | undefined {
  const algorithm = run && algorithms.find((a) => a.name === run.algorithm);
  if (!run || !algorithm) return undefined;
  return overlaid(defaultsFor(algorithm, datasetId, String(run.seed)), String(run.totalSteps - (run.parent?.step ?? 0)), run.config);
}

/**
 * The Train panel's choice kept in the project for this diagram (diagram:setTrainChoice, or an example's preset) when main
 * still offers its algorithm: its epochs, seed and settings, and its dataset while that is still in the project.
 */
export function chosenValues(choice: TrainChoice | undefined, algorithms: AlgorithmInfo[], datasetId: string, datasetIds: readonly string[]): TrainFormValues | undefined {
  const algorithm = choice && algorithms.find((a) => a.name === choice.algorithm);
  if (!choice || !algorithm) return undefined;
  const dataset = choice.datasetId !== undefined && datasetIds.includes(choice.datasetId) ? choice.datasetId : datasetId;
  return overlaid(defaultsFor(algorithm, dataset, choice.seed), choice.epochs, choice.config);
}

/** `values` with `epochs` and the settings of `config` the algorithm has (others, from another version, left out). */
function overlaid(values: TrainFormValues, epochs: string, config: Record<string, unknown>): TrainFormValues {
  const merged = Object.fromEntries(Object.entries(values.config).map(([key, text]) => [key, config[key] === undefined ? text : String(config[key])]));
  return { ...values, epochs, config: merged };
}

/** The form's values as the choice the project keeps for the diagram. */
export function choiceOf(values: TrainFormValues): TrainChoice {
  return { algorithm: values.algorithm, epochs: values.epochs, seed: values.seed, config: { ...values.config }, ...(values.datasetId ? { datasetId: values.datasetId } : {}) };
}
