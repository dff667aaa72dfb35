import { createRandom } from '../../random/seeded';
import { hopfieldRun, type HopfieldRunArgs, type HopfieldRunResult } from './dynamics';
import { patternWidth, type HopfieldNetwork } from './network';

/**
 * Copies of `patterns` (±1, count × N) with round(fraction·N) distinct bits flipped in each row, chosen at random
 * among the units not marked in `keep` (N entries; 1 = leave this bit alone).
 */
export function corruptPatterns(patterns: Float32Array, count: number, fraction: number, seed: number, keep?: Uint8Array): Float32Array {
  const n = patternWidth(patterns, count);
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`The fraction of flipped bits must lie in [0, 1]; got ${fraction}`);
  if (keep !== undefined && keep.length !== n) throw new Error(`keep has ${keep.length} entries; the patterns have ${n} bits`);
  const candidates = Array.from({ length: n }, (_, i) => i).filter((i) => keep === undefined || keep[i] === 0);
  const flips = Math.round(fraction * n);
  if (flips > candidates.length) throw new RangeError(`Cannot flip ${flips} bits: only ${candidates.length} are not kept`);
  const random = createRandom(seed);
  const out = Float32Array.from(patterns);
  for (let row = 0; row < count; row++) {
    const pool = candidates.slice();
    for (let k = 0; k < flips; k++) {
      const j = k + random.int(pool.length - k);
      [pool[k], pool[j]] = [pool[j], pool[k]];
      out[row * n + pool[k]] *= -1;
    }
  }
  return out;
}

/** Settings of hopfieldRetrieve. */
export interface RetrievalArgs extends Omit<HopfieldRunArgs, 'patterns' | 'patternCount'> {
  /** Fraction of bits flipped in each cue (Mehlig Fig. 2.3: distorted patterns). Default 0.1. */
  distortion?: number;
  /** Stored patterns to cue, by index; default all of them. */
  patternIndices?: number[];
}

/** The run from each cue, with how well it recovered its pattern. */
export interface RetrievalResult extends HopfieldRunResult {
  /** The distorted starting states, cues × N. */
  cues: Float32Array;
  /** Index of the stored pattern each cue came from. */
  targets: Int32Array;
  /** m at the end with the cue's own pattern. */
  targetOverlaps: Float32Array;
  /** 1 where the final state equals the cue's pattern in every bit. */
  retrieved: Uint8Array;
}

/**
 * Retrieval from corrupted patterns (Mehlig eq. 2.7): each stored pattern (or those chosen) is distorted, fed to the
 * network and run; clamped units (clampMask with N entries) keep the pattern's own bits and are never distorted.
 */
export async function hopfieldRetrieve(network: HopfieldNetwork, patterns: Float32Array, patternCount: number, args: RetrievalArgs = {}): Promise<RetrievalResult> {
  const n = patternWidth(patterns, patternCount, 'Stored patterns');
  if (n !== network.unitCount) throw new Error(`Stored patterns have ${n} units; the network has ${network.unitCount}`);
  const targets = Int32Array.from(args.patternIndices ?? Array.from({ length: patternCount }, (_, k) => k));
  const outside = targets.find((t) => !Number.isInteger(t) || t < 0 || t >= patternCount);
  if (outside !== undefined) throw new RangeError(`Pattern index ${outside} is not one of the ${patternCount} stored patterns`);
  if (targets.length === 0) throw new RangeError('Give at least one pattern index to cue');
  if (args.clampMask !== undefined && args.clampMask.length !== n) throw new Error(`For retrieval the clampMask names units once (N = ${n} entries); got ${args.clampMask.length}`);
  const originals = new Float32Array(targets.length * n);
  targets.forEach((t, k) => originals.set(patterns.subarray(t * n, (t + 1) * n), k * n));
  const cues = corruptPatterns(originals, targets.length, args.distortion ?? 0.1, args.seed ?? 0, args.clampMask);
  const run = await hopfieldRun(network, cues, targets.length, { ...args, patterns, patternCount });
  const targetOverlaps = Float32Array.from(targets, (t, k) => run.overlaps![k * patternCount + t]);
  const retrieved = Uint8Array.from(targets, (_, k) => {
    for (let i = 0; i < n; i++) if (run.states[k * n + i] !== originals[k * n + i]) return 0;
    return 1;
  });
  return { ...run, cues, targets, targetOverlaps, retrieved };
}
