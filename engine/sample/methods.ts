import type { CompiledModel } from '../compiler/types';

/** One sampling method as offered to a user (plain data). */
export interface SamplingMethodInfo {
  /** Passed as `method`. */
  name: string;
  label: string;
  description: string;
  /** SampleArgs keys it reads besides method, count, seed and units. */
  settings: string[];
  /** Whether it can hold visible units fixed. */
  clamp: boolean;
}

/** Energy-model samplers (Mehlig §3–4). */
export const ENERGY_SAMPLERS: readonly SamplingMethodInfo[] = [
  {
    name: 'gibbs',
    label: 'Gibbs sampling',
    description: 'Parallel heat-bath chains at temperature T (Mehlig eq. 3.1), independent sets of units updated together; one chain per sample.',
    settings: ['sweeps', 'temperature', 'schedule', 'clamp', 'trace'],
    clamp: true,
  },
  {
    name: 'metropolis',
    label: 'Metropolis sampling',
    description: 'Parallel chains of single-unit flips accepted with probability min(1, e^{−ΔH/T}) (Mehlig Algorithm 2); one chain per sample.',
    settings: ['sweeps', 'temperature', 'schedule', 'clamp', 'trace'],
    clamp: true,
  },
  {
    name: 'anneal',
    label: 'Simulated annealing',
    description: 'Chains cooled along a schedule (geometric, linear or a list of T:sweeps); returns final and lowest-energy states and the energy trace.',
    settings: ['schedule', 'sampler', 'clamp', 'trace'],
    clamp: true,
  },
];

/** Belief-network samplers. */
export const BELIEF_SAMPLERS: readonly SamplingMethodInfo[] = [
  {
    name: 'ancestral',
    label: 'Ancestral sampling',
    description: 'Fantasies: each unit drawn after its parents with P(S_i = 1 | parents) = σ(Σ_j J_ij S_j + b_i).',
    settings: [],
    clamp: false,
  },
];

/** The sampling methods that apply to `model`. */
export function samplingMethodsFor(model: CompiledModel): SamplingMethodInfo[] {
  return [...(model.type === 'energy' ? ENERGY_SAMPLERS : BELIEF_SAMPLERS)];
}

/** The method name if it applies to `model`, else an Error naming the methods that do. */
export function resolveSamplingMethod(model: CompiledModel, method: string): string {
  const offered = samplingMethodsFor(model);
  if (offered.some((m) => m.name === method)) return method;
  const family = model.type === 'energy' ? 'energy model' : 'sigmoid belief network';
  const other = (model.type === 'energy' ? BELIEF_SAMPLERS : ENERGY_SAMPLERS).some((m) => m.name === method);
  const why = other ? `applies to ${model.type === 'energy' ? 'sigmoid belief networks' : 'energy models'}, not to this ${family}` : 'is not a sampling method';
  throw new Error(`Sampling method '${method}' ${why}; methods for this ${family}: ${offered.map((m) => m.name).join(', ')}`);
}
