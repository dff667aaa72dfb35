import { GibbsChains } from '../belief/gibbsChains';
import { asBatch, beliefNetwork, type BeliefNetwork } from '../belief/network';
import { ancestralSample } from '../belief/sampling';
import type { CompiledModel, EnergyModelSpec } from '../compiler/types';
import type { UnitEncoding } from '../diagram/types';
import { anneal } from '../energy/sampling/anneal';
import { createChainSet, type ChainClamp } from '../energy/sampling/chains';
import { runSchedule } from '../energy/sampling/runSchedule';
import { parseSchedule, scheduleBetasPerSweep, scheduleStages, type AnnealSchedule, type ScheduleStage } from '../energy/sampling/schedule';
import type { ModelParameters } from '../model/parameters';
import { createRandom } from '../random/seeded';
import type { VisibleValues } from '../infer/clamp';
import { resolveSamplingMethod, SAMPLE_DEFAULTS } from './methods';
import { sampleByTempering } from './tempering';

export { SAMPLE_DEFAULTS, samplingMethodsFor, type SamplingMethodInfo } from './methods';
export { parseVisibleValues, type VisibleValues } from '../infer/clamp';

/** Arguments of sampleModel; defaults as stated. */
export interface SampleArgs {
  /** Energy models: gibbs | metropolis | tempering | anneal. Belief networks: ancestral | gibbs. */
  method: string;
  /** Samples, each from its own chain (or ancestral pass). Default 100. */
  count?: number;
  /** gibbs, metropolis: sweeps (at `temperature`, after any schedule) before a chain's state is taken. Default 1000. */
  sweeps?: number;
  /** gibbs, metropolis: temperature T = 1/β of the sampled distribution e^{−H/T}; 0 descends to a local minimum. Default 1. */
  temperature?: number;
  /** anneal (required): the annealing schedule, as text (`geometric:FROM,TO,STEPS,SWEEPS`, `linear:…`, `T:SWEEPS,…`) or an object; gibbs, metropolis: optional annealing first. */
  schedule?: string | AnnealSchedule;
  /** anneal: the update rule during the schedule. Default 'gibbs'. */
  sampler?: 'gibbs' | 'metropolis';
  /** Seed of every draw. Default 0. */
  seed?: number;
  /** Visible units held at given values in every sample (energy models; gibbs on belief networks). */
  clamp?: VisibleValues;
  /** Which units each sample holds: the visible units (visibleIndices order) or every unit. Default 'visible'. */
  units?: 'visible' | 'all';
  /** Energy models: record H(s) of every chain after every sweep. Default false. */
  trace?: boolean;
  /** tempering: replicas on the geometric β ladder (engine/energy/sampling/tempering.ts). Default 8. */
  replicas?: number;
  /** tempering: β of the hottest replica. Default 0.1. */
  lowestBeta?: number;
  /** tempering: called with (sweeps done, sweeps) at least every 0.1 s of work; a throw stops the sampler. */
  progress?: (done: number, total: number) => void | Promise<void>;
}

/** Samples as 0/1 bits (1 = on, +1 for ±1 units), plain data. */
export interface SampleResult {
  method: string;
  family: 'energy' | 'belief';
  /** Encoding of the model the bits stand for ('binary01' for belief networks). */
  encoding: UnitEncoding;
  count: number;
  /** Bits per sample. */
  width: number;
  /** Model unit index of each column. */
  unitIndices: number[];
  /** count × width bits. */
  samples: Uint8Array;
  /** Energy models: H(s) of each sample (all units). */
  energies?: Float32Array;
  /** anneal: the lowest-energy state each chain visited, count × width bits, and its energy. */
  bestSamples?: Uint8Array;
  bestEnergies?: Float32Array;
  /** With `trace`: the temperature of each sweep and H(s) of every chain after it, sweeps × count. */
  temperatures?: Float32Array;
  energyTrace?: Float32Array;
  /** tempering: the ladder β_0 = 1 > … and the swap acceptance of each adjacent pair (r, r + 1). */
  betas?: Float64Array;
  swapAcceptance?: Float64Array;
}

