import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { estimateRbmLikelihood } from '../../../../engine/energy/rbm/ais';
import { startContrastiveDivergence } from '../../../../engine/energy/rbm/cd';
import { rbmExactDataFit, rbmLogPartition } from '../../../../engine/energy/rbm/exact';
import { AIS_DEFAULTS } from '../../../../engine/likelihood/estimate';
import { loadMnistDigits } from '../../../../projects/datasets/mnist';
import { rbmModel, useTestBackend } from '../../helpers/models';

beforeAll(useTestBackend);

describe('acceptance: a 784×16 RBM trained by PCD on the digits', () => {
  it('forward and reverse AIS at the default settings lie within 0.3 nats of the exact log Z from enumerating the 2^16 hidden states', async () => {
    const { train } = await loadMnistDigits({ size: 28, threshold: 0.5, trainPerClass: 30, testPerClass: 0 });
    const model = rbmModel(784, 16, 'binary01');
    const session = await startContrastiveDivergence(model, train, { persistent: true, learningRate: 0.05, batchSize: 20, seed: 1 });
    for (let epoch = 0; epoch < 15; epoch++) await session.epoch();
    const view = session.view();
    session.dispose();
    const before = tf.memory().numTensors;
    const fit = await estimateRbmLikelihood(view, train, { data: train });
    expect(tf.memory().numTensors).toBe(before);
    const z = fit.logPartition!;
    const exact = rbmLogPartition(view);
    console.log(
      `784×16 PCD digits: exact log Z ${exact.toFixed(3)}; forward ${z.forward.logZ.toFixed(3)} ± ${z.forward.standardError.toFixed(3)} (effective ${z.forward.effectiveRuns.toFixed(1)}), ` +
        `reverse ${z.reverse!.logZ.toFixed(3)} ± ${z.reverse!.standardError.toFixed(3)} (effective ${z.reverse!.effectiveRuns.toFixed(1)}), ` +
        `uniform base ${z.otherBase!.logZ.toFixed(3)} ± ${z.otherBase!.standardError.toFixed(3)}; mean log-likelihood exact ${fit.exact!.toFixed(2)}; warnings ${z.warnings.map((w) => w.code).join(', ') || 'none'}`,
    );
    expect(z.provenance).toMatchObject({ temperatures: AIS_DEFAULTS.temperatures, runs: AIS_DEFAULTS.runs, base: 'data', reverseStart: 'exact' });
    expect(z.exact).toBeCloseTo(exact, 3);
    expect(fit.exact).toBeCloseTo(rbmExactDataFit(view, train).logLikelihood, 3);
    expect(Math.abs(z.forward.logZ - exact)).toBeLessThan(0.3);
    expect(Math.abs(z.reverse!.logZ - exact)).toBeLessThan(0.3);
  });
});
