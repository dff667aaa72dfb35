import type { CompiledModel, EnergyModelSpec } from '../../../engine/compiler/types';
import { MAX_DENSE_UNITS } from '../../../engine/energy/dense';

/** Why exact enumeration cannot handle `model`, or undefined: energy models of at most MAX_DENSE_UNITS units. */
export function exactRefusal(model: CompiledModel, what: string): string | undefined {
  if (model.type !== 'energy') return `${what} enumerates the states of an energy model (Hopfield, Boltzmann machine, RBM); this is a sigmoid belief network`;
  if (model.unitCount > MAX_DENSE_UNITS) {
    return `${what} enumerates all 2^N states and handles at most ${MAX_DENSE_UNITS} units; this model has ${model.unitCount}`;
  }
  return undefined;
}

/** The model as an energy model; callers have checked exactRefusal. */
export function energyModel(model: CompiledModel): EnergyModelSpec {
  if (model.type !== 'energy') throw new Error('expected an energy model');
  return model;
}

/** Display name of every unit: the node's label, with [k] for the k-th unit of a node of several units. */
export function unitNames(model: CompiledModel): string[] {
  const names = new Array<string>(model.unitCount);
  for (const node of model.nodes) {
    const size = node.range.end - node.range.start;
    for (let i = node.range.start; i < node.range.end; i++) names[i] = size > 1 ? `${node.label}[${i - node.range.start}]` : node.label;
  }
  return names;
}
