/** Cost of the pseudo-likelihood monitor and of parallel tempering (sampler and PCD option). Prints, never asserts. */
import { builtinDataset } from '../../engine/data/builtin';
import type { BinaryDataset } from '../../engine/data/dataset';
import { startContrastiveDivergence } from '../../engine/energy/rbm/cd';
import { rbmPseudoLikelihood } from '../../engine/energy/rbm/pseudoLikelihood';
import { rbmView } from '../../engine/energy/rbm/view';
import { createTemperedChainSet, temperingLadder } from '../../engine/energy/sampling/tempering';
import { createRandom } from '../../engine/random/seeded';
import { sampleModel } from '../../engine/sample/runSampling';
import { randomDataset, randomParameters, rbmModel } from '../engine/helpers/models';

const now = (): number => performance.now();

/** Milliseconds per call of `fn`, over at least `minMs` after one warm-up call. */
async function msPer(fn: () => unknown, minMs = 1000): Promise<number> {
  await fn();
  let calls = 0;
  const t0 = now();
  while (now() - t0 < minMs) {
    await fn();
    calls++;
  }
  return (now() - t0) / calls;
}

/** The digits if built in (784 columns), else random rows of that width. */
const digitsOrRandom = (): BinaryDataset => {
  const digits = builtinDataset('digits');
  return digits && digits.width === 784 ? digits : randomDataset(784, 2000, 1);
};

export async function benchTempering(): Promise<void> {
  console.log('\ntempering and pseudo-likelihood (784×500 RBM, random weights σ = 0.01):');
  const model = rbmModel(784, 500, 'binary01');
  const params = randomParameters(model, 1, 0.01, 0.01);
  const view = rbmView(model, params);
  const data = digitsOrRandom();
  console.log(`  pseudo-likelihood, 1,000 rows (two free energies each): ${(await msPer(() => rbmPseudoLikelihood(view, data))).toFixed(1)} ms`);
  for (const replicas of [1, 8]) {
    const set = createTemperedChainSet(model, params, { chains: 100, random: createRandom(1), betas: temperingLadder(replicas, 0.1) });
    const ms = await msPer(() => {
      set.step('gibbs', 'colour');
      set.replicas[0].states.dataSync();
    });
    set.dispose();
    console.log(`  general tempered chains (colour classes, dense H), ${replicas} replica${replicas === 1 ? '' : 's'} × 100 chains: ${ms.toFixed(1)} ms per sweep + swap round`);
  }
  const sweeps = 20;
  const t0 = now();
  const drawn = await sampleModel(model, params, { method: 'tempering', count: 100, sweeps, replicas: 8 });
  const perSweep = (now() - t0) / sweeps;
  console.log(`  sample --method tempering (RBM block Gibbs), 8 replicas × 100 chains: ${perSweep.toFixed(1)} ms per sweep + swap round; swap rates ${Array.from(drawn.swapAcceptance!, (r) => r.toFixed(2)).join(' ')}`);
  for (const replicas of [1, 8]) {
    const session = await startContrastiveDivergence(model, data, { persistent: true, chains: 100, batchSize: 100, seed: 1, replicas, lowestBeta: 0.1 });
    const t0 = now();
    await session.epoch();
    const seconds = (now() - t0) / 1000;
    session.swapAcceptance();
    session.dispose();
    console.log(`  PCD-1 epoch over ${data.rowCount} rows (minibatch 100, 100 chains), replicas ${replicas}: ${seconds.toFixed(2)} s`);
  }
}
