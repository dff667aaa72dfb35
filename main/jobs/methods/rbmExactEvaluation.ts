/**
 * evaluate exact for RBMs beyond the 24-unit enumeration of all states: log Z by walking the 2^n states of the smaller
 * layer (n ≤ 24) with the other layer summed analytically, −F(v) of every distinct pattern, and from them the mean
 * log-likelihood and KL(P_data‖P_model) (Mehlig eqs. 4.17–4.18) — the exact figure AIS is judged against.
 */
import type { BinaryDataset } from '../../../engine/data/dataset';
import { empiricalDistribution } from '../../../engine/energy/empirical';
import { MAX_ENUMERATED_LAYER } from '../../../engine/energy/rbm/exact';
import { rbmStructureProblem, rbmView } from '../../../engine/energy/rbm/view';
import { enumeratedDataFit } from '../../../engine/train/algorithms/rbmMonitor';
import type { JobMethod } from './types';
import { energyModel } from './exactShared';

/** Why the smaller-layer enumeration cannot evaluate `model`, or undefined. */
export function rbmExactRefusal(model: Parameters<JobMethod['refuses']>[0]): string | undefined {
  if (model.type !== 'energy') return 'Exact RBM evaluation needs an energy model';
  const problem = rbmStructureProblem(model);
  if (problem !== undefined) return problem;
  const smaller = Math.min(model.visibleIndices.length, model.hiddenIndices.length);
  return smaller > MAX_ENUMERATED_LAYER ? `Exact evaluation enumerates the smaller layer of an RBM and handles at most ${MAX_ENUMERATED_LAYER} units there; this RBM has ${smaller}: use ais` : undefined;
}

/** The exact evaluation of an RBM by its smaller layer; progress after every chunk of states, cancel in between. */
export const rbmExactEvaluation: JobMethod['run'] = async ({ model: compiled, parameters, dataset, parameterStep }, context) => {
  const model = energyModel(compiled);
  const data = dataset as BinaryDataset;
  const stop = new Error('cancelled');
  const empirical = empiricalDistribution(data);
  let steps = 1;
  try {
    const fit = await enumeratedDataFit(rbmView(model, parameters), empirical, async (done, chunks) => {
      steps = chunks + 1;
      context.progress(done, steps, {});
      await context.between();
      if (context.signal.aborted) throw stop;
    });
    const metrics = { logPartition: fit.logZ, meanLogLikelihood: fit.logLikelihood, kl: fit.kl };
    context.progress(steps, steps, metrics);
    context.output({
      kind: 'evaluation',
      name: `Exact evaluation on ${data.name}`,
      step: parameterStep,
      summary: { method: 'exact', datasetId: data.id, datasetName: data.name, rows: data.rowCount, distinctPatterns: empirical.count, enumeratedUnits: fit.enumeratedUnits, ...metrics },
    });
  } catch (error) {
    if (error !== stop) throw error;
  }
};
