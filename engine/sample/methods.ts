import type { CompiledModel } from '../compiler/types';
import { TEMPERING_DEFAULTS } from '../energy/sampling/tempering';
import type { ChoiceInfo, HyperparameterInfo } from '../train/algorithm';

/** One sampling method as offered to a user (plain data). */
export interface SamplingMethodInfo {
  /** Passed as `method`. */
  name: string;
  label: string;
  description: string;
  /** Numeric SampleArgs it reads, with defaults and ranges (count first). */
  options: HyperparameterInfo[];
  /** Choice SampleArgs it reads (units; sampler for anneal). */
  choices: ChoiceInfo[];
  /** Whether it reads an annealing schedule (SampleArgs.schedule, text or object). */
  schedule: 'none' | 'optional' | 'required';
  /** Whether it can hold visible units fixed. */
  clamp: boolean;
  /** Whether it can record the energy of every chain after every sweep (SampleArgs.trace). */
  trace: boolean;
}

/** Defaults of SampleArgs. */
export const SAMPLE_DEFAULTS = { count: 100, sweeps: 1000, temperature: 1 } as const;

const COUNT: HyperparameterInfo = { key: 'count', label: 'Samples', default: SAMPLE_DEFAULTS.count, min: 1, max: 1_000_000, integer: true };
const UNITS: ChoiceInfo = { key: 'units', label: 'Units', options: ['visible', 'all'], default: 'visible' };
const CHAIN_OPTIONS: HyperparameterInfo[] = [
  COUNT,
  { key: 'sweeps', label: 'Sweeps per chain', default: SAMPLE_DEFAULTS.sweeps, min: 1, max: 10_000_000, integer: true },
  { key: 'temperature', label: 'Temperature T', default: SAMPLE_DEFAULTS.temperature, min: 0, max: 1e6 },
];

/** Energy-model samplers (Mehlig §3–4). */
export const ENERGY_SAMPLERS: readonly SamplingMethodInfo[] = [
  {
    name: 'gibbs',
    label: 'Gibbs sampling',
    description: 'Parallel heat-bath chains at temperature T (Mehlig eq. 3.1), independent sets of units updated together; one chain per sample.',
    options: CHAIN_OPTIONS,
    choices: [UNITS],
    schedule: 'optional',
    clamp: true,
    trace: true,
  },
  {
    name: 'metropolis',
    label: 'Metropolis sampling',
    description: 'Parallel chains of single-unit flips accepted with probability min(1, e^{−ΔH/T}) (Mehlig Algorithm 2); one chain per sample.',
    options: CHAIN_OPTIONS,
    choices: [UNITS],
    schedule: 'optional',
    clamp: true,
    trace: true,
  },
  {
    name: 'anneal',
    label: 'Simulated annealing',
    description: 'Chains cooled along a schedule (geometric, linear or a list of T:sweeps); returns final and lowest-energy states and the energy trace.',
    options: [COUNT],
    choices: [UNITS, { key: 'sampler', label: 'Update rule', options: ['gibbs', 'metropolis'], default: 'gibbs' }],
    schedule: 'required',
    clamp: true,
    trace: true,
  },
  {
    name: 'tempering',
    label: 'Parallel tempering',
    description:
      'Replica exchange (Hukushima & Nemoto 1996): one batch of Gibbs chains per inverse temperature on a geometric ladder from β = 1 down to the lowest β, ' +
      'neighbours swapping states with probability min(1, e^{(β_i − β_j)(H_i − H_j)}) after every sweep; samples from β = 1, swap acceptance per pair reported (add replicas where it is near 0).',
    options: [
      COUNT,
      CHAIN_OPTIONS[1],
      { key: 'replicas', label: 'Replicas', default: TEMPERING_DEFAULTS.replicas, min: 2, max: 64, integer: true },
      { key: 'lowestBeta', label: 'Lowest inverse temperature β', default: TEMPERING_DEFAULTS.lowestBeta, min: 0.001, max: 1 },
    ],
    choices: [UNITS],
    schedule: 'none',
    clamp: true,
    trace: false,
  },
];

/** Belief-network samplers. */
export const BELIEF_SAMPLERS: readonly SamplingMethodInfo[] = [
  {
    name: 'ancestral',
    label: 'Ancestral sampling',
    description: 'Fantasies: each unit drawn after its parents with P(S_i = 1 | parents) = σ(Σ_j J_ij S_j + b_i).',
    options: [COUNT],
    choices: [UNITS],
    schedule: 'none',
    clamp: false,
    trace: false,
  },
  {
    name: 'gibbs',
    label: 'Gibbs sampling',
    description: 'Chains resampling each unit from its Markov-blanket conditional (Neal 1992), started ancestrally; holds clamped visible units fixed, so samples follow P(S | clamped units).',
    options: [COUNT, CHAIN_OPTIONS[1]],
    choices: [UNITS],
    schedule: 'none',
    clamp: true,
    trace: false,
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
