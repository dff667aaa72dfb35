import { beliefNetwork } from '../belief/network';
import type { CompiledModel, EnergyModelSpec } from '../compiler/types';
import type { BinaryDataset } from '../data/dataset';
import type { AisBase, LikelihoodSummary } from '../likelihood/estimate';
import { MAX_DENSE_UNITS } from '../energy/dense';
import type { ModelParameters } from '../model/parameters';
import {
  attractorBeliefMethod,
  exactBeliefMethod,
  gibbsBeliefMethod,
  importanceBeliefMethod,
  inferBelief,
  BELIEF_ROWS_PER_BATCH,
  MAX_BELIEF_CHAINS,
  meanFieldBeliefMethod,
  mixtureBeliefMethod,
  type BeliefBatchMethod,
  type BeliefMethodArgs,
} from './beliefInference';
import { knownMask, type VisibleClamp } from './clamp';
import { aisEnergyInference } from './energyAis';
import { exactEnergyInference, rbmExactInference, type EnumeratedInference } from './energyEnumerated';
import { gibbsEnergyInference } from './energyGibbs';
import { meanFieldEnergyInference } from './energyMeanField';
import { readOptions, resolveMethod, type InferenceMethodInfo } from './methods';
import { completeBits, type InferenceResult, type RowProgress } from './result';

export { inferenceRows, type InferenceResult, type InferenceRow, type RowProgress } from './result';
export { methodsFor, type InferenceMethodInfo, type InferenceQuantity } from './methods';
export { parseVisibleClamp, type VisibleClamp } from './clamp';

/**
 * Arguments of inferRows. Options apply only to the methods that declare them (methodsFor lists each method's options
 * with its defaults); passing another method's option is an error.
 */
export interface InferArgs {
  /** Energy models: exact | gibbs | meanfield | ais. Belief networks: exact | gibbs | meanfield | attractor | mixture:M | importance. */
  method: string;
  /** Known visible units of each row (the rest inferred); default every visible unit known. */
  clamp?: VisibleClamp;
  /** Seed of every random draw (Gibbs chains, AIS runs, random starts). Default 0. */
  seed?: number;
  /** Awaited after each batch of rows with (rows done, rows in all): report progress, pause, or throw to stop. */
  onProgress?: RowProgress;
  /** gibbs: chains per row (default 16). */
  chains?: number;
  /** gibbs: sweeps discarded first (default 100). */
  burnIn?: number;
  /** gibbs: recorded sweeps (default 500). */
  sweeps?: number;
  /** gibbs on energy models: parallel-tempering replicas per chain (default 1 = plain Gibbs). */
  replicas?: number;
  /** gibbs on energy models with replicas > 1: β of the hottest replica (default 0.1). */
  lowestBeta?: number;
  /** meanfield, mixture, importance (its proposal's bound): convergence tolerance on the means (default 1e-6). */
  tolerance?: number;
  /** meanfield on energy models: iterations at most at T = 1 (default 1000). */
  maxIterations?: number;
  /** meanfield on energy models: random starts of the free phase (default 8). */
  restarts?: number;
  /** meanfield on energy models: deterministic annealing from this temperature to 1 (default 4; 1 = none). */
  annealFrom?: number;
  /** meanfield on energy models: annealing stages (default 16). */
  annealSteps?: number;
  /** ais: intermediate distributions (default 1000). */
  temperatures?: number;
  /** ais: independent runs (default 100). */
  runs?: number;
  /** ais: base distribution, the base rates of baseData (Salakhutdinov & Murray eq. 14, smoothed; default) or uniform. */
  base?: AisBase;
  /** ais: rows the data base is fitted to (e.g. the training rows); default the rows scored. */
  baseData?: BinaryDataset;
  /** ais: what baseData is, recorded in the provenance (e.g. "the 60 training rows of digits"). */
  baseDataName?: string;
  /** meanfield (belief networks): sweeps at most (default 500); mixture: default 2000. */
  maxSweeps?: number;
  /** mixture: components M (default 2, or the M of mixture:M); importance: the proposal's (default 1, mean field). */
  components?: number;
  /** attractor: iterations of eqs. 3.12/3.14 (default 16). */
  iterations?: number;
  /** attractor: Δt (default 0.25). */
  stepSize?: number;
  /** importance: samples per row from the variational proposal (default 1000; components 1 = mean field, M ≥ 2 = mixture). */
  samples?: number;
}

