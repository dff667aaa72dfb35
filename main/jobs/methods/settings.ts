import type { CompiledModel } from '../../../engine/compiler/types';
import { readTrainingSettings, TrainingError } from '../../../engine/train/train';
import type { MethodInfo } from '../../api/contract';
import type { JobMethod, MethodInput } from './types';

/** Validated settings of one job: every hyperparameter and choice (defaults filled in) and the text settings given. */
export type MethodSettings = Pick<MethodInput, 'hyper' | 'choices' | 'texts'>;

/** The method's description for `model` (its family's options and defaults). */
export function methodInfo(method: JobMethod, model: CompiledModel): MethodInfo {
  return method.infoFor?.(model) ?? method.info;
}

/**
 * Every hyperparameter and choice of a method from `config` (defaults filled in), checked by the engine's rules for
 * training settings, and its text settings (non-empty strings; required ones present). Throws a TrainingError naming the
 * setting at fault and the ones the method takes.
 */
export function methodSettings(info: MethodInfo, config: Record<string, number | string | boolean>): MethodSettings {
  const textSpecs = info.texts ?? [];
  const known = new Set([...info.hyperparameters.map((h) => h.key), ...(info.choices ?? []).map((c) => c.key), ...textSpecs.map((t) => t.key)]);
  const texts: Record<string, string> = {};
  const rest: typeof config = {};
  for (const [key, raw] of Object.entries(config)) {
    if (!known.has(key)) throw new TrainingError('invalid-data', `${info.label} has no setting '${key}'; it takes ${[...known].join(', ') || 'none'}`);
    const spec = textSpecs.find((t) => t.key === key);
    if (spec === undefined) rest[key] = raw;
    else if (typeof raw !== 'string' || raw.trim() === '') throw new TrainingError('invalid-data', `${spec.label} (${key}) must be text: ${spec.description}; got ${String(raw)}`);
    else texts[key] = raw.trim();
  }
  const missing = textSpecs.find((t) => t.required && texts[t.key] === undefined);
  if (missing) throw new TrainingError('invalid-data', `${info.label} needs the setting ${missing.key} (${missing.label.toLowerCase()}): ${missing.description}`);
  return { ...readTrainingSettings({ ...info, defaultEpochs: 1, metrics: [] }, rest), texts };
}
