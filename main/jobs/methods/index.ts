/**
 * The registry of inference, sampling and evaluation methods. Each entry is one JobMethod (types.ts); adding a method is
 * one import and one entry here — the job runner, API (job:methods, job:start) and CLI pick it up by kind and name.
 * Inference, sampling and scored evaluation cover every method of the engine facades (engine/infer, engine/sample), with
 * the options of the model's family (JobMethod.infoFor).
 */
import type { CompiledModel } from '../../../engine/compiler/types';
import type { JobKind, MethodInfo } from '../../api/contract';
import { compareMethod } from './compareMethod';
import { dbnSampling } from './dbnSampling';
import { EVALUATION_METHODS } from './evaluationMethods';
import { exactSampling } from './exactSampling';
import { INFERENCE_METHODS } from './inferenceMethods';
import { SAMPLING_METHODS } from './samplingMethods';
import { methodInfo } from './settings';
import type { JobMethod } from './types';

export const JOB_METHODS: readonly JobMethod[] = [
  ...INFERENCE_METHODS,
  exactSampling,
  ...SAMPLING_METHODS,
  dbnSampling,
  ...EVALUATION_METHODS,
  compareMethod,
];

/** The method of `kind` called `name`, or undefined. */
export function findMethod(kind: JobKind, name: string): JobMethod | undefined {
  return JOB_METHODS.find((m) => m.info.kind === kind && m.info.name === name);
}

/** Methods (of one kind, or all) that apply to `model`, described for it. */
export function methodsFor(model: CompiledModel, kind?: JobKind): MethodInfo[] {
  return JOB_METHODS.filter((m) => (kind === undefined || m.info.kind === kind) && m.refuses(model) === undefined).map((m) => methodInfo(m, model));
}

/** How a method is written where a suffix carries a setting: `mixture:M` is mixture with components = M. */
export function methodSyntax(info: Pick<MethodInfo, 'name'>): string {
  return info.name === 'mixture' ? 'mixture:M' : info.name;
}

/**
 * A method as a user writes it, split into the registry name and the settings its suffix implies (`mixture:3` →
 * mixture, { components: 3 }). Throws an Error naming the form when a suffix is not understood.
 */
export function parseMethodText(text: string): { name: string; implied: Record<string, number> } {
  const [name, suffix, ...rest] = text.trim().split(':');
  if (suffix === undefined) return { name, implied: {} };
  const components = Number(suffix);
  if (rest.length > 0 || name !== 'mixture' || !/^\d+$/.test(suffix) || components < 1) {
    throw new Error(`Method '${text}' is not understood; only mixture takes a suffix, as mixture:M with M a whole number ≥ 1`);
  }
  return { name, implied: { components } };
}

/** `config` with the settings implied by the method's suffix; throws when the config says otherwise. */
export function withImplied(text: string, implied: Record<string, number>, config: Record<string, number | string | boolean>): Record<string, number | string | boolean> {
  for (const [key, value] of Object.entries(implied)) {
    if (config[key] !== undefined && config[key] !== value) throw new Error(`Method '${text}' sets ${key} = ${value} but the settings say ${key} = ${String(config[key])}; give one`);
  }
  return { ...config, ...implied };
}
