import type { EnergyModelSpec } from '../compiler/types';
import type { BinaryDataset } from '../data/dataset';
import { empiricalDistribution } from '../energy/empirical';
import { exactClampedSummary } from '../energy/exact';
import type { ModelParameters } from '../model/parameters';

/** Exact inference for one data row. */
export interface ExactInference {
  /** log P(v) = log Σ_h exp(−H(v, h)) − log Z (nats). */
  logProbability: number;
  /** ⟨h_k | v⟩ in the model's encoding (in [−1, 1] for pm1, [0, 1] for binary01), in hiddenIndices order. */
  hiddenMeans: number[];
}

/** log P(v) with the hidden units summed out and the hidden posterior means, by enumeration (≤ 24 units), per row of `data`. */
export function inferExact(model: EnergyModelSpec, params: ModelParameters, data: BinaryDataset): ExactInference[] {
  if (data.width !== model.visibleIndices.length) {
    throw new Error(`Dataset '${data.name}' has ${data.width} columns but the model has ${model.visibleIndices.length} visible units`);
  }
  if (data.rowCount === 0) return [];
  const empirical = empiricalDistribution(data);
  const summary = exactClampedSummary(model, params, empirical.patterns, empirical.count);
  const n = model.unitCount;
  return Array.from(empirical.patternOfRow, (k) => ({
    logProbability: summary.logProbabilities[k],
    hiddenMeans: model.hiddenIndices.map((i) => summary.conditionalMeans[k * n + i]),
  }));
}
