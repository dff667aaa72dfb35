import type { EnergyModelSpec } from '../../compiler/types';
import type { BinaryDataset } from '../../data/dataset';
import type { ModelParameters } from '../../model/parameters';
import { dataFit, empiricalDistribution, type DataFit } from '../empirical';
import { exactVisibleDistribution, exactVisibleLogProbabilities } from '../exact';

/** Which visible units are given: none (model P(v)) or the first `inputUnits` (model P(outputs | inputs)). */
export type LearningMode = 'unsupervised' | 'input-output';

/**
 * Exact fit of the model to the data by enumeration (small models): unsupervised, KL(P_data‖P_model) over visible
 * patterns (Mehlig eq. 4.18); input→output, the conditional KL Σ_x P_data(x) KL(P_data(y|x) ‖ P_model(y|x)) with x the
 * first `inputUnits` visible units, and logLikelihood the mean log P_model(y|x) per row.
 */
export function exactFit(model: EnergyModelSpec, params: ModelParameters, data: BinaryDataset, mode: LearningMode, inputUnits: number): DataFit {
  const empirical = empiricalDistribution(data);
  if (mode === 'unsupervised') return dataFit(empirical, exactVisibleLogProbabilities(model, params, empirical.patterns, empirical.count));
  const width = data.width;
  const visible = exactVisibleDistribution(model, params);
  const inputMask = (1 << inputUnits) - 1;
  const marginal = new Float64Array(1 << inputUnits);
  visible.forEach((p, index) => (marginal[index & inputMask] += p));
  const dataInput = new Map<number, number>();
  const indices = Array.from({ length: empirical.count }, (_, k) => {
    let index = 0;
    for (let j = 0; j < width; j++) index |= empirical.patterns[k * width + j] << j;
    dataInput.set(index & inputMask, (dataInput.get(index & inputMask) ?? 0) + empirical.probabilities[k]);
    return index;
  });
  let logLikelihood = 0;
  let negEntropy = 0;
  indices.forEach((index, k) => {
    const p = empirical.probabilities[k];
    logLikelihood += p * Math.log(visible[index] / marginal[index & inputMask]);
    negEntropy += p * Math.log(p / dataInput.get(index & inputMask)!);
  });
  return { kl: negEntropy - logLikelihood, logLikelihood };
}
