/** Mean-field figures for `npm run bench`: a 1000-unit Hopfield net's fixed points, and P&A XOR learning beside sampled Boltzmann learning. Prints, never asserts. */
import * as tf from '@tensorflow/tfjs';
import { compile } from '../../engine/compiler/compile';
import type { EnergyModelSpec } from '../../engine/compiler/types';
import { builtinDataset } from '../../engine/data/builtin';
import { hebbNetwork } from '../../engine/energy/hopfield/network';
import { meanFieldFixedPoint, type MeanFieldArgs } from '../../engine/energy/meanfield/fixedPoint';
import { startMeanFieldLearning } from '../../engine/energy/meanfield/learning';
import type { ModelParameters } from '../../engine/model/parameters';
import { createRandom } from '../../engine/random/seeded';
import { findAlgorithm } from '../../engine/train/catalog';
import { trainModel } from '../../engine/train/train';
import { coupling, diagram, layer } from '../engine/diagram/examples';
import { exactXorAccuracy, petersonAndersonXor } from '../engine/energy/meanfield/xorNet';

const seconds = (t0: number): number => (performance.now() - t0) / 1000;

/** Median seconds of three fixed-point runs capped at `iterations` (tolerance unreachable). */
function runTime(model: EnergyModelSpec, params: ModelParameters, args: MeanFieldArgs, iterations: number): number {
  const samples = [0, 1, 2].map(() => {
    const t0 = performance.now();
    meanFieldFixedPoint(model, params, { ...args, tolerance: 1e-30, maxIterations: iterations });
    return seconds(t0);
  });
  return samples.sort((a, b) => a - b)[1];
}

/** Iterations per second, from the time of `extra` more iterations than a short run (setup cancels), and the setup time. */
function iterationRate(model: EnergyModelSpec, params: ModelParameters, args: MeanFieldArgs, extra: number): { rate: number; setup: number } {
  const none = runTime(model, params, args, 0);
  const short = runTime(model, params, args, 2);
  const long = runTime(model, params, args, 2 + extra);
  return { rate: extra / (long - short), setup: none };
}

async function benchHopfield(): Promise<void> {
  const n = 1000;
  const p = 100;
  const random = createRandom(7);
  const patterns = Float32Array.from({ length: p * n }, () => (random.next() < 0.5 ? -1 : 1));
  const hebb = hebbNetwork(patterns, p);
  const compiled = compile(diagram([layer('v', 'visible', n)], [coupling('vv', 'v', 'v')]));
  if (!compiled.ok || compiled.model.type !== 'energy') throw new Error('Hopfield layer did not compile');
  const model = compiled.model;
  const params: ModelParameters = { weights: { vv: hebb.couplings.map((c) => c * hebb.couplingScale) }, biases: { v: new Float32Array(n) } };
  const corrupted = patterns.map((x) => (random.next() < 0.1 ? -x : x));
  const beta = 4;
  const base: MeanFieldArgs = { beta, initial: corrupted };
  console.log(`  Hopfield N = ${n}, p = ${p} (α = ${p / n}), Hebb 1/N zero diagonal, β = ${beta}, batch of ${p} starts (stored patterns, 10 % bits flipped):`);
  const sync = iterationRate(model, params, { ...base, update: 'synchronous' }, 60);
  console.log(`    W built from the weight block and one residual check: ${(sync.setup * 1000).toFixed(0)} ms`);
  console.log(`    synchronous (damping 0.5): ${sync.rate.toFixed(1)} iterations/s of the whole batch (${(sync.rate * p).toFixed(0)} pattern-iterations/s)`);
  const seq = iterationRate(model, params, { ...base, update: 'sequential' }, 2);
  console.log(`    sequential (${n} independent sets of 1 unit): ${seq.rate.toFixed(2)} sweeps/s of the whole batch`);
  const t0 = performance.now();
  const result = meanFieldFixedPoint(model, params, { ...base, update: 'synchronous', tolerance: 1e-5, maxIterations: 2000 });
  let own = 0;
  for (let k = 0; k < p * n; k++) own += (result.means[k] * patterns[k]) / (n * p);
  console.log(
    `    to convergence: ${result.iterations} iterations, ${seconds(t0).toFixed(2)} s, residual ${result.residual.toExponential(1)}, ` +
      `converged ${result.converged}, mean overlap m_µ with the pattern started from ${own.toFixed(3)}`,
  );
}

