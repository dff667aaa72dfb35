/** Sigmoid belief networks for `npm run bench`: the SJJ bound's speed, Bishop et al.'s 2-4-6 study and 4×4 bars learning. Prints, never asserts. */
import { selectBackend } from '../../engine/backend/selectBackend';
import { meanFieldBound } from '../../engine/belief/bound/meanField';
import { mixtureBound } from '../../engine/belief/bound/mixture';
import { BISHOP_2_4_6_ERRORS, boundStudy } from '../../engine/belief/bound/study';
import { exactBeliefInference } from '../../engine/belief/exact';
import { gibbsPosterior } from '../../engine/belief/gibbs';
import { createBoundTrainer } from '../../engine/belief/learning/boundLearning';
import { exactMeanLogLikelihood } from '../../engine/belief/learning/common';
import { beliefNetwork } from '../../engine/belief/network';
import { layeredBeliefSpec, randomLayeredBatch } from '../../engine/belief/randomNetworks';
import { hintonBars, hintonBarsDistribution } from '../../engine/data/generators';
import { completeParameters } from '../../engine/model/parameters';

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** SJJ mean-field bound on 5000 random 2-4-6 networks at once (target < 1 s), with exact enumeration for comparison. */
function benchBound(): void {
  const batch = randomLayeredBatch([2, 4, 6], 5000, 11);
  const evidence = { units: batch.visibleIndices, values: new Uint8Array(6), count: 1 };
  meanFieldBound(randomLayeredBatch([2, 4, 6], 50, 1), evidence);
  let start = performance.now();
  const bound = meanFieldBound(batch, evidence);
  const boundMs = performance.now() - start;
  start = performance.now();
  const exact = exactBeliefInference(batch, evidence);
  const exactMs = performance.now() - start;
  const violations = Array.from(bound.bound).filter((f, k) => f > exact.logLikelihood[k] + 1e-5).length;
  console.log(`  SJJ bound, 5000 random 2-4-6 networks batched: ${seconds(boundMs)} (${bound.sweeps} sweeps at most; target < 1 s); F > ln P(V) on ${violations}`);
  console.log(`  exact ln P(V) and marginals by enumeration (64 configurations each), same networks: ${seconds(exactMs)}`);
  start = performance.now();
  gibbsPosterior(randomLayeredBatch([2, 4, 6], 100, 12), evidence, { chains: 64, burnIn: 20, sweeps: 80 });
  const gibbsMs = performance.now() - start;
  console.log(`  Gibbs on P(H | V), 100 networks × 64 chains × 100 sweeps: ${seconds(gibbsMs)} (${((100 * 64 * 100) / (gibbsMs / 1000)).toFixed(0)} chain-sweeps/s)`);
}

/** Bishop et al. §3, Figure 1: mean normalised error (ln P(V) − F)/|ln P(V)| for M = 1…5 on 5000 networks (target < 60 s in total). */
function benchStudy(): void {
  const networks = Number(process.env.SBN_STUDY_NETWORKS ?? 5000);
  const maxSweeps = Number(process.env.SBN_STUDY_SWEEPS ?? 300);
  const rows = boundStudy({ networks, seed: 3, maxSweeps });
  console.log(`  Bishop et al. 2-4-6 study, ${networks} networks, bottom layer clamped to 0 (mixtures to tolerance 1e-5 or ${maxSweeps} sweeps):`);
  console.log('    M   mean (ln P − F)/|ln P|   ± s.e.     published   sweeps   time');
  for (const row of rows) {
    console.log(
      `    ${row.components}   ${row.meanError.toFixed(5).padStart(20)}   ${row.standardError.toFixed(5)}    ${BISHOP_2_4_6_ERRORS[row.components - 1].toFixed(5)}     ${String(row.sweeps).padStart(4)}   ${seconds(row.milliseconds)}`,
    );
  }
  console.log(`  study total: ${seconds(rows.reduce((s, r) => s + r.milliseconds, 0))} (target < 60 s)`);
}

/** Bishop et al. §3, Figure 3: a 1-8-16 network trained on 4×4 bars with 1 and with 5 components; exact log-likelihood per pattern. */
function benchBars(): void {
  const epochs = Number(process.env.SBN_BARS_EPOCHS ?? 30);
  const data = hintonBars(500, 1);
  const { dataset: all, probabilities } = hintonBarsDistribution(4);
  const spec = layeredBeliefSpec([1, 8, 16]);
  console.log(`  4×4 bars, 1-8-16 network, 500 draws, ${epochs} epochs (η = 1, batches of 25), exact ln P per pattern:`);
  for (const components of [1, 5]) {
    for (const seed of [1, 2]) {
      const start = performance.now();
      const trainer = createBoundTrainer(beliefNetwork(spec, completeParameters(spec, undefined, seed, 0.5)), data, {
        components,
        learningRate: 1,
        batchSize: 25,
        sweeps: components === 1 ? 50 : 10,
        seed,
      });
      let last = trainer.epoch();
      for (let e = 1; e < epochs; e++) last = trainer.epoch();
      const network = trainer.network();
      const perPattern = exactBeliefInference(network, { units: network.visibleIndices, values: all.bits, count: all.rowCount }).logLikelihood;
      const expected = probabilities.reduce((s, p, r) => s + p * perPattern[r], 0);
      const patterns = { units: network.visibleIndices, values: all.bits, count: all.rowCount };
      const bounds = components === 1 ? meanFieldBound(network, patterns).bound : mixtureBound(network, patterns, { components, maxSweeps: 300 }).bound;
      const expectedBound = probabilities.reduce((s, p, r) => s + p * bounds[r], 0);
      console.log(
        `    M = ${components}, seed ${seed}: training set ${exactMeanLogLikelihood(network, data)!.toFixed(3)}, ` +
          `expected under the bars distribution ${expected.toFixed(3)} (best possible ${(probabilities.reduce((s, p) => s + p * Math.log(p), 0)).toFixed(3)}), ` +
          `its bound there ${expectedBound.toFixed(3)} (last epoch's running mean ${last.bound.toFixed(3)}); ${seconds(performance.now() - start)}`,
      );
    }
  }
}

export async function benchBelief(): Promise<void> {
  console.log(`\nsigmoid belief networks (backend: ${await selectBackend()})`);
  benchBound();
  benchStudy();
  benchBars();
}
