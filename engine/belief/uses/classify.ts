import { attractorRelax } from '../attractor/relax';
import type { AttractorArgs } from '../attractor/dynamics';
import { meanFieldBound, type MeanFieldArgs } from '../bound/meanField';
import type { BeliefEvidence } from '../evidence';
import { exactBeliefInference } from '../exact';
import { asBatch, stackNetworks, type BeliefNetwork, type BeliefNetworkBatch } from '../network';

/** ln P(V) or a stand-in for each of B patterns under each of K networks of one structure, [K, B] row-major. */
export type BatchScore = (networks: BeliefNetworkBatch, evidence: BeliefEvidence) => Promise<ArrayLike<number>> | ArrayLike<number>;

/** −L after relaxing the attractor dynamics (Saul & Jordan §4: "−L, used as a stand-in for the true log-likelihood"). */
export function attractorScore(args: AttractorArgs = {}): BatchScore {
  return async (networks, evidence) => Float32Array.from((await attractorRelax(networks, evidence, { ...args, recordTrace: false })).lyapunov, (l) => -l);
}

/** The rigorous mean-field lower bound F ≤ ln P(V) of Saul, Jaakkola & Jordan (1996) (Bishop et al. eq. 4). */
export function meanFieldScore(args: MeanFieldArgs = {}): BatchScore {
  return (networks, evidence) => meanFieldBound(networks, evidence, args).bound;
}

/** Exact ln P(V) by enumeration (small networks only; see exactBeliefInference). */
export const exactScore: BatchScore = (networks, evidence) => exactBeliefInference(networks, evidence).logLikelihood;

/** Options of classify. */
export interface ClassifyArgs {
  /** Patterns per scoring call, bounding memory. Default 512. */
  chunkSize?: number;
}

/** Scores and decisions of generative classification. Plain data. */
export interface Classification {
  classCount: number;
  patternCount: number;
  /** [C, B] row-major: the score of pattern b under class c's network. */
  scores: Float32Array;
  /** Per pattern, the class whose network scores it highest. */
  predicted: Int32Array;
}

/** Scores [C, B] of `rowCount` patterns (bits in visibleIndices order) under every class network, stacked when they share a structure. */
async function scoreAll(networks: BeliefNetwork[], bits: Uint8Array, rowCount: number, score: BatchScore, chunkSize: number): Promise<Float32Array> {
  const c = networks.length;
  const v = networks[0].visibleIndices.length;
  const scores = new Float32Array(c * rowCount);
  let groups: { batch: BeliefNetworkBatch; classes: number[] }[];
  try {
    groups = [{ batch: stackNetworks(networks), classes: networks.map((_, k) => k) }];
  } catch {
    groups = networks.map((net, k) => ({ batch: asBatch(net), classes: [k] }));
  }
  for (let start = 0; start < rowCount; start += chunkSize) {
    const count = Math.min(chunkSize, rowCount - start);
    for (const { batch, classes } of groups) {
      const evidence: BeliefEvidence = { units: batch.visibleIndices, values: bits.subarray(start * v, (start + count) * v), count };
      const values = await score(batch, evidence);
      if (values.length !== classes.length * count) throw new Error(`The score function returned ${values.length} values for ${classes.length}×${count} (networks × patterns)`);
      classes.forEach((cls, k) => {
        for (let b = 0; b < count; b++) scores[cls * rowCount + start + b] = values[k * count + b];
      });
    }
  }
  return scores;
}

/**
 * Generative classification (Saul & Jordan §4): one network per class, each pattern labelled by the class whose network
 * gives it the highest score (−L by default; any BatchScore, e.g. a mean-field or mixture bound, plugs in).
 */
export async function classify(
  networks: BeliefNetwork[],
  bits: Uint8Array,
  rowCount: number,
  score: BatchScore = attractorScore(),
  args: ClassifyArgs = {},
): Promise<Classification> {
  if (networks.length === 0) throw new Error('Classification needs one network per class; got none');
  const v = networks[0].visibleIndices.length;
  networks.forEach((net, k) => {
    if (net.visibleIndices.length !== v) throw new Error(`Network ${k} has ${net.visibleIndices.length} visible units but network 0 has ${v}; class networks must see the same patterns`);
  });
  if (!Number.isInteger(rowCount) || rowCount < 1 || bits.length !== rowCount * v) {
    throw new Error(`Patterns must be rowCount × V = ${rowCount} × ${v} bits, got ${bits.length}`);
  }
  const chunkSize = args.chunkSize ?? 512;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new Error(`Chunk size must be a positive integer, got ${chunkSize}`);
  const scores = await scoreAll(networks, bits, rowCount, score, chunkSize);
  const predicted = new Int32Array(rowCount);
  for (let b = 0; b < rowCount; b++) {
    let best = 0;
    for (let c = 1; c < networks.length; c++) if (scores[c * rowCount + b] > scores[best * rowCount + b]) best = c;
    predicted[b] = best;
  }
  return { classCount: networks.length, patternCount: rowCount, scores, predicted };
}
