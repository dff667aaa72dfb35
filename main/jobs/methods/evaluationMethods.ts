/**
 * Evaluation jobs for every facade inference method with a per-row score: the mean over the data's distinct patterns of
 * ln P(v) (exact), its estimate (AIS, mean field on energy models), a lower bound (mean-field and mixture bounds) or −L,
 * and from it KL(P_data‖P_model) = Σ P_data ln P_data − mean ln P(v) (Mehlig eq. 4.18) — exact, estimated, or an upper
 * bound on it when the scores are lower bounds. Energy models keep the enumerating evaluation of exactEvaluation.ts.
 */
import { dataFit, empiricalDistribution } from '../../../engine/energy/empirical';
import { rbmStructureProblem } from '../../../engine/energy/rbm/view';
import { BELIEF_METHODS, ENERGY_METHODS, type InferenceQuantity } from '../../../engine/infer/methods';
import { exactEvaluation } from './exactEvaluation';
import { facadeMethodInfo, facadeRefusal, inferForJob, meanKey } from './inferenceMethods';
import { jobSteps } from './jobProgress';
import { perPattern, ROW_SCORED_METHODS } from './patternResults';
import { rbmExactEvaluation, rbmExactRefusal } from './rbmExactEvaluation';
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
      // AIS reads every row (its mean is then the one infer and the training monitor report), the others the distinct patterns.
      const rowScored = ROW_SCORED_METHODS.has(name);
      const ran = await inferForJob(name, input, rowScored ? data : patterns, context);
      if (!ran) return;
      const result = rowScored ? perPattern(ran, empirical) : ran;
      const quantity = result.quantity!;
      const fit = dataFit(empirical, result.values!);
      const klName = KL_NAME[quantity];
      const numeric = Object.entries(result.summary).filter((e): e is [string, number] => typeof e[1] === 'number' && e[0] !== 'meanValue');
      // As exactEvaluation names it for energy models.
      const meanName = quantity === 'logProbability' ? 'meanLogLikelihood' : meanKey(quantity);
      const exact = result.likelihood?.exact;
      const exactBeside: Record<string, number> = exact !== undefined ? { meanLogLikelihoodExact: exact } : {};
      const metrics: Record<string, number> = { [meanName]: fit.logLikelihood, ...(klName ? { [klName]: fit.kl } : {}), ...Object.fromEntries(numeric), ...exactBeside };
      const steps = jobSteps(name, rowScored ? data.rowCount : empirical.count);
      context.progress(steps, steps, metrics);
      context.output({
        kind: 'evaluation',
        name: `${generic.label} (${result.method}) on ${data.name}`,
        step: input.parameterStep,
        summary: {
          method: result.method,
          quantity,
          datasetId: data.id,
          datasetName: data.name,
          rows: data.rowCount,
          distinctPatterns: empirical.count,
          ...metrics,
          ...(result.likelihood ? { likelihood: result.likelihood } : {}),
        },
      });
    },
  };
}

/**
 * evaluate exact: enumeration of the energy model's states (exactEvaluation), of an RBM's smaller layer when the model
 * has more than 24 units (rbmExactEvaluation), or of a belief network's hidden units.
 */
const exactBoth: JobMethod = (() => {
  const belief = scoreEvaluation('exact');
  const byLayer = (model: Parameters<JobMethod['refuses']>[0]) => model.type === 'energy' && exactEvaluation.refuses(model) !== undefined && rbmExactRefusal(model) === undefined;
  const rbmSentence = 'RBMs of more units: by enumerating the smaller layer (at most 24 units), the other summed analytically.';
  return {
    info: { ...exactEvaluation.info, description: `${exactEvaluation.info.description} ${rbmSentence} Belief networks: the mean ln P(V) and KL by summing over the hidden units.` },
    infoFor: (model) => (model.type === 'energy' ? { ...exactEvaluation.info, description: `${exactEvaluation.info.description} ${rbmSentence}` } : belief.infoFor!(model)),
    refuses: (model) => {
      if (model.type === 'belief') return belief.refuses(model);
      const dense = exactEvaluation.refuses(model);
      return dense === undefined || rbmStructureProblem(model) !== undefined ? dense : rbmExactRefusal(model);
    },
    run: (input, context) => (input.model.type === 'belief' ? belief.run(input, context) : byLayer(input.model) ? rbmExactEvaluation(input, context) : exactEvaluation.run(input, context)),
  };
})();

/** One evaluation job per facade method with a per-row score (exact, meanfield, ais, attractor, mixture). */
export const EVALUATION_METHODS: readonly JobMethod[] = [
  exactBoth,
  ...[...new Set([...ENERGY_METHODS, ...BELIEF_METHODS].filter((m) => m.quantity !== undefined && m.name !== 'exact').map((m) => m.name))].map(scoreEvaluation),
];
