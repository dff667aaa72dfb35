import type { CompiledModel } from '../compiler/types';
import { MAX_DENSE_BELIEF_UNITS } from '../belief/network';
import { ATTRACTOR_DEFAULTS } from '../belief/attractor/dynamics';
import { MEAN_FIELD_DEFAULTS } from '../belief/bound/meanField';
import { MIXTURE_DEFAULTS } from '../belief/bound/mixture';
import { MAX_ENUMERATED_UNITS } from '../belief/exact';
import { GIBBS_DEFAULTS } from '../belief/gibbs';
import { IMPORTANCE_DEFAULTS, MAX_IMPORTANCE_SAMPLES } from '../belief/importance';
import { MAX_DENSE_UNITS } from '../energy/dense';
import { canEnumerateRbm, MAX_ENUMERATED_LAYER } from '../energy/rbm/exact';
import { rbmStructureProblem } from '../energy/rbm/view';
import { TEMPERING_DEFAULTS } from '../energy/sampling/tempering';
import { AIS_DEFAULTS } from '../likelihood/estimate';
import type { ChoiceInfo, HyperparameterInfo } from '../train/algorithm';

/** What an inference method reports per data row. */
export type InferenceQuantity = 'logProbability' | 'logProbabilityEstimate' | 'lowerBound' | 'negativeLyapunov';

/** One inference method as offered to a user (plain data): its name for `method`, label, what it reports, its options. */
export interface InferenceMethodInfo {
  /** Passed as `method`; `mixture` is written `mixture:M` (M components). */
  name: string;
  /** How the CLI writes it, e.g. 'mixture:M'. */
  syntax: string;
  label: string;
  description: string;
  /** The per-row figure, or undefined when the method gives only posterior means (Gibbs). */
  quantity?: InferenceQuantity;
  /** Whether it accepts a clamp (partial patterns). */
  clamp: boolean;
  /** Numeric options with defaults and ranges (keys of InferArgs). */
  options: HyperparameterInfo[];
  /** Options chosen from a list (keys of InferArgs), e.g. AIS's base distribution. */
  choices?: ChoiceInfo[];
}

const int = (key: string, label: string, value: number, min: number, max: number): HyperparameterInfo => ({ key, label, default: value, min, max, integer: true });

/** Chains per data row for Gibbs inference: enough for a standard error, few enough for many rows (each chain costs a full sampler). */
const GIBBS_CHAINS_PER_ROW = 16;

const GIBBS_OPTIONS = [
  int('chains', 'Chains per row', GIBBS_CHAINS_PER_ROW, 2, 4096),
  int('burnIn', 'Burn-in sweeps', 100, 0, 1_000_000),
  int('sweeps', 'Recorded sweeps', 500, 1, 10_000_000),
  int('replicas', 'Tempering replicas (1: plain Gibbs)', 1, 1, 64),
  { key: 'lowestBeta', label: 'Lowest inverse temperature β (replicas > 1)', default: TEMPERING_DEFAULTS.lowestBeta, min: 0.001, max: 1 },
];

