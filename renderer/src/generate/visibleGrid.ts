/** Visible units as images: their shape, masks for pattern completion, and matching fantasies to dataset rows. */
import type { CompiledModel } from '../../../engine/compiler/types';

/** Rows × cols of the visible units' image, and where the shape comes from. */
export interface VisibleShape {
  rows: number;
  cols: number;
  source: 'node' | 'dataset' | 'row';
}

/**
 * The visible units laid out as an image: the visible node's imageShape when one node holds every visible unit,
 * else the dataset's imageShape when it covers them, else one row.
 */
export function visibleShape(model: CompiledModel, dataset?: { width: number; imageShape?: { rows: number; cols: number } }): VisibleShape {
  const count = model.visibleIndices.length;
  const holders = model.nodes.filter((n) => n.visible.end > n.visible.start);
  const shape = holders.length === 1 ? holders[0].imageShape : undefined;
  if (shape && shape.rows * shape.cols === count) return { ...shape, source: 'node' };
  const fromData = dataset?.imageShape;
  if (fromData && dataset.width === count && fromData.rows * fromData.cols === count) return { ...fromData, source: 'dataset' };
  return { rows: 1, cols: count, source: 'row' };
}

/** The CSV export of a dataset (header row, 0/1 cells, an optional label column last) read back as '0'/'1' strings. */
export function rowsFromCsv(text: string, width: number): string[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const rows: string[] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(',', width);
    if (cells.length < width) throw new Error(`A dataset row has ${cells.length} values where ${width} were expected.`);
    rows.push(cells.map((c) => (c.trim() === '1' ? '1' : '0')).join(''));
  }
  return rows;
}

/** For each fantasy, the index of the first dataset row it equals, or −1. */
export function matchRows(fantasies: string[], rows: string[]): number[] {
  const index = new Map<string, number>();
  rows.forEach((row, k) => {
    if (!index.has(row)) index.set(row, k);
  });
  return fantasies.map((f) => index.get(f) ?? -1);
}

/** A mask over the pixels: true where the value is unknown (to be inferred). */
export type Mask = boolean[];

/** Every pixel unknown except those of the first image row. */
export function keepFirstRow(shape: { rows: number; cols: number }): Mask {
  return Array.from({ length: shape.rows * shape.cols }, (_, i) => i >= shape.cols);
}

/** The probe:trajectory clamp: known pixels' bits, null where the mask marks them unknown. */
export function clampOf(bits: string, mask: Mask): (0 | 1 | null)[] {
  return Array.from(bits, (b, i) => (mask[i] ? null : b === '1' ? 1 : 0));
}

/** The visible units' values of a frame (compiled unit order → visibleIndices order). */
export function visibleValues(values: number[], visibleIndices: number[]): number[] {
  return visibleIndices.map((u) => values[u]);
}

/** How the completion is read from the frames. */
export type CompletionReading = 'threshold-final' | 'average-last';

/** Share of frames averaged by 'average-last' (the last quarter, at least one). */
export const AVERAGED_SHARE = 0.25;

/**
 * The completed pattern: the final frame's values thresholded at ½ ('threshold-final', for mean field and attractor
 * means), or the mean of the last quarter of the frames thresholded at ½ ('average-last', a Gibbs chain's estimate of
 * P(on)). Known pixels are read from the frames too (the dynamics hold them at their clamped values), not copied in.
 */
export function completionOf(frames: { values: number[] }[], visibleIndices: number[], reading: CompletionReading): { bits: string; probabilities: number[] } {
  if (frames.length === 0) throw new Error('The trajectory has no frames to read a completion from.');
  const used = reading === 'threshold-final' ? frames.slice(-1) : frames.slice(-Math.max(1, Math.round(frames.length * AVERAGED_SHARE)));
  const probabilities = visibleIndices.map((u) => used.reduce((sum, f) => sum + f.values[u], 0) / used.length);
  return { bits: probabilities.map((p) => (p >= 0.5 ? '1' : '0')).join(''), probabilities };
}

/** The completion over independent chains: each chain's P(on) estimate (completionOf) averaged, then thresholded at ½. */
export function completionOfChains(chains: { values: number[] }[][], visibleIndices: number[], reading: CompletionReading): { bits: string; probabilities: number[] } {
  if (chains.length === 0) throw new Error('No chains to read a completion from.');
  const each = chains.map((frames) => completionOf(frames, visibleIndices, reading).probabilities);
  const probabilities = visibleIndices.map((_, i) => each.reduce((sum, p) => sum + p[i], 0) / each.length);
  return { bits: probabilities.map((p) => (p >= 0.5 ? '1' : '0')).join(''), probabilities };
}

/** Small seeded generator (mulberry32) for the corruption of a stored pattern: same seed, same flipped pixels. */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The pattern with round(q·N) distinct pixels flipped, chosen by a seeded partial Fisher–Yates shuffle (Mehlig §2.3's q). */
export function corruptPattern(bits: string, q: number, seed: number): string {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`The corruption q is a fraction of pixels in [0, 1]; got ${q}.`);
  const n = bits.length;
  const flips = Math.round(q * n);
  const order = Array.from({ length: n }, (_, i) => i);
  const uniform = seededUniform(seed);
  for (let k = 0; k < flips; k++) {
    const j = k + Math.floor(uniform() * (n - k));
    [order[k], order[j]] = [order[j], order[k]];
  }
  const out = Array.from(bits);
  for (const i of order.slice(0, flips)) out[i] = out[i] === '1' ? '0' : '1';
  return out.join('');
}

/** The bits as the 0/1 numbers the trajectory request takes. */
export const bitsToVector = (bits: string): (0 | 1)[] => Array.from(bits, (b) => (b === '1' ? 1 : 0));
