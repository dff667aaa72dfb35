/**
 * Evaluation jobs for every facade inference method with a per-row score: the mean over the data's distinct patterns of
 * ln P(v) (exact), its estimate (AIS, mean field on energy models), a lower bound (mean-field and mixture bounds) or −L,
 * and from it KL(P_data‖P_model) = Σ P_data ln P_data − mean ln P(v) (Mehlig eq. 4.18) — exact, estimated, or an upper
 * bound on it when the scores are lower bounds. Energy models keep the enumerating evaluation of exactEvaluation.ts.
 */
import { dataFit, empiricalDistribution } from '../../../engine/energy/empirical';
import { BELIEF_METHODS, ENERGY_METHODS, type InferenceQuantity } from '../../../engine/infer/methods';
import { exactEvaluation } from './exactEvaluation';
import { facadeMethodInfo, facadeRefusal, inferForJob, meanKey } from './inferenceMethods';
import type { JobMethod } from './types';

/** What the KL figure is for each kind of score. */
const KL_NAME: Record<InferenceQuantity, string | undefined> = {
  logProbability: 'kl',
  logProbabilityEstimate: 'klEstimate',
  lowerBound: 'klUpperBound',
  negativeLyapunov: undefined,
};

/** The evaluation job of facade method `name` (belief networks and energy models, as the facade offers it). */
function scoreEvaluation(name: string): JobMethod {
  const offered = [...ENERGY_METHODS, ...BELIEF_METHODS].filter((m) => m.name === name && m.quantity !== undefined);
  const generic = offered[0];
  const own = (type: 'energy' | 'belief') => (type === 'energy' ? ENERGY_METHODS : BELIEF_METHODS).find((m) => m.name === name && m.quantity !== undefined);
  return {
    info: facadeMethodInfo('evaluate', generic, []),
    infoFor: (model) => facadeMethodInfo('evaluate', own(model.type) ?? generic, []),
    refuses: (model) => facadeRefusal(model, name, generic.label),
    async run(input, context) {
      const data = input.dataset!;
      const empirical = empiricalDistribution(data);
      const patterns = { id: data.id, name: data.name, width: data.width, rowCount: empirical.count, bits: empirical.patterns };
      const result = await inferForJob(name, input, patterns, context);
      if (!result) return;
      const quantity = result.quantity!;
      const fit = dataFit(empirical, result.values!);
      const klName = KL_NAME[quantity];
      const numeric = Object.entries(result.summary).filter((e): e is [string, number] => typeof e[1] === 'number' && e[0] !== 'meanValue');
      // As exactEvaluation names it for energy models.
      const meanName = quantity === 'logProbability' ? 'meanLogLikelihood' : meanKey(quantity);
      const metrics: Record<string, number> = { [meanName]: fit.logLikelihood, ...(klName ? { [klName]: fit.kl } : {}), ...Object.fromEntries(numeric) };
      context.progress(empirical.count, empirical.count, metrics);
      context.output({
        kind: 'evaluation',
        name: `${generic.label} (${result.method}) on ${data.name}`,
        step: input.parameterStep,
        summary: { method: result.method, quantity, datasetId: data.id, datasetName: data.name, rows: data.rowCount, distinctPatterns: empirical.count, ...metrics },
      });
    },
  };
}

/** evaluate exact: enumeration of the energy model's states (exactEvaluation), or of a belief network's hidden units. */
const exactBoth: JobMethod = (() => {
  const belief = scoreEvaluation('exact');
  const pick = (type: 'energy' | 'belief') => (type === 'energy' ? exactEvaluation : belief);
  return {
    info: { ...exactEvaluation.info, description: `${exactEvaluation.info.description} Belief networks: the mean ln P(V) and KL by summing over the hidden units.` },
    infoFor: (model) => (model.type === 'energy' ? exactEvaluation.info : belief.infoFor!(model)),
    refuses: (model) => pick(model.type).refuses(model),
    run: (input, context) => pick(input.model.type).run(input, context),
  };
})();

/** One evaluation job per facade method with a per-row score (exact, meanfield, ais, attractor, mixture). */
export const EVALUATION_METHODS: readonly JobMethod[] = [
  exactBoth,
  ...[...new Set([...ENERGY_METHODS, ...BELIEF_METHODS].filter((m) => m.quantity !== undefined && m.name !== 'exact').map((m) => m.name))].map(scoreEvaluation),
];