/** Every energy-model inference method (Mehlig ch. 3–4; Salakhutdinov & Murray 2008 for AIS). */
export const ENERGY_METHODS: readonly InferenceMethodInfo[] = [
  {
    name: 'exact',
    syntax: 'exact',
    label: 'Exact enumeration',
    description: `log P(v) with the hidden units summed out and the exact posterior means, by enumerating all 2^N states (at most ${MAX_DENSE_UNITS} units; RBMs of more units by enumerating the smaller layer, at most ${MAX_ENUMERATED_LAYER} units).`,
    quantity: 'logProbability',
    clamp: true,
    options: [],
  },
  {
    name: 'gibbs',
    syntax: 'gibbs',
    label: 'Gibbs sampling',
    description:
      'Posterior means of the hidden (and unknown visible) units with standard errors from independent chains per row, the known units clamped (Mehlig eq. 3.1); ' +
      'with replicas > 1 the clamped chains are tempered (parallel tempering over a geometric β ladder down to the lowest β, samples from β = 1, swap acceptance in the summary).',
    clamp: true,
    options: GIBBS_OPTIONS,
  },
  {
    name: 'meanfield',
    syntax: 'meanfield',
    label: 'Mean field',
    description:
      'Mean-field posterior means (m_i = tanh(Σ_j w_ij m_j + b_i), or the logistic for 0/1 units) and log P(v) ≈ F_MF(free) − F_MF(v clamped), the free phase the best of several annealed starts.',
    quantity: 'logProbabilityEstimate',
    clamp: true,
    options: [
      { key: 'tolerance', label: 'Tolerance', default: 1e-6, min: 1e-12, max: 1 },
      int('maxIterations', 'Iterations at most', 1000, 1, 1_000_000),
      int('restarts', 'Free-phase starts', 8, 1, 1024),
      { key: 'annealFrom', label: 'Annealing start temperature (1 = none)', default: 4, min: 1, max: 1e6 },
      int('annealSteps', 'Annealing stages', 16, 1, 10_000),
    ],
  },
  {
    name: 'ais',
    syntax: 'ais',
    label: 'Annealed importance sampling',
    description:
      'log P(v) = log P̃(v) − log Ẑ for every energy model (the RBM free energy exact; clamped AIS per pattern where hidden units interact), ' +
      'log Z by forward AIS from the data base rates or uniform (Salakhutdinov & Murray 2008) with reverse AIS beside it (Burda, Grosse & Salakhutdinov 2015): ' +
      'per row the forward side ± its standard error; the interval, gap, effective runs and warnings in the summary.',
    quantity: 'logProbabilityEstimate',
    clamp: true,
    options: [
      int('temperatures', 'Intermediate temperatures', AIS_DEFAULTS.temperatures, 1, 1_000_000),
      int('runs', 'AIS runs', AIS_DEFAULTS.runs, 2, 100_000),
    ],
    choices: [{ key: 'base', label: 'AIS base distribution', options: ['data', 'uniform'], default: AIS_DEFAULTS.base }],
  },
];

