import { effectiveShareArray, summariseLikelihood, type LikelihoodSummary, type LogPartitionEstimate, type ReverseStart } from '../../../engine/likelihood/estimate';
import { aisSide, finishPartitionEstimate, likelihoodFromPartition } from '../../../engine/likelihood/weights';
import type { OutputSummary } from '../../../main/api/contract';

// Estimates built by the engine's own finishing code from chosen log weights, so the views are tested on records
// shaped exactly as the producers store them (summary, warnings, effective-share array).

/** Log weights of R runs: `spread` 0 gives equal weights (every run effective), a large spread one dominant run. */
export function logWeights(runs: number, spread: number, offset = 0): Float64Array {
  return Float64Array.from({ length: runs }, (_, r) => offset + spread * Math.sin(1.7 * r + 0.3) * (r % 3 === 0 ? 3 : 1));
}

/** A share trace over K temperatures falling from 1 to `end`. */
function trace(points: number, end: number): { betas: Float64Array; share: Float64Array } {
  const betas = Float64Array.from({ length: points }, (_, j) => (j + 1) / points);
  return { betas, share: Float64Array.from(betas, (b) => 1 - (1 - end) * b) };
}

/** A log Z estimate from forward and (optionally) reverse log weights around the base's log Z. */
export function partition(args: { runs: number; forwardSpread: number; reverseSpread?: number; reverseOffset?: number; temperatures: number; exact?: number; reverseStart?: ReverseStart }): LogPartitionEstimate {
  const logZBase = 10;
  const forwardWeights = logWeights(args.runs, args.forwardSpread, 2);
  const forward = aisSide('forward', logZBase, forwardWeights, trace(20, args.forwardSpread > 1 ? 0.02 : 0.8));
  const reverse =
    args.reverseSpread === undefined ? undefined : aisSide('reverse', logZBase, logWeights(args.runs, args.reverseSpread, -2 - (args.reverseOffset ?? 0)), trace(20, args.reverseSpread > 1 ? 0.05 : 0.7));
  return finishPartitionEstimate({
    forward,
    ...(reverse ? { reverse } : {}),
    logZBase,
    betas: Float64Array.from({ length: args.temperatures }, (_, k) => (k + 1) / args.temperatures),
    ...(args.exact !== undefined ? { exact: args.exact } : {}),
    provenance: { method: 'ais', base: 'data', schedule: 'salakhutdinov-murray', temperatures: args.temperatures, runs: args.runs, seed: 3, ...(reverse ? { reverseStart: args.reverseStart ?? 'exact' } : {}) },
  });
}

/** The stored summary of a mean log-likelihood over rows whose unnormalised log-probabilities average −2 nats. */
export function likelihoodSummary(z: LogPartitionEstimate): LikelihoodSummary {
  return summariseLikelihood(likelihoodFromPartition([-1.5, -2.5, -2, -2], z));
}

/** A healthy estimate: equal-ish weights, forward and reverse agree, exact known. */
export const healthy = partition({ runs: 100, forwardSpread: 0.05, reverseSpread: 0.05, temperatures: 1000, exact: 12.001 });
/** A short schedule: one run carries the weight and forward and reverse disagree. */
export const shortSchedule = partition({ runs: 100, forwardSpread: 4, reverseSpread: 4, reverseOffset: 20, temperatures: 5 });

/** An evaluation output as the training monitor stores it (JSON round trip: NaN becomes null in the array). */
export function estimateOutput(id: string, step: number | undefined, z: LogPartitionEstimate, createdAt = 1000 + (step ?? 0)): { summary: OutputSummary; array: { dtype: 'float32'; shape: number[]; values: (number | null)[] } } {
  const array = effectiveShareArray(z);
  return {
    summary: { id, runId: 'run-1', kind: 'evaluation', name: step === undefined ? 'AIS estimate' : `AIS estimate at epoch ${step}`, ...(step === undefined ? {} : { step }), createdAt, summary: JSON.parse(JSON.stringify({ likelihood: likelihoodSummary(z) })), arrayShape: array.shape },
    array: { dtype: 'float32', shape: array.shape, values: JSON.parse(JSON.stringify(Array.from(array.values))) },
  };
}
