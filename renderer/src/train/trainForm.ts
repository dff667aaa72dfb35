import type { CompileResult } from '../../../engine/compiler/types';
import type { AlgorithmInfo } from '../../../engine/train/algorithm';
import type { DatasetSummary } from '../../../main/api/contract';

/** The Train panel's inputs as typed text (validated on Train). */
export interface TrainFormValues {
  datasetId: string;
  algorithm: string;
  epochs: string;
  seed: string;
  /** Hyperparameter key → text. */
  config: Record<string, string>;
}

/** Epochs proposed when an algorithm gives none. */
export const FALLBACK_EPOCHS = 300;

/** Form values with the catalog's defaults for `algorithm`, keeping the chosen dataset and seed. */
export function defaultsFor(algorithm: AlgorithmInfo | undefined, datasetId: string, seed = '1'): TrainFormValues {
  return {
    datasetId,
    algorithm: algorithm?.name ?? '',
    epochs: String(algorithm?.defaultEpochs ?? FALLBACK_EPOCHS),
    seed,
    config: Object.fromEntries([
      ...(algorithm?.hyperparameters ?? []).map((h) => [h.key, String(h.default)]),
      ...(algorithm?.choices ?? []).map((c) => [c.key, c.default]),
    ]),
  };
}

/**
 * The form once main's algorithm list arrives (or the chosen algorithm is no longer offered): that algorithm's defaults,
 * except epochs the user typed while the list was still on its way (the form then had no algorithm and the fallback).
 */
export function withAlgorithm(values: TrainFormValues, algorithm: AlgorithmInfo): TrainFormValues {
  return withProposal(values, defaultsFor(algorithm, values.datasetId, values.seed));
}

/** `next` (a proposed algorithm with its settings), keeping epochs typed while the form still had no algorithm. */
export function withProposal(values: TrainFormValues, next: TrainFormValues): TrainFormValues {
  const typedEarly = values.algorithm === '' && values.epochs !== String(FALLBACK_EPOCHS);
  return typedEarly ? { ...next, epochs: values.epochs } : next;
}

export type Validated = { ok: true; epochs: number; seed: number; config: Record<string, number | string> } | { ok: false; reason: string };

/** Checks the typed values against the algorithm's ranges. */
export function validateValues(values: TrainFormValues, algorithm: AlgorithmInfo): Validated {
  const epochs = Number(values.epochs);
  if (!Number.isInteger(epochs) || epochs < 1 || epochs > 1_000_000) return { ok: false, reason: 'Epochs must be a whole number from 1 to 1,000,000.' };
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) return { ok: false, reason: 'Seed must be a whole number from 0 to 2147483647.' };
  const config: Record<string, number | string> = {};
  for (const h of algorithm.hyperparameters) {
    const text = values.config[h.key] ?? String(h.default);
    const v = Number(text);
    const bad = text.trim() === '' || !Number.isFinite(v) || (h.integer && !Number.isInteger(v)) || (h.min !== undefined && v < h.min) || (h.max !== undefined && v > h.max);
    if (bad) {
      const range = h.min !== undefined && h.max !== undefined ? ` from ${h.min} to ${h.max}` : '';
      return { ok: false, reason: `${h.label} must be a ${h.integer ? 'whole ' : ''}number${range}.` };
    }
    config[h.key] = v;
  }
  for (const c of algorithm.choices ?? []) {
    const chosen = values.config[c.key] ?? c.default;
    if (!c.options.includes(chosen)) return { ok: false, reason: `${c.label} must be one of ${c.options.join(', ')}.` };
    config[c.key] = chosen;
  }
  return { ok: true, epochs, seed, config };
}

/** Why training cannot start, or undefined when it can. */
export function blockingReason(
  result: CompileResult | undefined,
  algorithms: AlgorithmInfo[],
  dataset: DatasetSummary | undefined,
  datasetCount: number,
): string | undefined {
  if (!result) return 'Open a project to train.';
  if (!result.ok) {
    const n = result.diagnostics.filter((d) => d.severity === 'error').length;
    return `Fix the ${n === 1 ? 'problem' : `${n} problems`} in the diagram first.`;
  }
  if (algorithms.length === 0) return 'No training algorithm fits this model.';
  if (datasetCount === 0) return 'The project has no dataset to train on.';
  if (!dataset) return 'Choose a dataset.';
  const visible = result.model.visibleIndices.length;
  if (dataset.width !== visible) return `Dataset “${dataset.name}” has ${dataset.width} columns but the model has ${visible} visible units.`;
  return undefined;
}
