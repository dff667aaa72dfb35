import type { CompiledModel } from '../../../engine/compiler/types';
import { parametersFromModel, type ModelParameters } from '../../../engine/model/parameters';
import { TrainingError } from '../../../engine/train/train';
import type { JobContext } from '../jobControl';
import type { MethodJobSpec } from '../messages';
import { findMethod } from '../methods';
import { methodInfo, methodSettings } from '../methods/settings';

/** True when every weight and bias block of the model has values. */
function complete(model: CompiledModel, params: ModelParameters | undefined): params is ModelParameters {
  return (
    params !== undefined &&
    model.weightBlocks.every((b) => params.weights[b.key]?.length === b.shape[0] * b.shape[1]) &&
    model.biasBlocks.every((b) => params.biases[b.nodeId]?.length === b.range.end - b.range.start)
  );
}

/** Runs an inference, sampling or evaluation method of the registry; its outputs and progress go to main. */
export async function runMethod(job: MethodJobSpec, model: CompiledModel, context: JobContext): Promise<undefined> {
  const method = findMethod(job.kind, job.method);
  if (!method) throw new TrainingError('invalid-data', `No ${job.kind} method '${job.method}'`);
  const refusal = method.refuses(model);
  if (refusal) throw new TrainingError(/2\^N|at most \d+ units/.test(refusal) ? 'too-large' : 'invalid-data', refusal);
  const parameters = job.parameters ?? parametersFromModel(model);
  if (!complete(model, parameters)) {
    throw new TrainingError('invalid-data', `Diagram '${job.diagram.name}' carries no trained parameters for every block; train it first, or use a checkpoint`);
  }
  if (method.info.needsData && !job.dataset) throw new TrainingError('invalid-data', `${method.info.label} needs a dataset`);
  // A job paused while queued holds here, before its first step.
  await context.between();
  const settings = methodSettings(methodInfo(method, model), job.config);
  await method.run(
    { model, parameters, dataset: job.dataset, seed: job.seed, ...settings, parameterStep: job.parameterStep },
    {
      signal: context.signal,
      between: () => context.between(),
      progress: (step, totalSteps, metrics) => context.progress({ step, totalSteps, metrics }),
      output: (output) => context.post({ type: 'output', output }),
    },
  );
  if (context.signal.aborted) throw new TrainingError('cancelled', `${method.info.label} was cancelled`);
  return undefined;
}
