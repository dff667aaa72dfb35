import type { BeliefEvidence } from '../../../engine/belief/evidence';
import { exactBeliefInference } from '../../../engine/belief/exact';
import type { ImportanceResult } from '../../../engine/belief/importance';
import { randomLayeredBatch } from '../../../engine/belief/randomNetworks';
import { createRandom } from '../../../engine/random/seeded';

/** 40 networks 3-8-12 with weights and biases uniform in (−1, 1) (Bishop et al. §3), two random visible patterns shared by all. */
export const batch = randomLayeredBatch([3, 8, 12], 40, 21);
const random = createRandom(5);
export const evidence: BeliefEvidence = { units: batch.visibleIndices, values: Uint8Array.from({ length: 2 * 12 }, () => random.int(2)), count: 2 };
export const exact = exactBeliefInference(batch, evidence);

export const mean = (x: ArrayLike<number>): number => Array.from(x).reduce((s, v) => s + v, 0) / x.length;
export const spread = (x: number[]): number => Math.sqrt(mean(x.map((v) => (v - mean(x)) ** 2)));
/** Estimate − exact ln P(V) per (network, pattern). */
export const errors = (r: ImportanceResult) => Array.from(r.values, (v, q) => v - exact.logLikelihood[q]);
export const zScores = (r: ImportanceResult) => errors(r).map((e, q) => e / r.standardErrors[q]);
