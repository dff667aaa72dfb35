import type { CompiledModel } from '../compiler/types';

/** Per-unit inputs of one trajectory (natural unit order): −1 where nothing is given, else the 0/1 value. */
export interface UnitInputs {
  /** Held value of each unit (visible units named by the clamp), −1 where free. */
  clamp: Int8Array;
  /** Starting value of each unit (visible units named by `start`, clamped units at their clamp), −1 where not given. */
  start: Int8Array;
  /** Patterns ξ^µ in ±1 form over the visible units (patternCount × V), for overlaps. */
  patterns?: Float32Array;
  patternCount: number;
  /** True when some unit is clamped. */
  anyClamped: boolean;
}

function bitsOf(what: string, row: readonly unknown[], width: number, allowNull: boolean): void {
  if (!Array.isArray(row) || row.length !== width) {
    throw new RangeError(`${what} has ${Array.isArray(row) ? row.length : 'no'} entries; the model has ${width} visible units — give one per visible unit`);
  }
  row.forEach((v, k) => {
    if (v !== 0 && v !== 1 && !(allowNull && v === null)) {
      throw new RangeError(`${what}: entry ${k} is ${JSON.stringify(v)}; use 0 or 1${allowNull ? ' (null for a free unit)' : ''}`);
    }
  });
}

/** Checks the request's visible vectors against the model and spreads them over its units; throws naming the problem. */
export function unitInputs(
  model: CompiledModel,
  request: { clamp?: (0 | 1 | null)[]; start?: (0 | 1)[]; patterns?: (0 | 1)[][] },
): UnitInputs {
  const n = model.unitCount;
  const visible = model.visibleIndices;
  const width = visible.length;
  const clamp = new Int8Array(n).fill(-1);
  const start = new Int8Array(n).fill(-1);
  if (request.clamp !== undefined) {
    bitsOf('The clamp', request.clamp, width, true);
    request.clamp.forEach((v, k) => {
      if (v !== null) clamp[visible[k]] = v;
    });
  }
  if (request.start !== undefined) {
    bitsOf('The start state', request.start, width, false);
    request.start.forEach((v, k) => (start[visible[k]] = v));
  }
  for (let i = 0; i < n; i++) if (clamp[i] >= 0) start[i] = clamp[i];
  let patterns: Float32Array | undefined;
  const patternCount = request.patterns?.length ?? 0;
  if (request.patterns !== undefined && patternCount > 0) {
    patterns = new Float32Array(patternCount * width);
    request.patterns.forEach((row, p) => {
      bitsOf(`Pattern ${p}`, row, width, false);
      row.forEach((v, k) => (patterns![p * width + k] = v ? 1 : -1));
    });
  }
  return { clamp, start, patterns, patternCount, anyClamped: clamp.some((v) => v >= 0) };
}

/** m_µ = V⁻¹ Σ_k (2p_k − 1) ξ_k^µ over the visible units k, with p the P(on) values (Mehlig eq. 3.9 at one time step, ±1 form). */
export function visibleOverlaps(values: ArrayLike<number>, visible: readonly number[], inputs: UnitInputs): number[] | undefined {
  if (!inputs.patterns) return undefined;
  const width = visible.length;
  return Array.from({ length: inputs.patternCount }, (_, p) => {
    let sum = 0;
    for (let k = 0; k < width; k++) sum += (2 * values[visible[k]] - 1) * inputs.patterns![p * width + k];
    return sum / width;
  });
}