/** Every belief-network inference method (Saul & Jordan 2000; Bishop et al. 1998). */
export const BELIEF_METHODS: readonly InferenceMethodInfo[] = [
  {
    name: 'exact',
    syntax: 'exact',
    label: 'Exact enumeration',
    description: `ln P(V) and the posterior marginals by summing over every configuration of the unobserved units (at most ${MAX_ENUMERATED_UNITS}).`,
    quantity: 'logProbability',
    clamp: true,
    options: [],
  },
  {
    name: 'gibbs',
    syntax: 'gibbs',
    label: 'Gibbs sampling',
    description: 'Posterior marginals of the hidden (and unknown visible) units by Gibbs sampling of P(H | V) with Markov-blanket conditionals (Neal 1992), Rao–Blackwellised, with standard errors from independent chains.',
    clamp: true,
    options: [
      int('chains', 'Chains per row', GIBBS_CHAINS_PER_ROW, 2, 4096),
      int('burnIn', 'Burn-in sweeps', GIBBS_DEFAULTS.burnIn, 0, 1_000_000),
      int('sweeps', 'Recorded sweeps', GIBBS_DEFAULTS.sweeps, 1, 10_000_000),
    ],
  },
  {
    name: 'meanfield',
    syntax: 'meanfield',
    label: 'Mean-field bound',
    description: 'The rigorous lower bound F ≤ ln P(V) of Saul, Jaakkola & Jordan (Bishop et al. eq. 4), maximised by coordinate ascent; the hidden means µ.',
    quantity: 'lowerBound',
    clamp: true,
    options: [
      { key: 'tolerance', label: 'Tolerance', default: MEAN_FIELD_DEFAULTS.tolerance, min: 1e-12, max: 1 },
      int('maxSweeps', 'Sweeps at most', MEAN_FIELD_DEFAULTS.maxSweeps, 1, 1_000_000),
    ],
  },
  {
    name: 'attractor',
    syntax: 'attractor',
    label: 'Attractor dynamics',
    description: 'Saul & Jordan (2000) eqs. 3.12 and 3.14 from the top-down pass; −L (eq. 3.10) as a stand-in for ln P(V), and the means µ.',
    quantity: 'negativeLyapunov',
    clamp: true,
    options: [
      int('iterations', 'Iterations', ATTRACTOR_DEFAULTS.iterations, 0, 100_000),
      { key: 'stepSize', label: 'Step size Δt', default: ATTRACTOR_DEFAULTS.stepSize, min: 1e-6, max: 1 },
    ],
  },
  {
    name: 'mixture',
    syntax: 'mixture:M',
    label: 'Mixture of mean-field distributions',
    description: 'The mixture bound of Bishop et al. (eqs. 5–19) with M components, at least the single mean-field bound; the hidden means Σ_m a_m µ_m.',
    quantity: 'lowerBound',
    clamp: true,
    options: [
      int('components', 'Components M', MIXTURE_DEFAULTS.components, 1, 64),
      { key: 'tolerance', label: 'Tolerance', default: MIXTURE_DEFAULTS.tolerance, min: 1e-12, max: 1 },
      int('maxSweeps', 'Sweeps at most', MIXTURE_DEFAULTS.maxSweeps, 1, 1_000_000),
    ],
  },
  {
    name: 'importance',
    syntax: 'importance',
    label: 'Importance sampling (mean-field proposal)',
    description:
      'An estimate of ln P(V) with its standard error: samples of the hidden (and unknown visible) units from the fitted mean-field posterior (with components M ≥ 2, the mixture of Bishop et al.), weighted by P(V, h)/q(h). E[ln P̂] ≤ ln P(V), tightening as the samples grow, and at least the variational bound, reported beside it, in expectation; the hidden means are self-normalised importance estimates.',
    quantity: 'logProbabilityEstimate',
    clamp: true,
    options: [
      int('samples', 'Samples per row', IMPORTANCE_DEFAULTS.samples, 2, MAX_IMPORTANCE_SAMPLES),
      int('components', 'Proposal components (1 = mean field, M ≥ 2 = mixture)', 1, 1, 64),
      { key: 'tolerance', label: 'Tolerance of the bound', default: MEAN_FIELD_DEFAULTS.tolerance, min: 1e-12, max: 1 },
      int('maxSweeps', 'Sweeps of the bound at most', MEAN_FIELD_DEFAULTS.maxSweeps, 1, 1_000_000),
    ],
  },
];

/** A method string split into its name and, for `mixture:M`, the component count. */
export interface ParsedMethod {
  name: string;
  components?: number;
}

/** Reads `exact`, `gibbs`, `mixture:3`, …; throws naming the form when a `:` suffix is not a whole number ≥ 1. */
export function parseMethod(text: string): ParsedMethod {
  const [name, suffix, ...rest] = text.trim().split(':');
  if (suffix === undefined) return { name };
  const components = Number(suffix);
  if (rest.length > 0 || name !== 'mixture' || !Number.isInteger(components) || components < 1) {
    throw new Error(`Method '${text}' is not understood; only mixture takes a suffix, as mixture:M with M a whole number ≥ 1`);
  }
  return { name, components };
}

/** An RBM whose smaller layer can be enumerated (≤ MAX_ENUMERATED_LAYER units), however many units it has in all. */
export const enumerableRbm = (model: CompiledModel & { type: 'energy' }): boolean =>
  rbmStructureProblem(model) === undefined && canEnumerateRbm({ visibleCount: model.visibleIndices.length, hiddenCount: model.hiddenIndices.length });