function wholeNumber(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be a whole number ≥ ${min}; got ${value}`);
  return value;
}

/** The schedule's stages: the parsed or given schedule (checked by scheduleStages), or none. */
function stagesOf(schedule: SampleArgs['schedule']): ScheduleStage[] {
  if (schedule === undefined) return [];
  return scheduleStages(typeof schedule === 'string' ? parseSchedule(schedule) : schedule);
}

/** Natural-order states (model encoding) of the chosen units as 0/1 bits. */
function bitsOf(states: Float32Array, n: number, units: number[]): Uint8Array {
  const count = states.length / n;
  const bits = new Uint8Array(count * units.length);
  for (let c = 0; c < count; c++) units.forEach((u, k) => (bits[c * units.length + k] = states[c * n + u] > 0 ? 1 : 0));
  return bits;
}

/** The clamp on visible units as a shared N-entry chain clamp in the model's encoding. */
function chainClamp(model: EnergyModelSpec, clamp: VisibleValues): ChainClamp {
  const v = model.visibleIndices.length;
  if (clamp.mask.length !== v || clamp.bits.length !== v) {
    throw new Error(`A sampling clamp needs V = ${v} mask entries and bits (one per visible unit); got ${clamp.mask.length} and ${clamp.bits.length}`);
  }
  const mask = new Uint8Array(model.unitCount);
  const values = new Float32Array(model.unitCount);
  const low = model.encoding === 'pm1' ? -1 : 0;
  model.visibleIndices.forEach((u, k) => {
    if (!clamp.mask[k]) return;
    mask[u] = 1;
    values[u] = clamp.bits[k] ? 1 : low;
  });
  return { mask, values };
}

async function sampleEnergy(model: EnergyModelSpec, params: ModelParameters, name: string, args: SampleArgs, count: number, units: number[]): Promise<Omit<SampleResult, 'method' | 'family' | 'encoding' | 'count' | 'width' | 'unitIndices'>> {
  const n = model.unitCount;
  const seed = args.seed ?? 0;
  const clamp = args.clamp ? chainClamp(model, args.clamp) : undefined;
  const temperingOnly = (['replicas', 'lowestBeta'] as const).filter((k) => args[k] !== undefined);
  if (name !== 'tempering' && temperingOnly.length > 0) throw new Error(`${temperingOnly.join(', ')} set the ladder of --method tempering; method '${name}' samples at one temperature`);
  if (name === 'tempering') {
    const other = (['temperature', 'schedule', 'sampler', 'trace'] as const).filter((k) => args[k] !== undefined);
    if (other.length > 0) throw new Error(`Parallel tempering samples at β = 1 with its own ladder (replicas, lowestBeta); ${other.join(', ')} do not apply`);
    const sweeps = wholeNumber('Sweeps', args.sweeps ?? SAMPLE_DEFAULTS.sweeps, 1);
    const drawn = await sampleByTempering(model, params, { count, sweeps, replicas: args.replicas, lowestBeta: args.lowestBeta, seed, clamp, progress: args.progress });
    return { samples: bitsOf(drawn.states, n, units), energies: drawn.energies, betas: drawn.betas, swapAcceptance: drawn.swapAcceptance };
  }
  let stages = stagesOf(args.schedule);
  if (name === 'anneal') {
    if (stages.length === 0) throw new Error("Annealing needs a schedule, e.g. 'geometric:10,0.5,20,10' (FROM,TO,STEPS,SWEEPS) or '4:10,2:10,1:50'");
    if (args.sweeps !== undefined || args.temperature !== undefined) throw new Error('Annealing follows its schedule; give sweeps and temperatures in the schedule, not as sweeps/temperature');
  } else {
    if (args.sampler !== undefined) throw new Error(`'sampler' chooses the update rule of anneal; method '${name}' is already one`);
    const temperature = args.temperature ?? SAMPLE_DEFAULTS.temperature;
    if (!(temperature >= 0 && Number.isFinite(temperature))) throw new RangeError(`The temperature must be finite and ≥ 0; got ${temperature}`);
    stages = [...stages, { temperature, sweeps: wholeNumber('Sweeps', args.sweeps ?? SAMPLE_DEFAULTS.sweeps, 1) }];
    scheduleStages({ kind: 'list', stages });
  }
  const method = name === 'anneal' ? (args.sampler ?? 'gibbs') : (name as 'gibbs' | 'metropolis');
  if (args.trace || name === 'anneal') {
    const result = await anneal(model, params, { schedule: { kind: 'list', stages }, chains: count, method, seed, clamp });
    return {
      samples: bitsOf(result.finalStates, n, units),
      energies: result.finalEnergies,
      ...(name === 'anneal' ? { bestSamples: bitsOf(result.bestStates, n, units), bestEnergies: result.bestEnergies } : {}),
      ...(args.trace ? { temperatures: result.temperatures, energyTrace: result.energyTrace } : {}),
    };
  }
  const set = createChainSet(model, params, { chains: count, random: createRandom(seed), clamp });
  try {
    await runSchedule(set, scheduleBetasPerSweep(stages), method, 'colour');
    const energies = set.energies();
    const values = Float32Array.from(await energies.data());
    energies.dispose();
    return { samples: bitsOf(set.naturalStates(), n, units), energies: values };
  } finally {
    set.dispose();
  }
}

/** Most belief-network Gibbs chains run at once. */
const MAX_BELIEF_CHAINS = 4096;

/** Gibbs chains on P(S | clamped visible units) of a belief network (Neal 1992), one chain per sample, started ancestrally. */
function sampleBeliefGibbs(network: BeliefNetwork, clamp: VisibleValues | undefined, count: number, sweeps: number, seed: number): Uint8Array {
  const v = network.visibleIndices.length;
  if (clamp && (clamp.mask.length !== v || clamp.bits.length !== v)) {
    throw new Error(`A sampling clamp needs V = ${v} mask entries and bits (one per visible unit); got ${clamp.mask.length} and ${clamp.bits.length}`);
  }
  const held = clamp ? network.visibleIndices.map((_, k) => k).filter((k) => clamp.mask[k]) : [];
  const evidence = { units: held.map((k) => network.visibleIndices[k]), values: Uint8Array.from(held, (k) => (clamp!.bits[k] ? 1 : 0)), count: 1 };
  const n = network.unitCount;
  const states = new Uint8Array(count * n);
  const root = createRandom(seed);
  for (let first = 0; first < count; first += MAX_BELIEF_CHAINS) {
    const size = Math.min(MAX_BELIEF_CHAINS, count - first);
    const chains = new GibbsChains(asBatch(network), evidence, size, root.fork(`chains-${first}`).int(2 ** 31 - 1));
    try {
      for (let s = 0; s < sweeps; s++) chains.sweep();
      states.set(chains.states.dataSync(), first * n);
    } finally {
      chains.dispose();
    }
  }
  return states;
}

/**
 * Samples from a model by name: energy models by parallel Gibbs or Metropolis chains at a temperature (Mehlig eq. 3.1,
 * Algorithm 2), optionally annealed first, or by simulated annealing along a schedule (Kirkpatrick et al. 1983);
 * belief networks by ancestral sampling (Saul & Jordan §4's fantasies) or, to hold visible units fixed, by Gibbs chains on
 * P(S | clamped units) (Neal 1992). One chain per sample.
 */
export async function sampleModel(model: CompiledModel, params: ModelParameters, args: SampleArgs): Promise<SampleResult> {
  const name = resolveSamplingMethod(model, args.method);
  const count = wholeNumber('The sample count', args.count ?? SAMPLE_DEFAULTS.count, 1);
  const unitsChoice = args.units ?? 'visible';
  if (unitsChoice !== 'visible' && unitsChoice !== 'all') throw new Error(`units must be 'visible' or 'all'; got '${String(unitsChoice)}'`);
  const units = unitsChoice === 'visible' ? [...model.visibleIndices] : Array.from({ length: model.unitCount }, (_, i) => i);
  const base = { method: name, count, width: units.length, unitIndices: units };
  if (model.type === 'energy') {
    const drawn = await sampleEnergy(model, params, name, args, count, units);
    return { ...base, family: 'energy', encoding: model.encoding, ...drawn };
  }
  const energyOnly = (['temperature', 'schedule', 'sampler', 'trace', 'replicas', 'lowestBeta', ...(name === 'ancestral' ? (['sweeps'] as const) : [])] as const).filter((k) => args[k] !== undefined);
  if (energyOnly.length > 0) {
    throw new Error(`${name === 'ancestral' ? 'Ancestral sampling draws each unit once after its parents' : 'Gibbs sampling of a belief network runs at its own distribution'}; ${energyOnly.join(', ')} do not apply`);
  }
  if (args.clamp && name === 'ancestral') throw new Error('Ancestral sampling cannot hold units fixed (that needs conditioning, P(H | V)); use --method gibbs with the clamp');
  const network = beliefNetwork(model, params);
  const states =
    name === 'gibbs'
      ? sampleBeliefGibbs(network, args.clamp, count, wholeNumber('Sweeps', args.sweeps ?? SAMPLE_DEFAULTS.sweeps, 1), args.seed ?? 0)
      : ancestralSample(network, { count, seed: args.seed ?? 0 }).states;
  return { ...base, family: 'belief', encoding: 'binary01', samples: bitsOf(Float32Array.from(states), model.unitCount, units) };
}
