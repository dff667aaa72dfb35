import type { EnergyModelSpec } from '../../compiler/types';
import type { BinaryDataset } from '../../data/dataset';
import { AIS_DEFAULTS, type AisBase, type AisSettings, type AisSide, type LogPartitionEstimate, type ReverseStart } from '../../likelihood/estimate';
import { aisSide, effectiveShares, finishPartitionEstimate } from '../../likelihood/weights';
import type { ModelParameters } from '../../model/parameters';
import { createRandom, type SeededRandom } from '../../random/seeded';
import { aisSchedule, visibleBaseRates } from '../rbm/ais';
import { createUniformNoise } from '../rbm/noise';
import { annealChains, disposeTarget, gibbsSweeps, sampleBase, type AnnealRun } from './aisAnneal';
import { globalTarget, internalColumns, restrictLayout, type SubLayout } from './aisTargets';
import { couplingMatrix, unitLayout, type CouplingMatrix } from './couplings';
import { enumeratedLogPartition, enumerateStates, MAX_EXACT_PARTITION_UNITS, MAX_EXACT_SAMPLE_UNITS } from './exactSample';
import { createWorkClock, type WorkClock } from '../../likelihood/progress';
import { baseFieldsFromRates, factorisedLogPartition } from '../../likelihood/base';

/** AIS for any energy model (Neal 2001) over all units, with Gibbs transitions over the colour classes of the couplings (reverse from exact samples up to 20 units). */
export type GeneralAisArgs = AisSettings;

/** Resolved settings shared by the general and the clamped estimators. */
export interface ResolvedAis {
  /** K. */
  temperatures: number;
  /** R per estimate (per pattern for clamped AIS). */
  runs: number;
  /** Seed of every stream. */
  seed: number;
  /** Whether reverse AIS runs. */
  reverse: boolean;
  /** Gibbs sweeps at β = 1 before reverse AIS that cannot start from exact samples. */
  reverseBurnIn: number;
  /** β_1 … β_K = aisSchedule(K). */
  betas: Float64Array;
}

/** Defaults filled in and checked, with messages naming the fix. */
export function resolveAis(args: GeneralAisArgs): ResolvedAis {
  const runs = args.runs ?? AIS_DEFAULTS.runs;
  if (!Number.isInteger(runs) || runs < 2) throw new Error(`AIS needs at least 2 runs (an integer) for an error bar, got ${runs}`);
  if (args.base !== undefined && args.base !== 'data' && args.base !== 'uniform') throw new Error(`AIS base must be 'data' or 'uniform', got '${String(args.base)}'`);
  const reverseBurnIn = args.reverseBurnIn ?? AIS_DEFAULTS.reverseBurnIn;
  if (!Number.isInteger(reverseBurnIn) || reverseBurnIn < 0) throw new Error(`reverseBurnIn must be a whole number of sweeps ≥ 0, got ${reverseBurnIn}`);
  const temperatures = args.temperatures ?? AIS_DEFAULTS.temperatures;
  return { temperatures, runs, seed: args.seed ?? AIS_DEFAULTS.seed, reverse: args.reverse ?? AIS_DEFAULTS.reverse, reverseBurnIn, betas: aisSchedule(temperatures) };
}

/** Checks that `data` fits the model's visible units. */
export function checkRows(model: EnergyModelSpec, data: BinaryDataset, what: string): void {
  if (data.width !== model.visibleIndices.length) {
    throw new Error(`${what} '${data.name}' has ${data.width} columns but the model has ${model.visibleIndices.length} visible units: map one column per visible unit`);
  }
  if (data.rowCount === 0) throw new Error(`${what} '${data.name}' has no rows: give at least one pattern`);
}

/** Base fields per unit (natural order): logit p (0/1) or ½ logit p (±1) on visible units, 0 elsewhere and without rates. */
function baseFields(model: EnergyModelSpec, rates: Float32Array | undefined): Float32Array {
  const fields = new Float32Array(model.unitCount);
  if (rates === undefined) return fields;
  if (rates.length !== model.visibleIndices.length) throw new Error(`Base rates need ${model.visibleIndices.length} entries (one per visible unit), got ${rates.length}`);
  const visible = baseFieldsFromRates(rates, model.encoding);
  model.visibleIndices.forEach((unit, i) => (fields[unit] = visible[i]));
  return fields;
}

/** Forward AIS from the base with these fields: the runs' weights and log Z_A. */
async function forwardRuns(model: EnergyModelSpec, matrix: CouplingMatrix, layout: SubLayout, fields: Float32Array, chains: number, betas: Float64Array, random: SeededRandom, clock: WorkClock) {
  const target = globalTarget(model, matrix, layout, fields, chains);
  try {
    const noise = createUniformNoise(random);
    return { run: await annealChains(target, betas, 'forward', sampleBase(target, noise), noise, clock), logZBase: factorisedLogPartition(fields, model.encoding) };
  } finally {
    disposeTarget(target);
  }
}