function checkData(model: CompiledModel, data: BinaryDataset): void {
  const v = model.visibleIndices.length;
  if (data.width !== v) throw new Error(`Dataset '${data.name}' has ${data.width} columns but the model has ${v} visible units`);
  if (data.bits.length !== data.rowCount * data.width) throw new Error(`Dataset '${data.name}' holds ${data.bits.length} bits, not rows × width = ${data.rowCount * data.width}`);
}

/** The method's choices from `args` (defaults filled in); throws naming a value the method does not offer, or a choice it does not take. */
function choicesOf(info: InferenceMethodInfo, args: InferArgs): Record<string, string> {
  const specs = info.choices ?? [];
  const values: Record<string, string> = Object.fromEntries(specs.map((c) => [c.key, c.default]));
  const given = { base: args.base, baseData: args.baseData, baseDataName: args.baseDataName };
  for (const [key, raw] of Object.entries(given)) {
    if (raw === undefined) continue;
    if (key !== 'base') {
      if (!specs.some((c) => c.key === 'base')) throw new Error(`Method '${info.name}' has no option '${key}'; only ais fits a base distribution`);
      continue;
    }
    const spec = specs.find((c) => c.key === key);
    if (spec === undefined) throw new Error(`Method '${info.name}' has no option '${key}'; it takes ${[...info.options.map((o) => o.key), ...specs.map((c) => c.key)].join(', ') || 'none'}`);
    if (typeof raw !== 'string' || !spec.options.includes(raw)) throw new Error(`${spec.label} (${key}) must be one of ${spec.options.join(', ')}, got ${String(raw)}`);
    values[key] = raw;
  }
  return values;
}

/** The method's options from `args` (everything but method, clamp and seed), with mixture:M's M as `components`. */
function optionsOf(info: InferenceMethodInfo, args: InferArgs, components: number | undefined): Record<string, number> {
  const { method: _method, clamp: _clamp, seed: _seed, onProgress: _progress, base: _base, baseData: _data, baseDataName: _name, ...rest } = args;
  if (components !== undefined && rest.components !== undefined && rest.components !== components) {
    throw new Error(`Method '${args.method}' asks for ${components} components but the components option says ${rest.components}; give one`);
  }
  return readOptions(info, { ...rest, ...(components !== undefined ? { components } : {}) });
}

async function energyResult(
  model: EnergyModelSpec,
  params: ModelParameters,
  data: BinaryDataset,
  mask: Uint8Array,
  name: string,
  o: Record<string, number>,
  seed: number,
  progress: RowProgress | undefined,
  ais: Pick<InferArgs, 'baseData' | 'baseDataName'> & { base: AisBase },
) {
  if (name === 'gibbs') {
    const sampled = await gibbsEnergyInference(model, params, data, mask, { chains: o.chains, burnIn: o.burnIn, sweeps: o.sweeps, replicas: o.replicas, lowestBeta: o.lowestBeta, seed }, progress);
    return { ...sampled, values: undefined, standardErrors: undefined, likelihood: undefined };
  }
  let result: EnumeratedInference & { likelihood?: LikelihoodSummary };
  if (name === 'exact') result = model.unitCount > MAX_DENSE_UNITS ? await rbmExactInference(model, params, data, mask, progress) : await exactEnergyInference(model, params, data, mask, progress);
  else if (name === 'ais') result = await aisEnergyInference(model, params, data, mask, { temperatures: o.temperatures, runs: o.runs, seed, ...ais }, progress);
  else {
    const meanField = { tolerance: o.tolerance, maxIterations: o.maxIterations, restarts: o.restarts, annealFrom: o.annealFrom, annealSteps: o.annealSteps, seed };
    result = await meanFieldEnergyInference(model, params, data, mask, meanField, progress);
  }
  return { ...result, hiddenStandardErrors: undefined, visibleStandardErrors: undefined };
}

