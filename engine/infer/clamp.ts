import type { CompiledModel } from '../compiler/types';

/**
 * Which visible units of each data row are known (held at the row's values); the others are inferred.
 * Give exactly one of `mask` and `positions`. Positions count visible units in the model's visibleIndices order
 * (the dataset's column order), 0…V−1.
 */
export interface VisibleClamp {
  /** V entries (the same for every row) or rows × V: 1 where the visible unit is known, 0 where it is inferred. */
  mask?: ArrayLike<number>;
  /** Visible positions known in every row. */
  positions?: number[];
}

/** The clamp as a rows × V 0/1 mask (1 = known); throws naming the problem when it does not fit. */
export function knownMask(clamp: VisibleClamp, rowCount: number, width: number): Uint8Array {
  if ((clamp.mask === undefined) === (clamp.positions === undefined)) {
    throw new Error('A visible clamp needs exactly one of `mask` (1 = known) and `positions` (known visible positions)');
  }
  const shared = new Uint8Array(width);
  let perRow: ArrayLike<number> | undefined;
  if (clamp.positions !== undefined) {
    for (const p of clamp.positions) {
      if (!Number.isInteger(p) || p < 0 || p >= width) throw new RangeError(`Clamped visible position ${p} is outside 0…${width - 1}`);
      shared[p] = 1;
    }
  } else {
    const mask = clamp.mask!;
    if (mask.length !== width && mask.length !== rowCount * width) {
      throw new Error(`The clamp mask has ${mask.length} entries; give V = ${width} (one per visible unit) or rows × V = ${rowCount * width}`);
    }
    for (let k = 0; k < mask.length; k++) {
      if (mask[k] !== 0 && mask[k] !== 1) throw new RangeError(`Clamp mask entries must be 0 or 1; found ${mask[k]} at position ${k}`);
    }
    if (mask.length === width) shared.set(Array.from(mask));
    else perRow = mask;
  }
  const out = new Uint8Array(rowCount * width);
  for (let r = 0; r < rowCount; r++) for (let i = 0; i < width; i++) out[r * width + i] = perRow ? perRow[r * width + i] : shared[i];
  return out;
}

/** Rows sharing one known-unit pattern: the known positions and the rows (in data order). */
export interface MaskGroup {
  /** Visible positions known in these rows (sorted). */
  known: number[];
  /** Visible positions inferred in these rows (sorted). */
  unknown: number[];
  rows: number[];
}

/** Rows grouped by their known-unit pattern (one group when every row shares the mask), in order of first appearance. */
export function groupByMask(mask: Uint8Array, rowCount: number, width: number): MaskGroup[] {
  const groups = new Map<string, MaskGroup>();
  for (let r = 0; r < rowCount; r++) {
    const row = mask.subarray(r * width, (r + 1) * width);
    const key = row.join('');
    let group = groups.get(key);
    if (group === undefined) {
      const positions = Array.from({ length: width }, (_, i) => i);
      group = { known: positions.filter((i) => row[i] === 1), unknown: positions.filter((i) => row[i] === 0), rows: [] };
      groups.set(key, group);
    }
    group.rows.push(r);
  }
  return [...groups.values()];
}

/** Display names of the visible units in visibleIndices order: the node label, with [k] for the k-th visible unit of a node of several. */
export function visibleNames(model: CompiledModel): string[] {
  const names = new Map<number, string>();
  for (const node of model.nodes) {
    const size = node.visible.end - node.visible.start;
    for (let u = node.visible.start; u < node.visible.end; u++) names.set(u, size > 1 ? `${node.label}[${u - node.visible.start}]` : node.label);
  }
  return model.visibleIndices.map((u) => names.get(u) ?? `v${u}`);
}

