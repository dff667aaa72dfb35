import type { EnergyModelSpec } from '../../compiler/types';
import { hebbParameters, hebbRefusal, storageReport } from '../../energy/hopfield/hebbModel';
import { cloneParameters, completeParameters } from '../../model/parameters';
import type { AlgorithmInfo, TrainingAlgorithm } from '../algorithm';

/** Hebb's rule for Hopfield networks (Mehlig §2.3). */
export const HEBB: AlgorithmInfo = {
  name: 'hebb',
  label: "Hebb's rule",
  description:
    "Stores the data rows as patterns x^µ (0 → −1) with w_ij = N⁻¹ Σ_µ x_i^µ x_j^µ and zero thresholds (Mehlig eqs. 2.25–2.26; " +
    'the diagram has no self-couplings, so the diagonal is zero). One epoch stores the data; pairs the diagram does not couple ' +
    'stay uncoupled. Reports the fraction of stored patterns that are fixed points and the one-step error rate. Models without hidden units.',
  defaultEpochs: 1,
  metrics: ['fixedPoints', 'oneStepErrors'],
  hyperparameters: [],
};

/** Hebb's rule: one pass stores every pattern; later epochs store the same data again (the weights do not change). */
export const hebbAlgorithm: TrainingAlgorithm = {
  info: HEBB,
  refuses(model) {
    if (model.type !== 'energy') return "Hebb's rule sets symmetric couplings of an energy model, not the parent links of a sigmoid belief network.";
    return hebbRefusal(model);
  },
  async start(model, data, args, initial) {
    const energy = model as EnergyModelSpec;
    // Before the first epoch: the given parameters, or zero weights (nothing stored yet).
    let params = completeParameters(energy, initial, args.seed, 0);
    return {
      async step() {
        const stored = hebbParameters(energy, data);
        params = stored.params;
        return { ...(await storageReport(stored.network, stored.patterns, data.rowCount)) };
      },
      parameters: () => cloneParameters(params),
      dispose() {},
    };
  },
};