function beliefMethod(name: string, o: Record<string, number>, seed: number): BeliefBatchMethod {
  const args: BeliefMethodArgs = {
    chains: o.chains,
    burnIn: o.burnIn,
    sweeps: o.sweeps,
    tolerance: o.tolerance,
    maxSweeps: o.maxSweeps,
    components: o.components,
    iterations: o.iterations,
    stepSize: o.stepSize,
    samples: o.samples,
    seed,
  };
  if (name === 'exact') return exactBeliefMethod;
  if (name === 'gibbs') return gibbsBeliefMethod(args);
  if (name === 'meanfield') return meanFieldBeliefMethod(args);
  if (name === 'mixture') return mixtureBeliefMethod(args);
  if (name === 'importance') return importanceBeliefMethod(args);
  return attractorBeliefMethod(args);
}

/**
 * Inference on every row of `data` by the named method: per row ln P(v) (exact), an estimate with its standard error (AIS,
 * mean field on energy models), a lower bound (belief mean field, mixture:M) or −L (attractor), and the posterior means of
 * the hidden units; with a clamp, also the means and completions of the unknown visible units. Throws an Error naming the
 * methods that apply when the method does not fit the model's family or size.
 */
export async function inferRows(model: CompiledModel, params: ModelParameters, data: BinaryDataset, args: InferArgs): Promise<InferenceResult> {
  const { info, parsed } = resolveMethod(model, args.method);
  const options = optionsOf(info, args, parsed.components);
  const choices = choicesOf(info, args);
  checkData(model, data);
  if (args.baseData) checkData(model, args.baseData);
  const seed = args.seed ?? 0;
  if (!Number.isInteger(seed)) throw new RangeError(`The seed must be a whole number, got ${seed}`);
  const width = data.width;
  const mask = args.clamp ? knownMask(args.clamp, data.rowCount, width) : new Uint8Array(data.rowCount * width).fill(1);
  const method = parsed.name === 'mixture' ? `mixture:${options.components}` : parsed.name;
  const base = { method, rowCount: data.rowCount, hiddenUnits: [...model.hiddenIndices], quantity: info.quantity };
  let result: InferenceResult;
  if (model.type === 'energy') {
    const ais = { base: choices.base as AisBase, baseData: args.baseData, baseDataName: args.baseDataName };
    const r = await energyResult(model, params, data, mask, parsed.name, options, seed, args.onProgress, ais);
    result = {
      ...base,
      family: 'energy',
      encoding: model.encoding,
      values: r.values,
      standardErrors: r.standardErrors,
      hiddenMeans: r.hiddenMeans,
      hiddenStandardErrors: r.hiddenStandardErrors,
      ...(args.clamp ? { visibleMeans: r.visibleMeans, visibleStandardErrors: r.visibleStandardErrors } : {}),
      summary: { ...r.summary },
      ...(r.likelihood ? { likelihood: r.likelihood } : {}),
    };
  } else {
    const network = beliefNetwork(model, params);
    const rowsPerBatch = parsed.name === 'gibbs' ? Math.max(1, Math.floor(MAX_BELIEF_CHAINS / options.chains)) : BELIEF_ROWS_PER_BATCH;
    const batchMethod = beliefMethod(parsed.name, options, seed);
    const r = data.rowCount === 0 ? undefined : await inferBelief(network, data, mask, batchMethod, args.onProgress, rowsPerBatch);
    result = {
      ...base,
      family: 'belief',
      encoding: 'binary01',
      values: info.quantity === undefined ? undefined : (r?.values ?? new Float64Array(0)),
      standardErrors: r?.standardErrors,
      ...(r?.likelihood ? { likelihood: r.likelihood } : {}),
      hiddenMeans: r?.hiddenMeans ?? new Float32Array(0),
      hiddenStandardErrors: r?.hiddenStandardErrors,
      ...(args.clamp ? { visibleMeans: r?.visibleMeans ?? new Float32Array(0), visibleStandardErrors: r?.visibleStandardErrors } : {}),
      summary: { ...r?.summary },
    };
  }
  if (result.values) {
    const mean = result.values.reduce((a, v) => a + v, 0) / Math.max(1, result.rowCount);
    result.summary.meanValue = mean;
  }
  if (args.clamp && result.visibleMeans) {
    result.known = mask;
    result.completed = completeBits(result.visibleMeans, mask, data.bits, result.encoding);
  }
  for (const key of Object.keys(result) as (keyof InferenceResult)[]) if (result[key] === undefined) delete result[key];
  return result;
}
