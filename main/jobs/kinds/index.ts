import type { CompiledModel } from '../../../engine/compiler/types';
import type { JobContext } from '../jobControl';
import type { JobSpec, PlainParameters } from '../messages';
import { runMethod } from './method';
import { runTraining } from './train';

/** Runs one job kind in the worker; resolves to the parameters it leaves (training) or undefined. */
export type JobHandler<J extends JobSpec> = (job: J, model: CompiledModel, context: JobContext) => Promise<PlainParameters | undefined>;

/** One handler per job kind; methods within a kind are chosen from main/jobs/methods. */
export const JOB_HANDLERS: { [K in JobSpec['kind']]: JobHandler<Extract<JobSpec, { kind: K }>> } = {
  train: runTraining,
  infer: runMethod,
  sample: runMethod,
  evaluate: runMethod,
};
