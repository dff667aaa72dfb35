import { plural } from './diagnostics';
import type { CompiledModel } from './types';

/** The model family in words: "Hopfield network", "restricted Boltzmann machine", "Boltzmann machine", "sigmoid belief network". */
export function familyName(model: CompiledModel): string {
  if (model.type === 'belief') return 'sigmoid belief network';
  switch (model.family) {
    case 'hopfield':
      return 'Hopfield network';
    case 'rbm':
      return 'restricted Boltzmann machine';
    case 'boltzmann':
      return 'Boltzmann machine';
  }
}

/** One line: "Boltzmann machine · 7 units · 21 couplings" or "sigmoid belief network · 3 layers · 88 units · 1,600 links". */
export function summarize(model: CompiledModel): string {
  const parts = [familyName(model)];
  if (model.type === 'belief') parts.push(plural(model.layers.length, 'layer'));
  parts.push(plural(model.unitCount, 'unit'));
  parts.push(plural(model.connectionCount, model.type === 'belief' ? 'link' : 'coupling'));
  return parts.join(' · ');
}
