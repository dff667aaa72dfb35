/** The deep-belief-net fantasy sampler as a sampling method (engine/energy/rbm/stackFantasies.ts), with plain-data results. */
import type { CompiledModel } from '../compiler/types';
import { stackFantasies, type DownPass } from '../energy/rbm/stackFantasies';
import { stackProblem } from '../energy/rbm/stack';
import type { ModelParameters } from '../model/parameters';
import type { SamplingMethodInfo } from './methods';
import { SAMPLE_DEFAULTS } from './methods';

/** Name of the method (SampleArgs.method, job method name). */
export const DBN_FANTASY_METHOD = 'dbn-fantasy';

/** The method as offered to a user: only for stacks of RBMs with two or more hidden layers (stackProblem). */
export const DBN_FANTASY_SAMPLER: SamplingMethodInfo = {
  name: DBN_FANTASY_METHOD,
  label: 'Deep belief net fantasies',
  description:
    'The stack’s generative model (Hinton, Osindero & Teh 2006): Gibbs sweeps in the top RBM from a random start, then one pass down ' +
    'through the lower layers’ weights, P(h_{l−1} = 1 | h_l) = σ(W_l h_l + b_l), sampling each layer (or passing means, visible units drawn at the end).',
  options: [
    { key: 'count', label: 'Samples', default: SAMPLE_DEFAULTS.count, min: 1, max: 1_000_000, integer: true },
    { key: 'sweeps', label: 'Gibbs sweeps in the top RBM', default: SAMPLE_DEFAULTS.sweeps, min: 1, max: 10_000_000, integer: true },
  ],
  choices: [
    { key: 'units', label: 'Units', options: ['visible', 'all'], default: 'visible' },
    { key: 'downPass', label: 'Down pass carries', options: ['samples', 'means'], default: 'samples' },
  ],
  schedule: 'none',
  clamp: false,
  trace: false,
};

/** Settings of sampleDbnFantasies (defaults as DBN_FANTASY_SAMPLER's). */
export interface DbnFantasyArgs {
  count?: number;
  sweeps?: number;
  downPass?: DownPass;
  units?: 'visible' | 'all';
  seed?: number;
  progress?: (done: number, total: number) => void | Promise<void>;
}

/** Fantasies as 0/1 bits over the chosen units (count × width), and the model unit index of each column. */
export interface DbnFantasyResult {
  count: number;
  width: number;
  unitIndices: number[];
  samples: Uint8Array;
}

/** Undefined when `model` is a stack the sampler applies to, else why not. */
export const dbnFantasyRefusal = (model: CompiledModel): string | undefined => stackProblem(model);

/** Draws the stack's fantasies (Error naming the problem when `model` is not a stack or a setting is out of range). */
export async function sampleDbnFantasies(model: CompiledModel, params: ModelParameters, args: DbnFantasyArgs = {}): Promise<DbnFantasyResult> {
  const units = args.units ?? 'visible';
  if (units !== 'visible' && units !== 'all') throw new Error(`units must be 'visible' or 'all'; got '${String(units)}'`);
  const count = args.count ?? SAMPLE_DEFAULTS.count;
  const drawn = await stackFantasies(model, params, { count, sweeps: args.sweeps ?? SAMPLE_DEFAULTS.sweeps, downPass: args.downPass, seed: args.seed, progress: args.progress });
  const unitIndices = units === 'visible' ? [...model.visibleIndices] : Array.from({ length: model.unitCount }, (_, i) => i);
  const width = unitIndices.length;
  const samples = new Uint8Array(count * width);
  for (let c = 0; c < count; c++) unitIndices.forEach((u, k) => (samples[c * width + k] = drawn.states[c * model.unitCount + u]));
  return { count, width, unitIndices, samples };
}