/** Why `method` cannot run on `model` (family, size, structure), or undefined when it can. */
export function methodRefusal(model: CompiledModel, name: string): string | undefined {
  if (model.type === 'energy') {
    if (name === 'exact' && model.unitCount > MAX_DENSE_UNITS && !enumerableRbm(model)) {
      const rbm = rbmStructureProblem(model) === undefined ? ` (an RBM's smaller layer at most ${MAX_ENUMERATED_LAYER})` : '';
      return `Exact inference enumerates all 2^N states and handles at most ${MAX_DENSE_UNITS} units${rbm}; this model has ${model.unitCount}`;
    }
    return undefined;
  }
  if (name === 'exact' && model.hiddenIndices.length > MAX_ENUMERATED_UNITS) {
    return `Exact inference sums over the 2^H configurations of the hidden units and handles at most ${MAX_ENUMERATED_UNITS}; this network has ${model.hiddenIndices.length}`;
  }
  if (model.unitCount > MAX_DENSE_BELIEF_UNITS) return `Belief-network inference handles at most ${MAX_DENSE_BELIEF_UNITS} units; this network has ${model.unitCount}`;
  return undefined;
}

/** The inference methods that apply to `model`, with labels and options for forms and the CLI. */
export function methodsFor(model: CompiledModel): InferenceMethodInfo[] {
  const all = model.type === 'energy' ? ENERGY_METHODS : BELIEF_METHODS;
  return all.filter((m) => methodRefusal(model, m.name) === undefined);
}

const familyName = (model: CompiledModel): string => (model.type === 'energy' ? `${model.family === 'rbm' ? 'restricted Boltzmann machine' : 'energy model'}` : 'sigmoid belief network');

/** The method's description for `model`, or an Error naming why not and the methods that do apply. */
export function resolveMethod(model: CompiledModel, text: string): { info: InferenceMethodInfo; parsed: ParsedMethod } {
  const parsed = parseMethod(text);
  const offered = methodsFor(model).map((m) => m.syntax);
  const listing = `methods for this ${familyName(model)}: ${offered.join(', ') || 'none'}`;
  const own = model.type === 'energy' ? ENERGY_METHODS : BELIEF_METHODS;
  const info = own.find((m) => m.name === parsed.name);
  if (info === undefined) {
    const other = (model.type === 'energy' ? BELIEF_METHODS : ENERGY_METHODS).some((m) => m.name === parsed.name);
    const why = other ? `applies to ${model.type === 'energy' ? 'sigmoid belief networks' : 'energy models'}, not to this ${familyName(model)}` : 'is not an inference method';
    throw new Error(`Method '${text}' ${why}; ${listing}`);
  }
  const refusal = methodRefusal(model, parsed.name);
  if (refusal !== undefined) throw new Error(`${refusal}; ${listing}`);
  return { info, parsed };
}

/**
 * The method's numeric options from `given` (only keys the method declares; defaults filled in), checked against the
 * declared ranges. Throws naming an option that does not apply or is out of range.
 */
export function readOptions(info: InferenceMethodInfo, given: Record<string, unknown>, what = 'Method'): Record<string, number> {
  const specs = new Map(info.options.map((o) => [o.key, o]));
  const values: Record<string, number> = Object.fromEntries(info.options.map((o) => [o.key, o.default]));
  for (const [key, raw] of Object.entries(given)) {
    if (raw === undefined) continue;
    const spec = specs.get(key);
    if (spec === undefined) {
      throw new Error(`${what} '${info.name}' has no option '${key}'; it takes ${info.options.map((o) => o.key).join(', ') || 'none'}`);
    }
    if (typeof raw !== 'number' || !Number.isFinite(raw)) throw new Error(`${spec.label} (${key}) must be a number, got ${String(raw)}`);
    if ((spec.min !== undefined && raw < spec.min) || (spec.max !== undefined && raw > spec.max)) {
      throw new RangeError(`${spec.label} (${key}) must lie in [${spec.min ?? '−∞'}, ${spec.max ?? '∞'}], got ${raw}`);
    }
    if (spec.integer && !Number.isInteger(raw)) throw new RangeError(`${spec.label} (${key}) must be a whole number, got ${raw}`);
    values[key] = raw;
  }
  return values;
}