/** Weight updates and seconds until all four XOR outputs are right (`solved`), or the budget runs out. */
interface Race {
  updates: number;
  seconds: number;
  solved: boolean;
}

async function meanFieldRace(seed: number, budget: number): Promise<Race & { exact: number }> {
  const model = petersonAndersonXor();
  const t0 = performance.now();
  const session = await startMeanFieldLearning(model, builtinDataset('xor')!, { mode: 'input-output', inputUnits: 2, seed });
  let metrics = session.metrics();
  while (metrics.outputError > 0 && session.updates() < budget) metrics = await session.step();
  const race = { updates: session.updates(), seconds: seconds(t0), solved: metrics.outputError === 0, exact: exactXorAccuracy(model, session.parameters()) };
  session.dispose();
  return race;
}

/** The sampled `boltzmann` algorithm (Gibbs phases) on the same net, judged by the exact P(y | x) after each epoch. */
async function sampledRace(seed: number, budget: number): Promise<Race | string> {
  const algorithm = findAlgorithm('boltzmann');
  if (algorithm === undefined) return "sampled Boltzmann learning ('boltzmann') is not registered yet";
  const model = petersonAndersonXor();
  const info = algorithm.infoFor?.(model) ?? algorithm.info;
  const config: Record<string, number | string> = {};
  if (info.choices?.some((c) => c.key === 'mode' && c.options.includes('input-output'))) config.mode = 'input-output';
  else return `'boltzmann' offers no input-output mode (choices: ${JSON.stringify(info.choices ?? [])})`;
  if (info.hyperparameters.some((h) => h.key === 'inputUnits')) config.inputUnits = 2;
  const abort = new AbortController();
  const t0 = performance.now();
  let race: Race = { updates: budget, seconds: 0, solved: false };
  await trainModel(model, builtinDataset('xor')!, { algorithm: 'boltzmann', epochs: budget, seed, config }, undefined, {
    signal: abort.signal,
    onEpoch: (e) => {
      if (race.solved || exactXorAccuracy(model, e.parameters) < 1) return;
      race = { updates: e.step, seconds: seconds(t0), solved: true };
      abort.abort();
    },
  }).catch((error: unknown) => {
    if (!abort.signal.aborted) throw error;
  });
  if (!race.solved) race.seconds = seconds(t0);
  return race;
}

async function benchXorLearning(): Promise<void> {
  console.log('  Peterson & Anderson XOR (2-4-1, ±1 units, input→output mode), until all 4 outputs are right:');
  for (const seed of [0, 1, 2, 3, 4]) {
    const mf = await meanFieldRace(seed, 1000);
    const mfText = mf.solved ? `${mf.updates} updates, ${(mf.seconds * 1000).toFixed(0)} ms (exact P(y|x) right for ${mf.exact * 4}/4)` : `not solved in ${mf.updates} updates`;
    const sampled = await sampledRace(seed, 2000);
    const sampledText =
      typeof sampled === 'string' ? sampled : sampled.solved ? `${sampled.updates} epochs, ${(sampled.seconds * 1000).toFixed(0)} ms` : `not solved in ${sampled.updates} epochs (${sampled.seconds.toFixed(1)} s)`;
    console.log(`    seed ${seed}: meanfield-boltzmann ${mfText}; boltzmann (Gibbs) ${sampledText}`);
  }
}

/** Mean-field figures on the current backend. */
export async function benchMeanField(): Promise<void> {
  console.log(`mean field (backend ${tf.getBackend()}):`);
  await benchHopfield();
  await benchXorLearning();
}
