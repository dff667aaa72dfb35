import { attractorRelax } from '../attractor/relax';
import type { AttractorArgs } from '../attractor/dynamics';
import { meanFieldBound, type MeanFieldArgs } from '../bound/meanField';
import type { BeliefEvidence } from '../evidence';
import { exactBeliefInference } from '../exact';
import type { BeliefNetwork, BeliefNetworkBatch } from '../network';

/** Posterior means E[S_i | evidence] (or approximations) for every unit, [K, B, N] row-major. */
export type PosteriorMeans = (networks: BeliefNetworkBatch, evidence: BeliefEvidence) => Promise<ArrayLike<number>> | ArrayLike<number>;

/** µ after relaxing the attractor dynamics from the top-down pass (Saul & Jordan §4: bottom halves "filled in by the attractor dynamics"). */
export function attractorMeans(args: AttractorArgs = {}): PosteriorMeans {
  return async (networks, evidence) => (await attractorRelax(networks, evidence, { ...args, recordTrace: false })).means;
}

/** The means µ of the factorial distribution that maximises the SJJ mean-field bound (Bishop et al. eq. 4). */
export function meanFieldMeans(args: MeanFieldArgs = {}): PosteriorMeans {
  return (networks, evidence) => meanFieldBound(networks, evidence, args).means;
}

/** Exact posterior marginals by enumeration (small networks only; see exactBeliefInference). */
export const exactMeans: PosteriorMeans = (networks, evidence) => exactBeliefInference(networks, evidence).marginals;

/** Options of inpaint. */
export interface InpaintArgs {
  /** Length V (visibleIndices order): 1 where a pixel is known and clamped, 0 where it is filled in. */
  known: ArrayLike<number>;
  /** Inference of the posterior means; default attractor dynamics with Saul & Jordan's settings (mean field or Gibbs plug in). */
  method?: PosteriorMeans;
  /** Patterns per inference call. Default 512. */
  chunkSize?: number;
}

/**
 * Inpainting: clamps the known visible units of each pattern (rows of V bits in visibleIndices order), infers the rest and
 * returns the visible units' posterior means, [B, V] (known pixels keep their values).
 */
export async function inpaint(network: BeliefNetwork, bits: Uint8Array, rowCount: number, args: InpaintArgs): Promise<Float32Array> {
  const visible = network.visibleIndices;
  const v = visible.length;
  if (args.known.length !== v) throw new Error(`The known-pixel mask has ${args.known.length} entries but the network has ${v} visible units`);
  if (!Number.isInteger(rowCount) || rowCount < 1 || bits.length !== rowCount * v) throw new Error(`Patterns must be rowCount × V = ${rowCount} × ${v} bits, got ${bits.length}`);
  const columns = Array.from({ length: v }, (_, k) => k).filter((k) => args.known[k] === 1);
  const units = columns.map((k) => visible[k]);
  const method = args.method ?? attractorMeans();
  const chunkSize = args.chunkSize ?? 512;
  const n = network.unitCount;
  const filled = new Float32Array(rowCount * v);
  for (let start = 0; start < rowCount; start += chunkSize) {
    const count = Math.min(chunkSize, rowCount - start);
    const values = new Uint8Array(count * units.length);
    for (let b = 0; b < count; b++) columns.forEach((col, k) => (values[b * units.length + k] = bits[(start + b) * v + col]));
    const means = await method({ ...network, networkCount: 1 }, { units, values, count });
    for (let b = 0; b < count; b++) visible.forEach((u, k) => (filled[(start + b) * v + k] = means[b * n + u]));
  }
  return filled;
}
