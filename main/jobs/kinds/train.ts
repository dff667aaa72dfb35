import type { CompiledModel } from '../../../engine/compiler/types';
import { parametersFromModel } from '../../../engine/model/parameters';
import { createRandom } from '../../../engine/random/seeded';
import { trainModel } from '../../../engine/train/train';
import type { JobContext } from '../jobControl';
import type { PlainParameters, TrainJobSpec } from '../messages';

/**
 * Seed of a run continued from step `step`: a fork of the run's seed named by the step, so continuing twice from the same
 * checkpoint gives the same run, and a stochastic algorithm does not replay the random numbers of its first epochs.
 */
export function continuationSeed(seed: number, step: number): number {
  return step === 0 ? seed : createRandom(seed).fork(`continue@${step}`).int(2 ** 32);
}

/** Trains through engine/train/train.ts from job.startStep to job.totalSteps; progress steps count from the run's start. */
export async function runTraining(job: TrainJobSpec, model: CompiledModel, context: JobContext): Promise<PlainParameters> {
  // A job paused while queued holds here, before its first step.
  await context.between();
  const request = { algorithm: job.algorithm, epochs: job.totalSteps - job.startStep, seed: continuationSeed(job.seed, job.startStep), config: job.config };
  return trainModel(model, job.dataset, request, job.initial ?? parametersFromModel(model), {
    signal: context.signal,
    onEpoch: (epoch) => {
      const step = job.startStep + epoch.step;
      const checkpoint = job.checkpointEvery > 0 && step % job.checkpointEvery === 0 && step < job.totalSteps;
      context.progress({ step, totalSteps: job.totalSteps, metrics: { ...epoch.metrics, weightNorm: epoch.weightNorm }, parameters: checkpoint ? epoch.parameters : undefined });
      return context.between();
    },
  });
}
