import type { BeliefNetSpec, CompiledModel } from '../../compiler/types';
import { cloneParameters, completeParameters, type ModelParameters } from '../../model/parameters';
import { beliefNetwork, blockParameters, MAX_DENSE_BELIEF_UNITS, type BeliefNetwork } from '../network';
import { EXACT_METRIC_HIDDEN_UNITS } from './common';

/** Refusal shared by the belief-network learning algorithms (family and dense size). */
export function beliefRefusal(model: CompiledModel, what: string): string | undefined {
  if (model.type !== 'belief') return `${what} trains sigmoid belief networks (parent links), not energy models.`;
  if (model.unitCount > MAX_DENSE_BELIEF_UNITS) {
    return `${what} uses a dense N×N weight matrix and handles at most ${MAX_DENSE_BELIEF_UNITS} units; this network has ${model.unitCount}.`;
  }
  return undefined;
}

/** Whether epochs report the exact mean log-likelihood (few enough hidden units to enumerate every epoch). */
export const reportsExactLikelihood = (model: CompiledModel): boolean => model.hiddenIndices.length <= EXACT_METRIC_HIDDEN_UNITS;

/** The starting network: given parameters completed with N(0, initScale²) weights (zero biases) where missing. */
export function startingNetwork(model: CompiledModel, initial: ModelParameters | undefined, seed: number, initScale: number): { spec: BeliefNetSpec; network: BeliefNetwork } {
  const spec = model as BeliefNetSpec;
  return { spec, network: beliefNetwork(spec, completeParameters(spec, initial, seed, initScale)) };
}

/** The network's J and b as the model's parameter blocks (a copy). */
export const networkParameters = (spec: BeliefNetSpec, network: BeliefNetwork): ModelParameters =>
  cloneParameters(blockParameters(spec, network.weights, network.biases));
