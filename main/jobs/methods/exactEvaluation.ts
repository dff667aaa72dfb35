import type { BinaryDataset } from '../../../engine/data/dataset';
import { dataFit, empiricalDistribution } from '../../../engine/energy/empirical';
import { exactClampedSummary, exactModelStatistics, exactVisibleDistribution } from '../../../engine/energy/exact';
import type { JobMethod } from './types';
import { energyModel, exactRefusal } from './exactShared';

/** Largest visible width whose full distribution P(v) (2^V values) is stored with the evaluation. */
export const MAX_STORED_DISTRIBUTION_WIDTH = 16;

/**
 * How well a model fits data, exactly: log Z, the mean log-likelihood Σ_μ P_data(v_μ) log P(v_μ) and
 * KL(P_data‖P_model) (Mehlig eqs. 4.17–4.18), by enumerating all states; with at most 16 visible units also P(v) itself.
 */
export const exactEvaluation: JobMethod = {
  info: {
    kind: 'evaluate',
    name: 'exact',
    label: 'Exact evaluation',
    description: 'log Z, the mean log-likelihood of the data and KL(P_data‖P_model) in nats, by enumerating all 2^N states.',
    needsData: true,
    hyperparameters: [],
  },
  refuses: (model) => exactRefusal(model, 'Exact evaluation'),
  async run({ model: compiled, parameters, dataset, parameterStep }, context) {
    const model = energyModel(compiled);
    const data = dataset as BinaryDataset;
    const { logPartition } = exactModelStatistics(model, parameters);
    const empirical = empiricalDistribution(data);
    const { logProbabilities } = exactClampedSummary(model, parameters, empirical.patterns, empirical.count);
    const fit = dataFit(empirical, logProbabilities);
    const metrics = { logPartition, meanLogLikelihood: fit.logLikelihood, kl: fit.kl };
    context.progress(1, 1, metrics);
    await context.between();
    if (context.signal.aborted) return;
    const width = model.visibleIndices.length;
    const distribution = width <= MAX_STORED_DISTRIBUTION_WIDTH ? Float32Array.from(exactVisibleDistribution(model, parameters)) : undefined;
    context.output({
      kind: 'evaluation',
      name: `Exact evaluation on ${data.name}`,
      step: parameterStep,
      summary: {
        method: 'exact',
        datasetId: data.id,
        datasetName: data.name,
        rows: data.rowCount,
        distinctPatterns: empirical.count,
        ...metrics,
        ...(distribution ? { array: 'P(v) of every visible pattern; bit k of the index is visible unit k' } : {}),
      },
      ...(distribution ? { array: { dtype: 'float32' as const, shape: [2 ** width], values: distribution } } : {}),
    });
  },
};
