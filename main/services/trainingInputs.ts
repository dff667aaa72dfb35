import { compile } from '../../engine/compiler/compile';
import { familyName } from '../../engine/compiler/summary';
import type { CompiledModel, Diagnostic } from '../../engine/compiler/types';
import type { BinaryDataset } from '../../engine/data/dataset';
import type { Diagram } from '../../engine/diagram/types';
import { algorithmsFor, type AlgorithmInfo } from '../../engine/train/catalog';
import { readTrainingSettings, TrainingError } from '../../engine/train/train';
import { formatCount, summarizeList } from '../../engine/text/boundedText';
import { ServiceError } from './errors';

/** Run setting kept by main, not passed to the engine: checkpoint every N epochs (0 = only at the end). */
export const CHECKPOINT_EVERY_KEY = 'checkpointEvery';
export const DEFAULT_CHECKPOINT_EVERY = 50;
/** Run setting kept by main, not passed to the engine: what the run started from ('fresh', 'current' or 'checkpoint'). */
export const INIT_KEY = 'init';
export type RunStart = 'fresh' | 'current' | 'checkpoint';

export type RunConfig = Record<string, number | string | boolean>;

/** The diagnostics as "code: message" joined by '; '; past three, a count per code and the first two (50,000 dangling edges stay one short line). */
export function describeDiagnostics(diagnostics: Diagnostic[]): string {
  const items = diagnostics.map((d) => `${d.code}: ${d.message}`);
  if (items.length <= 3) return items.join('; ');
  const counts = new Map<string, number>();
  for (const d of diagnostics) counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
  const tally = summarizeList([...counts].map(([code, n]) => `${code} ×${formatCount(n)}`), { separator: ', ', maxChars: 120 });
  return `${formatCount(items.length)} problems (${tally}): ${summarizeList(items, { maxItems: 2, maxChars: 300 })}`;
}

/** Compiles a diagram or throws 'invalid-diagram' listing every error diagnostic. */
export function compileForTraining(diagram: Diagram): CompiledModel {
  const result = compile(diagram);
  if (!result.ok) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    throw new ServiceError(
      'invalid-diagram',
      `Diagram '${diagram.name}' cannot be trained until it compiles: ${describeDiagnostics(errors.length ? errors : result.diagnostics)}.`,
    );
  }
  return result.model;
}

/** Throws 'invalid-data' unless the dataset has one column per visible unit. */
export function checkDatasetFits(model: CompiledModel, dataset: BinaryDataset, diagramName: string): void {
  const visible = model.visibleIndices.length;
  if (dataset.width !== visible) {
    throw new ServiceError(
      'invalid-data',
      `Dataset '${dataset.name}' has ${dataset.width} columns but diagram '${diagramName}' has ${visible} visible units; ` +
        `use a dataset with ${visible} columns or change the visible units.`,
    );
  }
  if (dataset.rowCount === 0) throw new ServiceError('invalid-data', `Dataset '${dataset.name}' has no rows.`);
}

/** The catalog entry of an algorithm, or 'invalid-argument' naming the ones that fit this model. */
export function resolveAlgorithm(model: CompiledModel, name: string): AlgorithmInfo {
  const available = algorithmsFor(model);
  const info = available.find((a) => a.name === name);
  if (!info) {
    const names = available.map((a) => `'${a.name}'`).join(', ') || 'none yet';
    throw new ServiceError('invalid-argument', `Algorithm '${name}' does not apply to a ${familyName(model)}; available: ${names}.`);
  }
  return info;
}

/**
 * Full run config: the algorithm's defaults overridden by `overrides` (checked by the engine's rules), plus checkpointEvery
 * and what the run starts from (`start`; an `init` among the overrides, e.g. a parent's config, is replaced by it).
 */
export function resolveRunConfig(info: AlgorithmInfo, overrides: RunConfig, start: RunStart): RunConfig {
  const { [CHECKPOINT_EVERY_KEY]: every = DEFAULT_CHECKPOINT_EVERY, [INIT_KEY]: _init, ...settings } = overrides;
  let resolved: ReturnType<typeof readTrainingSettings>;
  try {
    resolved = readTrainingSettings(info, settings);
  } catch (error) {
    if (error instanceof TrainingError) throw new ServiceError('invalid-argument', `${error.message}.`);
    throw error;
  }
  if (typeof every !== 'number' || !Number.isInteger(every) || every < 0) {
    throw new ServiceError('invalid-argument', `${CHECKPOINT_EVERY_KEY} must be a whole number ≥ 0 (0 = only at the end); got ${String(every)}.`);
  }
  return { [CHECKPOINT_EVERY_KEY]: every, [INIT_KEY]: start, ...resolved.hyper, ...resolved.choices };
}

/** The config handed to the engine: the run config without main's own settings. */
export function engineConfig(config: RunConfig): RunConfig {
  const { [CHECKPOINT_EVERY_KEY]: _every, [INIT_KEY]: _init, ...rest } = config;
  return rest;
}

/** TrainRequest.init checked: 'fresh' or 'current' (the default). */
export function readTrainInit(init: unknown): 'fresh' | 'current' {
  if (init === undefined) return 'current';
  if (init === 'fresh' || init === 'current') return init;
  throw new ServiceError('invalid-argument', `init must be 'fresh' (seeded initialisation) or 'current' (the diagram's parameters); got '${String(init)}'.`);
}

/** Throws 'invalid-argument' unless epochs is a positive whole number and seed a whole number in [0, 2^32). */
export function checkEpochsAndSeed(epochs: unknown, seed: unknown): void {
  if (typeof epochs !== 'number' || !Number.isInteger(epochs) || epochs < 1) {
    throw new ServiceError('invalid-argument', `Epochs must be a whole number ≥ 1; got ${String(epochs)}.`);
  }
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new ServiceError('invalid-argument', `Seed must be a whole number from 0 to 4294967295; got ${String(seed)}.`);
  }
}