/** Starting states of reverse AIS, [N, chains]: exact samples of P(s) (N ≤ 20), else `burnIn` Gibbs sweeps at β = 1 from the data rows (hidden units uniform). */
async function reverseStart(model: EnergyModelSpec, params: ModelParameters, matrix: CouplingMatrix, layout: SubLayout, chains: number, resolved: ResolvedAis, data: BinaryDataset | undefined, random: SeededRandom, clock: WorkClock) {
  const n = model.unitCount;
  if (n <= MAX_EXACT_SAMPLE_UNITS) {
    const { states } = await enumerateStates(model, params, { samplesPerGroup: chains, random: random.fork('exact-samples'), tick: () => clock.tick(0) });
    return { start: internalColumns(states, n, layout, chains), how: 'exact' as ReverseStart };
  }
  const draws = random.fork('gibbs-start');
  const low = model.encoding === 'pm1' ? -1 : 0;
  const states = Float32Array.from({ length: chains * n }, () => (draws.next() < 0.5 ? low : 1));
  if (data !== undefined) {
    for (let c = 0; c < chains; c++) {
      const row = c % data.rowCount;
      model.visibleIndices.forEach((unit, i) => (states[c * n + unit] = data.bits[row * data.width + i] ? 1 : low));
    }
  }
  const target = globalTarget(model, matrix, layout, new Float32Array(n), chains);
  try {
    const start = await gibbsSweeps(target, internalColumns(states, n, layout, chains), 1, resolved.reverseBurnIn, createUniformNoise(random.fork('burn-in')), clock);
    return { start, how: 'gibbs' as ReverseStart };
  } finally {
    disposeTarget(target);
  }
}

/** The AIS side of estimate e of `estimates` (runs R each, chains e·R … (e+1)·R − 1). */
function sideOf(direction: 'forward' | 'reverse', run: AnnealRun, logZBase: number, e: number, runs: number): AisSide {
  const chains = run.logWeights.length;
  const points = run.traceBetas.length;
  const partial = new Float64Array(points * runs);
  for (let p = 0; p < points; p++) partial.set(run.partial.subarray(p * chains + e * runs, p * chains + (e + 1) * runs), p * runs);
  return aisSide(direction, logZBase, run.logWeights.slice(e * runs, (e + 1) * runs), { betas: run.traceBetas, share: effectiveShares(partial, runs) });
}

/**
 * `estimates` independent AIS estimates of log Z, run as one batch of estimates × R chains (R = args.runs each): forward
 * from the base, optionally from the other base, and reverse (Burda, Grosse & Salakhutdinov 2015), with exact log Z
 * beside them when N ≤ 24. One estimate is what callers want; several measure the estimator's own spread.
 */
export async function estimateGeneralLogPartitions(model: EnergyModelSpec, params: ModelParameters, args: GeneralAisArgs = {}, estimates = 1): Promise<LogPartitionEstimate[]> {
  if (model.type !== 'energy') throw new Error('AIS of log Z needs an energy model (couplings), not a belief network');
  if (!Number.isInteger(estimates) || estimates < 1) throw new Error(`The number of estimates must be a whole number ≥ 1, got ${estimates}`);
  const resolved = resolveAis(args);
  if (args.data !== undefined) checkRows(model, args.data, 'Dataset');
  const rates = args.baseRates ?? (args.data !== undefined ? visibleBaseRates(args.data) : undefined);
  const base: AisBase = (args.base ?? AIS_DEFAULTS.base) === 'data' && rates !== undefined ? 'data' : 'uniform';
  const checkBase = (args.checkBase ?? AIS_DEFAULTS.checkBase) && rates !== undefined;
  const { betas, runs } = resolved;
  const chains = estimates * runs;
  const sweepsOf = betas.length;
  const reverseSweeps = resolved.reverse ? sweepsOf + (model.unitCount > MAX_EXACT_SAMPLE_UNITS ? resolved.reverseBurnIn : 0) : 0;
  const clock = createWorkClock(sweepsOf * (checkBase ? 2 : 1) + reverseSweeps, args.progress);
  const matrix = couplingMatrix(model, params);
  const layout = restrictLayout(unitLayout(model), Array.from({ length: model.unitCount }, (_, i) => i));
  const random = createRandom(resolved.seed).fork('general-ais');
  const fieldsOf = (b: AisBase) => baseFields(model, b === 'data' ? rates : undefined);

  const forward = await forwardRuns(model, matrix, layout, fieldsOf(base), chains, betas, random.fork('forward'), clock);
  const other = checkBase ? await forwardRuns(model, matrix, layout, fieldsOf(base === 'data' ? 'uniform' : 'data'), chains, betas, random.fork('other-base'), clock) : undefined;
  let reverse: { run: AnnealRun; how: ReverseStart } | undefined;
  if (resolved.reverse) {
    const { start, how } = await reverseStart(model, params, matrix, layout, chains, resolved, args.data, random.fork('reverse'), clock);
    const target = globalTarget(model, matrix, layout, fieldsOf(base), chains);
    try {
      reverse = { run: await annealChains(target, betas, 'reverse', start, createUniformNoise(random.fork('reverse-anneal')), clock), how };
    } finally {
      disposeTarget(target);
    }
  }
  const exact = model.unitCount <= MAX_EXACT_PARTITION_UNITS ? await enumeratedLogPartition(model, params, () => clock.tick(0)) : undefined;
  await clock.finish();
  return Array.from({ length: estimates }, (_, e) =>
    finishPartitionEstimate({
      forward: sideOf('forward', forward.run, forward.logZBase, e, runs),
      ...(reverse ? { reverse: sideOf('reverse', reverse.run, forward.logZBase, e, runs) } : {}),
      ...(other ? { otherBase: sideOf('forward', other.run, other.logZBase, e, runs) } : {}),
      logZBase: forward.logZBase,
      betas,
      ...(exact !== undefined ? { exact } : {}),
      provenance: { method: 'ais', base, schedule: 'salakhutdinov-murray', temperatures: betas.length, runs, seed: resolved.seed, ...(reverse ? { reverseStart: reverse.how } : {}) },
    }),
  );
}

/** AIS estimate of log Z for any energy model (forward, reverse, other base, exact beside it where N ≤ 24). */
export async function estimateGeneralLogPartition(model: EnergyModelSpec, params: ModelParameters, args: GeneralAisArgs = {}): Promise<LogPartitionEstimate> {
  return (await estimateGeneralLogPartitions(model, params, args, 1))[0];
}
