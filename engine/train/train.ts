import { currentBackend, selectBackend } from '../backend/selectBackend';
import type { CompiledModel } from '../compiler/types';
import type { BinaryDataset } from '../data/dataset';
import type { ModelParameters } from '../model/parameters';
import type { AlgorithmInfo, SessionEstimate, TrainingAlgorithm, TrainingArgs, TrainingSession } from './algorithm';
import { algorithmsFor, findAlgorithm } from './catalog';
import { DIVERGENCE_FACTOR_KEY, ObjectiveWatch, withDivergenceSetting } from './divergence';

/**
 * Why training stopped early; `lastGood` holds the parameters to keep when there are any: the last finite ones (of the last
 * epoch reported), or, when the objective diverged, the best epoch's, whose step in the run is `lastGoodStep`.
 */
export class TrainingError extends Error {
  constructor(
    readonly code: 'invalid-data' | 'diverged' | 'too-large' | 'cancelled',
    message: string,
    readonly lastGood?: ModelParameters,
    readonly lastGoodStep?: number,
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
  /** Epochs the run did before this request (a run continued from a checkpoint): messages and lastGoodStep count on from it. */
  stepOffset?: number;
}

/** One finished epoch: metrics and parameters after `step` of `totalSteps` updates. */
export interface EpochReport {
  step: number;
  totalSteps: number;
  metrics: Record<string, number>;
  parameters: ModelParameters;
  /** Frobenius norm ‖W‖ = √(Σ w²) over every weight block (biases excluded), taken in the divergence check's pass. */
  weightNorm: number;
  /** The likelihood estimates the session made this epoch (TrainingSession.takeEstimates; e.g. the AIS monitor's records). */
  estimates: SessionEstimate[];
}

/** Progress callback (awaited, so the caller can throttle) and cancellation. */
export interface TrainingHooks {
  onEpoch(e: EpochReport): void | Promise<void>;
  signal?: AbortSignal;
  /** Awaited inside long steps (e.g. a job's between(): holds while paused); default: yields to the event loop. */
  between?(): Promise<void>;
}

/** Weights beyond this magnitude count as diverged: exp(−H) then over- or underflows float32. */
export const MAX_ABS_PARAMETER = 1e3;

/** The first unusable parameter (non-finite or runaway), and the weights' Frobenius norm from the same pass. */
function checkParameters(params: ModelParameters): { problem?: string; weightNorm: number } {
  let squares = 0;
  for (const [kind, record] of [['weights', params.weights], ['biases', params.biases]] as const) {
    for (const [key, values] of Object.entries(record)) {
      for (const v of values) {
        if (!Number.isFinite(v)) return { problem: `${kind} '${key}' became ${v}`, weightNorm: NaN };
        if (Math.abs(v) > MAX_ABS_PARAMETER) return { problem: `${kind} '${key}' grew beyond ±${MAX_ABS_PARAMETER}`, weightNorm: NaN };
        if (kind === 'weights') squares += v * v;
      }
    }
  }
  return { weightNorm: Math.sqrt(squares) };
}

/** Every hyperparameter and choice of `info` from `config` (defaults for the missing ones), range-checked; unknown keys are refused. */
export function readTrainingSettings(info: AlgorithmInfo, config: TrainingRequest['config']): Pick<TrainingArgs, 'hyper' | 'choices'> {
  const numbers = new Map(info.hyperparameters.map((h) => [h.key, h]));
  const choiceSpecs = new Map((info.choices ?? []).map((c) => [c.key, c]));
  const hyper: Record<string, number> = Object.fromEntries(info.hyperparameters.map((h) => [h.key, h.default]));
  const choices: Record<string, string> = Object.fromEntries((info.choices ?? []).map((c) => [c.key, c.default]));
  for (const [key, raw] of Object.entries(config)) {
    const spec = numbers.get(key);
    const choice = choiceSpecs.get(key);
    if (choice !== undefined) {
      if (typeof raw !== 'string' || !choice.options.includes(raw)) {
        throw new TrainingError('invalid-data', `${choice.label} (${key}) must be one of ${choice.options.join(', ')}, got ${String(raw)}`);
      }
      choices[key] = raw;
      continue;
    }
    if (spec === undefined) {
      const known = [...numbers.keys(), ...choiceSpecs.keys()];
      throw new TrainingError('invalid-data', `${info.label} has no setting '${key}'; it takes ${known.join(', ') || 'none'}`);
    }
    if (typeof raw !== 'number' || !Number.isFinite(raw)) throw new TrainingError('invalid-data', `${spec.label} (${key}) must be a number, got ${String(raw)}`);
    if ((spec.min !== undefined && raw < spec.min) || (spec.max !== undefined && raw > spec.max)) {
      throw new TrainingError('invalid-data', `${spec.label} (${key}) must lie in [${spec.min ?? '−∞'}, ${spec.max ?? '∞'}], got ${raw}`);
    }
    if (spec.integer && !Number.isInteger(raw)) throw new TrainingError('invalid-data', `${spec.label} (${key}) must be a whole number, got ${raw}`);
    hyper[key] = raw;
  }
  return { hyper, choices };
}

function checkRequest(model: CompiledModel, data: BinaryDataset, request: TrainingRequest): { algorithm: TrainingAlgorithm; info: AlgorithmInfo } {
  const algorithm = findAlgorithm(request.algorithm);
  const refusal = algorithm?.refuses(model);
  if (algorithm !== undefined && refusal !== undefined) {
    throw new TrainingError(/2\^N|at most \d+ units/.test(refusal) ? 'too-large' : 'invalid-data', refusal);
  }
  if (algorithm === undefined) {
    const offered = algorithmsFor(model).map((a) => a.name);
    throw new TrainingError('invalid-data', `Algorithm '${request.algorithm}' cannot train this model; available: ${offered.length ? offered.join(', ') : 'none'}`);
  }
  const visible = model.visibleIndices.length;
  if (data.width !== visible) {
    throw new TrainingError('invalid-data', `Dataset '${data.name}' has ${data.width} columns but the model has ${visible} visible units`);
  }
  if (data.rowCount === 0) throw new TrainingError('invalid-data', `Dataset '${data.name}' has no rows`);
  if (!Number.isInteger(request.epochs) || request.epochs < 0) throw new TrainingError('invalid-data', `Epochs must be a non-negative integer, got ${request.epochs}`);
  return { algorithm, info: withDivergenceSetting(algorithm.infoFor?.(model) ?? algorithm.info) };
}

const cancelled = (params: ModelParameters): TrainingError => new TrainingError('cancelled', 'Training was cancelled', params);

/**
 * Trains `model` on `data` and resolves to the final parameters. Selects a backend first if none is selected.
 * Throws TrainingError: invalid-data (mismatch named), too-large, cancelled, diverged: NaN/Inf or runaway weights (lastGood: the
 * epoch before), or the objective past divergenceFactor × its best (divergence.ts; reported first, lastGood: the best epoch).
 */
export async function trainModel(
  model: CompiledModel,
  data: BinaryDataset,
  request: TrainingRequest,
  initial: ModelParameters | undefined,
  hooks: TrainingHooks,
): Promise<ModelParameters> {
  const { algorithm, info } = checkRequest(model, data, request);
  const stopped = new Error('cancelled inside a step');
  const interrupt = async () => {
    await (hooks.between ? hooks.between() : new Promise((resolve) => setTimeout(resolve, 0)));
    if (hooks.signal?.aborted) throw stopped;
  };
  const settings = readTrainingSettings(info, request.config);
  const watch = ObjectiveWatch.of(info, settings.hyper);
  // The divergence check is the engine's, not the algorithm's: the algorithm gets its own settings only.
  const { [DIVERGENCE_FACTOR_KEY]: _factor, ...hyper } = settings.hyper;
  const args: TrainingArgs = { hyper, choices: settings.choices, seed: request.seed, epochs: request.epochs, interrupt };
  const offset = request.stepOffset ?? 0;
  if (currentBackend() === '') await selectBackend();
  let session: TrainingSession;
  try {
    session = await algorithm.start(model, data, args, initial);
  } catch (error) {
    throw error instanceof TrainingError ? error : new TrainingError('invalid-data', (error as Error).message);
  }
  const epochs = request.epochs;
  try {
    let lastGood = session.parameters();
    const { problem } = checkParameters(lastGood);
    if (problem !== undefined) throw new TrainingError('diverged', `Initial parameters are unusable: ${problem}`);
    for (let step = 1; step <= epochs; step++) {
      if (hooks.signal?.aborted) throw cancelled(lastGood);
      let metrics: Record<string, number>;
      try {
        metrics = await session.step();
      } catch (error) {
        if (error === stopped) throw cancelled(lastGood);
        throw error;
      }
      const parameters = session.parameters();
      const badMetric = Object.entries(metrics).find(([, value]) => !Number.isFinite(value));
      const { problem, weightNorm } = checkParameters(parameters);
      const failure = problem ?? (badMetric ? `the ${badMetric[0]} became ${badMetric[1]}` : undefined);
      if (failure !== undefined) {
        throw new TrainingError('diverged', `Training diverged at epoch ${offset + step}: ${failure}; lower the learning rate`, lastGood);
      }
      lastGood = parameters;
      const divergence = watch?.observe(offset + step, metrics, parameters);
      // The diverging epoch is reported (its figures show the rise), then the run stops back at its best epoch.
      await hooks.onEpoch({ step, totalSteps: epochs, metrics, parameters, weightNorm, estimates: session.takeEstimates?.() ?? [] });
      if (divergence) throw new TrainingError('diverged', divergence.message, divergence.best.parameters, divergence.best.step);
    }
    return lastGood;
  } finally {
    session.dispose();
  }
}
