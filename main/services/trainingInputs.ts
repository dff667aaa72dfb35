import { compile } from '../../engine/compiler/compile';
import { familyName } from '../../engine/compiler/summary';
import type { CompiledModel, Diagnostic } from '../../engine/compiler/types';
import type { BinaryDataset } from '../../engine/data/dataset';
import type { Diagram } from '../../engine/diagram/types';
import { algorithmsFor, type AlgorithmInfo } from '../../engine/train/catalog';
import { ServiceError } from './errors';

/** Run setting kept by main, not passed to the engine: checkpoint every N epochs (0 = only at the end). */
export const CHECKPOINT_EVERY_KEY = 'checkpointEvery';
export const DEFAULT_CHECKPOINT_EVERY = 50;

export type RunConfig = Record<string, number | string | boolean>;

/** One line per diagnostic: "code: message". */
export function describeDiagnostics(diagnostics: Diagnostic[]): string {
  return diagnostics.map((d) => `${d.code}: ${d.message}`).join('; ');
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

/** Full run config: the algorithm's defaults overridden by `overrides`, each checked against its range, plus checkpointEvery. */
export function resolveRunConfig(info: AlgorithmInfo, overrides: RunConfig): RunConfig {
  const config: RunConfig = { [CHECKPOINT_EVERY_KEY]: DEFAULT_CHECKPOINT_EVERY };
  for (const h of info.hyperparameters) config[h.key] = h.default;
  const known = new Set(Object.keys(config));
  for (const [key, value] of Object.entries(overrides)) {
    if (!known.has(key)) {
      throw new ServiceError('invalid-argument', `Unknown setting '${key}' for ${info.name}; known settings: ${[...known].join(', ')}.`);
    }
    config[key] = value;
  }
  for (const h of info.hyperparameters) {
    const value = config[h.key];
    const valid =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      !(h.integer && !Number.isInteger(value)) &&
      !(h.min !== undefined && value < h.min) &&
      !(h.max !== undefined && value > h.max);
    if (!valid) {
      const range = [h.min !== undefined ? `≥ ${h.min}` : '', h.max !== undefined ? `≤ ${h.max}` : ''].filter(Boolean).join(' and ');
      const kind = h.integer ? 'a whole number' : 'a number';
      throw new ServiceError('invalid-argument', `${h.label} (${h.key}) must be ${kind}${range ? ` ${range}` : ''}; got ${String(value)}.`);
    }
  }
  const every = config[CHECKPOINT_EVERY_KEY];
  if (typeof every !== 'number' || !Number.isInteger(every) || every < 0) {
    throw new ServiceError('invalid-argument', `${CHECKPOINT_EVERY_KEY} must be a whole number ≥ 0 (0 = only at the end); got ${String(every)}.`);
  }
  return config;
}

/** The config handed to the engine: the run config without main's own settings. */
export function engineConfig(config: RunConfig): RunConfig {
  const { [CHECKPOINT_EVERY_KEY]: _every, ...rest } = config;
  return rest;
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
