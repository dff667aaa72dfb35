/** The sampling job of a deep belief net's fantasies (engine/sample/dbnFantasies.ts): stored as bits like every sampler's. */
import { DBN_FANTASY_METHOD, DBN_FANTASY_SAMPLER, dbnFantasyRefusal, sampleDbnFantasies } from '../../../engine/sample/dbnFantasies';
import type { DownPass } from '../../../engine/energy/rbm/stackFantasies';
import { unitNames } from './exactShared';
import type { JobMethod } from './types';

/** Fantasies of a stack of RBMs: Gibbs in the top RBM, one pass down to the visible units. */
export const dbnSampling: JobMethod = {
  info: {
    kind: 'sample',
    name: DBN_FANTASY_METHOD,
    label: DBN_FANTASY_SAMPLER.label,
    description: DBN_FANTASY_SAMPLER.description,
    needsData: false,
    hyperparameters: DBN_FANTASY_SAMPLER.options,
    choices: DBN_FANTASY_SAMPLER.choices,
    texts: [],
  },
  refuses: dbnFantasyRefusal,
  async run({ model, parameters, seed, hyper, choices, parameterStep }, context) {
    context.progress(0, hyper.sweeps, {});
    await context.between();
    if (context.signal.aborted) return;
    const stop = new Error('cancelled');
    let result: Awaited<ReturnType<typeof sampleDbnFantasies>>;
    try {
      result = await sampleDbnFantasies(model, parameters, {
        count: hyper.count,
        sweeps: hyper.sweeps,
        downPass: choices.downPass as DownPass,
        units: choices.units as 'visible' | 'all',
        seed,
        progress: async (done, total) => {
          if (done < total) context.progress(done, total, {});
          await context.between();
          if (context.signal.aborted) throw stop;
        },
      });
    } catch (error) {
      if (error === stop) return;
      throw error;
    }
    context.progress(1, 1, {});
    const names = unitNames(model);
    const plural = result.count === 1 ? 'y' : 'ies';
    context.output({
      kind: 'samples',
      name: `${result.count} fantas${plural} of the deep belief net`,
      step: parameterStep,
      summary: { method: DBN_FANTASY_METHOD, ...hyper, ...choices, encoding: model.encoding, columns: result.unitIndices.map((u) => names[u]), states: 'final' },
      array: { dtype: 'bits', shape: [result.count, result.width], values: result.samples },
    });
  },
};
