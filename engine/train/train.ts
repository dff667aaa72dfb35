import { currentBackend, selectBackend } from '../backend/selectBackend';
import type { CompiledModel, EnergyModelSpec } from '../compiler/types';
import type { BinaryDataset } from '../data/dataset';
import { MAX_DENSE_UNITS } from '../energy/dense';
import { startBoltzmannExact, type BoltzmannExactArgs, type BoltzmannExactSession } from '../energy/boltzmannLearning';
import type { ModelParameters } from '../model/parameters';
import { algorithmsFor, type AlgorithmInfo } from './catalog';

/** Why training stopped early; `lastGood` holds the last finite parameters when there are any. */
export class TrainingError extends Error {
  constructor(
    readonly code: 'invalid-data' | 'diverged' | 'too-large' | 'cancelled',
    message: string,
    readonly lastGood?: ModelParameters,
  ) {
    super(message);
    this.name = 'TrainingError';
  }
}

/** What to train: algorithm name (see catalog), epochs, seed and hyperparameters. */
export interface TrainingRequest {
  algorithm: string;
  epochs: number;
  seed: number;
  config: Record<string, number | string | boolean>;
}

/** One finished epoch: metrics and parameters after `step` of `totalSteps` updates. */
export interface EpochReport {
  step: number;
  totalSteps: number;
  metrics: Record<string, number>;
  parameters: ModelParameters;
}

/** Progress callback (awaited, so the caller can throttle) and cancellation. */
export interface TrainingHooks {
  onEpoch(e: EpochReport): void | Promise<void>;
  signal?: AbortSignal;
}

/** Weights beyond this magnitude count as diverged: exp(−H) then over- or underflows float32. */
export const MAX_ABS_PARAMETER = 1e3;

function checkParameters(params: ModelParameters): string | undefined {
  for (const [kind, record] of [['weights', params.weights], ['biases', params.biases]] as const) {
    for (const [key, values] of Object.entries(record)) {
      for (const v of values) {
        if (!Number.isFinite(v)) return `${kind} '${key}' became ${v}`;
        if (Math.abs(v) > MAX_ABS_PARAMETER) return `${kind} '${key}' grew beyond ±${MAX_ABS_PARAMETER}`;
      }
    }
  }
  return undefined;
}

/** Reads the algorithm's numeric hyperparameters from `config`, checking ranges; unknown keys are refused. */
function readHyperparameters(info: AlgorithmInfo, config: TrainingRequest['config']): Record<string, number> {
  const known = new Map(info.hyperparameters.map((h) => [h.key, h]));
  const values: Record<string, number> = {};
  for (const [key, raw] of Object.entries(config)) {
    const spec = known.get(key);
    if (spec === undefined) throw new TrainingError('invalid-data', `${info.label} has no setting '${key}'; it takes ${[...known.keys()].join(', ')}`);
    if (typeof raw !== 'number' || !Number.isFinite(raw)) throw new TrainingError('invalid-data', `${spec.label} must be a number, got ${String(raw)}`);
    if ((spec.min !== undefined && raw < spec.min) || (spec.max !== undefined && raw > spec.max)) {
      throw new TrainingError('invalid-data', `${spec.label} must lie in [${spec.min ?? '−∞'}, ${spec.max ?? '∞'}], got ${raw}`);
    }
    values[key] = raw;
  }
  return values;
}

function checkRequest(model: CompiledModel, data: BinaryDataset, request: TrainingRequest): AlgorithmInfo {
  if (request.algorithm === 'boltzmann-exact' && model.unitCount > MAX_DENSE_UNITS) {
    throw new TrainingError('too-large', `Exact Boltzmann learning enumerates 2^N states and handles at most ${MAX_DENSE_UNITS} units; this model has ${model.unitCount}`);
  }
  const info = algorithmsFor(model).find((a) => a.name === request.algorithm);
  if (info === undefined) {
    const offered = algorithmsFor(model).map((a) => a.name);
    throw new TrainingError('invalid-data', `Algorithm '${request.algorithm}' cannot train this model; available: ${offered.length ? offered.join(', ') : 'none'}`);
  }
  const visible = model.visibleIndices.length;
  if (data.width !== visible) {
    throw new TrainingError('invalid-data', `Dataset '${data.name}' has ${data.width} columns but the model has ${visible} visible units`);
  }
  if (data.rowCount === 0) throw new TrainingError('invalid-data', `Dataset '${data.name}' has no rows`);
  if (!Number.isInteger(request.epochs) || request.epochs < 0) throw new TrainingError('invalid-data', `Epochs must be a non-negative integer, got ${request.epochs}`);
  return info;
}

const cancelled = (params: ModelParameters): TrainingError => new TrainingError('cancelled', 'Training was cancelled', params);

/**
 * Trains `model` on `data` and resolves to the final parameters. Selects a backend first if none is selected.
 * Throws TrainingError: invalid-data (mismatch named), too-large, diverged (NaN/Inf or runaway weights, with lastGood), cancelled.
 */
export async function trainModel(
  model: CompiledModel,
  data: BinaryDataset,
  request: TrainingRequest,
  initial: ModelParameters | undefined,
  hooks: TrainingHooks,
): Promise<ModelParameters> {
  const info = checkRequest(model, data, request);
  const args: BoltzmannExactArgs = { ...readHyperparameters(info, request.config), seed: request.seed, epochs: request.epochs };
  if (currentBackend() === '') await selectBackend();
  let session: BoltzmannExactSession;
  try {
    session = await startBoltzmannExact(model as EnergyModelSpec, data, args, initial);
  } catch (error) {
    throw error instanceof TrainingError ? error : new TrainingError('invalid-data', (error as Error).message);
  }
  const epochs = request.epochs;
  try {
    let lastGood = session.parameters();
    const problem = checkParameters(lastGood);
    if (problem !== undefined) throw new TrainingError('diverged', `Initial parameters are unusable: ${problem}`);
    for (let step = 1; step <= epochs; step++) {
      if (hooks.signal?.aborted) throw cancelled(lastGood);
      const metrics = await session.step();
      const parameters = session.parameters();
      const failure =
        checkParameters(parameters) ??
        (Number.isFinite(metrics.kl) && Number.isFinite(metrics.logLikelihood) ? undefined : `the log-likelihood became ${metrics.logLikelihood}`);
      if (failure !== undefined) {
        throw new TrainingError('diverged', `Training diverged at epoch ${step}: ${failure}; lower the learning rate`, lastGood);
      }
      lastGood = parameters;
      await hooks.onEpoch({ step, totalSteps: epochs, metrics: { kl: metrics.kl, logLikelihood: metrics.logLikelihood }, parameters });
    }
    return lastGood;
  } finally {
    session.dispose();
  }
}
