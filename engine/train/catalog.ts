import type { CompiledModel } from '../compiler/types';
import { MAX_DENSE_UNITS } from '../energy/dense';
import type { AlgorithmInfo, TrainingAlgorithm } from './algorithm';
import { withDivergenceSetting } from './divergence';
import { ALGORITHMS } from './registry';

export type { AlgorithmInfo, ChoiceInfo, HyperparameterInfo } from './algorithm';
export { BOLTZMANN_EXACT, BOLTZMANN_EXACT_BINARY01 } from './algorithms/boltzmannExact';

/** Units up to which exact enumeration (2^N states) is offered. */
export const EXACT_UNIT_LIMIT = MAX_DENSE_UNITS;

/** The registered algorithm called `name`, or undefined. */
export function findAlgorithm(name: string): TrainingAlgorithm | undefined {
  return ALGORITHMS.find((a) => a.info.name === name);
}

/** Descriptions (specialised to `model`, with the divergence setting when they report an objective) of every algorithm that can train `model`. */
export function algorithmsFor(model: CompiledModel): AlgorithmInfo[] {
  return ALGORITHMS.filter((a) => a.refuses(model) === undefined).map((a) => withDivergenceSetting(a.infoFor?.(model) ?? a.info));
}
