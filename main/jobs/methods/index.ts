/**
 * The registry of inference, sampling and evaluation methods. Each entry is one JobMethod (types.ts); adding a method is
 * one import and one entry here — the job runner, API (job:methods, job:start) and CLI pick it up by kind and name.
 */
import type { CompiledModel } from '../../../engine/compiler/types';
import type { JobKind, MethodInfo } from '../../api/contract';
import { exactEvaluation } from './exactEvaluation';
import { exactInference } from './exactInference';
import { exactSampling } from './exactSampling';
import type { JobMethod } from './types';

export const JOB_METHODS: readonly JobMethod[] = [
  exactInference,
  exactSampling,
  exactEvaluation,
];

/** The method of `kind` called `name`, or undefined. */
export function findMethod(kind: JobKind, name: string): JobMethod | undefined {
  return JOB_METHODS.find((m) => m.info.kind === kind && m.info.name === name);
}

/** Methods (of one kind, or all) that apply to `model`. */
export function methodsFor(model: CompiledModel, kind?: JobKind): MethodInfo[] {
  return JOB_METHODS.filter((m) => (kind === undefined || m.info.kind === kind) && m.refuses(model) === undefined).map((m) => m.info);
}
