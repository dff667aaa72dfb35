import type { CompiledModel } from '../../../engine/compiler/types';
import { parametersFromModel } from '../../../engine/model/parameters';
import { createRandom } from '../../../engine/random/seeded';
import type { SessionEstimate } from '../../../engine/train/algorithm';
import { trainModel } from '../../../engine/train/train';
import type { JobContext } from '../jobControl';
import type { OutputDraft, PlainParameters, TrainJobSpec } from '../messages';

/**
 * Seed of a run continued from step `step`: a fork of the run's seed named by the step, so continuing twice from the same
 * checkpoint gives the same run, and a stochastic algorithm does not replay the random numbers of its first epochs.
 */
export function continuationSeed(seed: number, step: number): number {
  return step === 0 ? seed : createRandom(seed).fork(`continue@${step}`).int(2 ** 32);
}

/**
 * An estimate a training session made at `step` as an `evaluation` output of the run: summary { method, likelihood }
 * (engine/likelihood LikelihoodSummary) and, for the diagnostics plot, the effective-share trace [3 × P] (β, forward, reverse).
 */
export function estimateOutput(estimate: SessionEstimate, step: number): OutputDraft {
  return {
    kind: 'evaluation',
    name: estimate.name,
    step,
    summary: {
      method: estimate.likelihood.provenance.method,
      likelihood: estimate.likelihood,
      ...(estimate.trace ? { array: 'effective share of the AIS runs: row 0 β, row 1 forward, row 2 reverse (NaN where none)' } : {}),
    },
    ...(estimate.trace ? { array: { dtype: 'float32' as const, shape: [...estimate.trace.shape], values: estimate.trace.values } } : {}),
  };
}

/** Trains through engine/train/train.ts from job.startStep to job.totalSteps; progress steps count from the run's start. */
export async function runTraining(job: TrainJobSpec, model: CompiledModel, context: JobContext): Promise<PlainParameters> {
  // A job paused while queued holds here, before its first step.
  await context.between();
  const request = { algorithm: job.algorithm, epochs: job.totalSteps - job.startStep, seed: continuationSeed(job.seed, job.startStep), config: job.config, stepOffset: job.startStep };
  return trainModel(model, job.dataset, request, job.initial ?? parametersFromModel(model), {
    signal: context.signal,
    between: () => context.between(),
    onEpoch: (epoch) => {
      const step = job.startStep + epoch.step;
      const checkpoint = job.checkpointEvery > 0 && step % job.checkpointEvery === 0 && step < job.totalSteps;
      context.progress({ step, totalSteps: job.totalSteps, metrics: { ...epoch.metrics, weightNorm: epoch.weightNorm }, parameters: checkpoint ? epoch.parameters : undefined });
      // A continued run's session counts its epochs from the checkpoint; the stored name counts the run's.
      const named = (e: SessionEstimate) => (job.startStep > 0 ? { ...e, name: e.name.replace(`epoch ${epoch.step}`, `epoch ${step}`) } : e);
      for (const estimate of epoch.estimates) context.post({ type: 'output', output: estimateOutput(named(estimate), step) });
      return context.between();
    },
  });
}