/** Visible positions named by one item of a clamp text: `K`, `A-B`, a node label (all its visible units) or `label[K]`. */
function itemPositions(item: string, model: CompiledModel): number[] {
  const width = model.visibleIndices.length;
  const inRange = (p: number): number => {
    if (p < 0 || p >= width) throw new RangeError(`Visible position ${p} in '${item}' is outside 0…${width - 1}`);
    return p;
  };
  const range = /^(\d+)\s*-\s*(\d+)$/.exec(item);
  if (range) {
    const [a, b] = [Number(range[1]), Number(range[2])];
    if (b < a) throw new RangeError(`The range '${item}' runs backwards; write it low-high`);
    return Array.from({ length: b - a + 1 }, (_, k) => inRange(a + k));
  }
  if (/^\d+$/.test(item)) return [inRange(Number(item))];
  const position = new Map(model.visibleIndices.map((u, k) => [u, k]));
  const indexed = /^(.*)\[(\d+)\]$/.exec(item);
  const label = indexed ? indexed[1] : item;
  const node = model.nodes.find((n) => n.label === label || n.nodeId === label);
  if (node === undefined) {
    throw new Error(`'${item}' is neither a visible position, a range A-B, nor a node label; visible units: ${visibleNames(model).join(', ')}`);
  }
  const units = Array.from({ length: node.visible.end - node.visible.start }, (_, k) => node.visible.start + k);
  if (units.length === 0) throw new Error(`Node '${label}' has no visible units to clamp`);
  if (!indexed) return units.map((u) => position.get(u)!);
  const k = Number(indexed[2]);
  if (k >= units.length) throw new RangeError(`'${item}': node '${label}' has ${units.length} visible units (0…${units.length - 1})`);
  return [position.get(units[k])!];
}

/**
 * Reads the CLI form of a visible clamp: comma-separated items, each a visible position (`3`), a range (`0-3`), a node
 * label (`x1`: all its visible units) or `label[K]`; or `mask:BITS` with one 0/1 digit per visible unit (1 = known).
 */
export function parseVisibleClamp(text: string, model: CompiledModel): VisibleClamp {
  const trimmed = text.trim();
  const width = model.visibleIndices.length;
  if (trimmed.startsWith('mask:')) {
    const bits = trimmed.slice(5).trim();
    if (!/^[01]+$/.test(bits) || bits.length !== width) throw new Error(`'${trimmed}': a mask needs ${width} digits 0/1 (one per visible unit, 1 = known)`);
    return { mask: Uint8Array.from(bits, (c) => Number(c)) };
  }
  if (trimmed === '') throw new Error('The clamp is empty; name the known visible units, e.g. 0-3 or x1,x2, or give mask:BITS');
  const positions = new Set<number>();
  for (const item of trimmed.split(',').map((s) => s.trim())) for (const p of itemPositions(item, model)) positions.add(p);
  return { positions: [...positions].sort((a, b) => a - b) };
}

/** Visible units held at given values while sampling: a V-entry (or count × V) mask and the 0/1 values where it is 1. */
export interface VisibleValues {
  /** 1 where the visible unit is held fixed. */
  mask: Uint8Array;
  /** 0/1 value of each held unit (1 = on, +1 for ±1 units); ignored where the mask is 0. */
  bits: Uint8Array;
}

/**
 * Reads the CLI form of clamped values for sampling: `pattern:10??1…` (one character per visible unit, ? free), or
 * comma-separated `ITEM=BITS` pairs where ITEM is as in parseVisibleClamp and BITS has one 0/1 digit per unit it names.
 */
export function parseVisibleValues(text: string, model: CompiledModel): VisibleValues {
  const trimmed = text.trim();
  const width = model.visibleIndices.length;
  const mask = new Uint8Array(width);
  const bits = new Uint8Array(width);
  if (trimmed.startsWith('pattern:')) {
    const pattern = trimmed.slice(8).trim();
    if (!/^[01?]+$/.test(pattern) || pattern.length !== width) {
      throw new Error(`'${trimmed}': a pattern needs ${width} characters 0, 1 or ? (one per visible unit, ? = free)`);
    }
    for (let i = 0; i < width; i++) if (pattern[i] !== '?') [mask[i], bits[i]] = [1, Number(pattern[i])];
    return { mask, bits };
  }
  for (const pair of trimmed.split(',').map((s) => s.trim())) {
    const match = /^(.+?)\s*=\s*([01]+)$/.exec(pair);
    if (!match) throw new Error(`Clamp item '${pair}' should read UNITS=BITS, e.g. x1=1 or 0-2=101; or give pattern:10??`);
    const positions = itemPositions(match[1].trim(), model);
    if (match[2].length !== positions.length) throw new Error(`'${pair}' names ${positions.length} units but gives ${match[2].length} bits`);
    positions.forEach((p, k) => ([mask[p], bits[p]] = [1, Number(match[2][k])]));
  }
  return { mask, bits };
}
