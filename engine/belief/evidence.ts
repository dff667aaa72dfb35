import type { BeliefStructure } from './network';

/** Observed units and their 0/1 values: `count` patterns over the same units (full or partial evidence). */
export interface BeliefEvidence {
  /** Indices of the observed units (any subset of the network's units, visible or hidden). */
  units: number[];
  /** count × units.length values, each 0 or 1, row-major. */
  values: Uint8Array;
  /** Number of patterns. */
  count: number;
}

/** Evidence on the visible units from rows of bits in visibleIndices order (a BinaryDataset's layout). */
export function visibleEvidence(structure: BeliefStructure, bits: Uint8Array, count: number): BeliefEvidence {
  return { units: [...structure.visibleIndices], values: bits, count };
}

/** The same observed values clamped for every pattern: `count` copies of one row. */
export function repeatedEvidence(units: number[], row: ArrayLike<number>, count = 1): BeliefEvidence {
  const values = new Uint8Array(count * units.length);
  for (let p = 0; p < count; p++) for (let k = 0; k < units.length; k++) values[p * units.length + k] = row[k];
  return { units: [...units], values, count };
}

/** Throws an Error naming the problem when the evidence does not fit the network; returns the unobserved units (sorted). */
export function checkEvidence(structure: BeliefStructure, evidence: BeliefEvidence): number[] {
  const n = structure.unitCount;
  const seen = new Set<number>();
  for (const u of evidence.units) {
    if (!Number.isInteger(u) || u < 0 || u >= n) throw new RangeError(`Observed unit ${u} is outside 0…${n - 1}`);
    if (seen.has(u)) throw new Error(`Unit ${u} is observed twice; list each observed unit once`);
    seen.add(u);
  }
  if (!Number.isInteger(evidence.count) || evidence.count < 1) throw new Error(`Evidence needs at least one pattern, got ${evidence.count}`);
  if (evidence.values.length !== evidence.count * evidence.units.length) {
    throw new Error(`Evidence has ${evidence.values.length} values but ${evidence.count} patterns × ${evidence.units.length} observed units need ${evidence.count * evidence.units.length}`);
  }
  for (let k = 0; k < evidence.values.length; k++) {
    if (evidence.values[k] > 1) throw new Error(`Evidence values must be 0 or 1; found ${evidence.values[k]} at position ${k}`);
  }
  return Array.from({ length: n }, (_, i) => i).filter((i) => !seen.has(i));
}

/** Dense [count, N] 0/1 states with the observed units set and every other unit 0. */
export function evidenceStates(structure: BeliefStructure, evidence: BeliefEvidence): Float32Array {
  const n = structure.unitCount;
  const width = evidence.units.length;
  const states = new Float32Array(evidence.count * n);
  for (let p = 0; p < evidence.count; p++) {
    for (let k = 0; k < width; k++) states[p * n + evidence.units[k]] = evidence.values[p * width + k];
  }
  return states;
}

/** [N] mask: 1 for observed units, 0 for the rest. */
export function observedMask(structure: BeliefStructure, evidence: BeliefEvidence): Float32Array {
  const mask = new Float32Array(structure.unitCount);
  for (const u of evidence.units) mask[u] = 1;
  return mask;
}
