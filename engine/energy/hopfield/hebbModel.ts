import type { EnergyModelSpec } from '../../compiler/types';
import type { BinaryDataset } from '../../data/dataset';
import type { ModelParameters } from '../../model/parameters';
import { hopfieldRun } from './dynamics';
import { hebbNetwork, type HopfieldNetwork } from './network';

/** Why Hebb's rule cannot store data in `model`, or undefined when it can. */
export function hebbRefusal(model: EnergyModelSpec): string | undefined {
  if (model.hiddenIndices.length > 0) {
    return `Hebb's rule stores patterns in the visible units (Mehlig eq. 2.25) and cannot train hidden units; this model has ${model.hiddenIndices.length}.`;
  }
  return undefined;
}

/** The data rows as ±1 patterns x = 2b − 1 (rows × V). */
export function dataPatterns(data: BinaryDataset): Float32Array {
  return Float32Array.from(data.bits, (b) => (b ? 1 : -1));
}

/**
 * Hebb's rule w_ij = N⁻¹ Σ_µ x_i^µ x_j^µ (Mehlig eq. 2.25, θ = 0) written into the model's weight blocks: every coupled
 * pair gets its Hebb weight, pairs the diagram does not couple stay uncoupled, and there are no self-couplings (the
 * compiled model has none, so this is eq. 2.26). For 0/1 units s = (x + 1)/2 the same network reads w′ = 4w and
 * b′_i = −2 Σ_{j≠i} w_ij (H(x) = H′(s) + const, and the local fields keep their signs: h′ = 2h).
 */
export function hebbParameters(model: EnergyModelSpec, data: BinaryDataset): { params: ModelParameters; network: HopfieldNetwork; patterns: Float32Array } {
  const refusal = hebbRefusal(model);
  if (refusal !== undefined) throw new Error(refusal);
  const n = model.unitCount;
  if (data.width !== n) throw new Error(`Dataset '${data.name}' has ${data.width} columns but the model has ${n} visible units`);
  if (data.rowCount === 0) throw new Error(`Dataset '${data.name}' has no rows`);
  const patterns = dataPatterns(data);
  const full = hebbNetwork(patterns, data.rowCount);
  // Visible units in data-column order; the model's unit index of column k is visibleIndices[k].
  const column = new Int32Array(n);
  model.visibleIndices.forEach((unit, k) => (column[unit] = k));
  const binary = model.encoding === 'binary01';
  const factor = binary ? 4 : 1;
  const coupled = new Float64Array(n);
  const params: ModelParameters = { weights: {}, biases: {} };
  for (const block of model.weightBlocks) {
    const [rows, cols] = block.shape;
    const values = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      const i = block.rows.start + r;
      for (let c = 0; c < cols; c++) {
        const j = block.cols.start + c;
        if (i === j) continue;
        const w = full.couplings[column[i] * n + column[j]] / n;
        values[r * cols + c] = factor * w;
        // A lateral block lists each pair twice (both enter W once, halved); any other block lists it once.
        const share = block.lateral ? 0.5 : 1;
        coupled[i] += share * w;
        coupled[j] += share * w;
      }
    }
    params.weights[block.key] = values;
  }
  for (const bias of model.biasBlocks) {
    params.biases[bias.nodeId] = Float32Array.from({ length: bias.range.end - bias.range.start }, (_, k) => (binary ? -2 * coupled[bias.range.start + k] : 0));
  }
  // The ±1 network the parameters stand for, in data-column order, restricted to the coupled pairs.
  const couplings = new Float32Array(n * n);
  for (const block of model.weightBlocks) {
    for (let r = 0; r < block.shape[0]; r++) {
      for (let c = 0; c < block.shape[1]; c++) {
        const [i, j] = [column[block.rows.start + r], column[block.cols.start + c]];
        if (i !== j) [couplings[i * n + j], couplings[j * n + i]] = [full.couplings[i * n + j], full.couplings[j * n + i]];
      }
    }
  }
  return { params, network: { unitCount: n, couplings, couplingScale: 1 / n, thresholds: new Float32Array(n) }, patterns };
}

/** How well a Hopfield network holds its stored patterns after one synchronous step (Mehlig eqs. 2.8, 2.32). */
export interface StorageReport {
  /** Fraction of the stored patterns that are fixed points of s ← sgn(b). */
  fixedPoints: number;
  /** Fraction of bits that one synchronous step from the stored patterns flips (the one-step error rate). */
  oneStepErrors: number;
}

/** Evaluates `network` on its `count` stored ±1 patterns. */
export async function storageReport(network: HopfieldNetwork, patterns: Float32Array, count: number): Promise<StorageReport> {
  const run = await hopfieldRun(network, patterns, count, { update: 'synchronous', sweeps: 1 });
  let flipped = 0;
  for (let k = 0; k < patterns.length; k++) if (run.states[k] !== patterns[k]) flipped++;
  return { fixedPoints: run.stable.reduce((a, s) => a + s, 0) / count, oneStepErrors: flipped / patterns.length };
}
