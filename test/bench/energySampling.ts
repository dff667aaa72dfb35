/** Throughput of the energy-model samplers, Hopfield dynamics and sampled Boltzmann learning. Prints, never asserts. */
import { currentBackend, selectBackend, type BackendName } from '../../engine/backend/selectBackend';
import { builtinDataset } from '../../engine/data/builtin';
import { hopfieldRun } from '../../engine/energy/hopfield/dynamics';
import { hebbNetwork } from '../../engine/energy/hopfield/network';
import { startBoltzmannSampled } from '../../engine/energy/sampling/boltzmannSampled';
import { createChainSet, type SamplerMethod, type SweepOrder } from '../../engine/energy/sampling/chains';
import type { EnergyModelSpec } from '../../engine/compiler/types';
import type { ModelParameters } from '../../engine/model/parameters';
import { createRandom } from '../../engine/random/seeded';
import { fullyCoupledModel, layeredModel, randomParameters, rbmModel } from '../engine/helpers/models';

const now = (): number => performance.now();

/** Sweeps per second of `chains` chains (after `warm` unrecorded sweeps), timed over at least `minMs`. */
function sweepRate(model: EnergyModelSpec, params: ModelParameters, chains: number, method: SamplerMethod, order: SweepOrder, minMs = 1500): { rate: number; classes: number } {
  const set = createChainSet(model, params, { chains, random: createRandom(1) });
  try {
    for (let k = 0; k < 3; k++) set.sweep(1, method, order);
    set.states.dataSync();
    let sweeps = 0;
    const t0 = now();
    while (now() - t0 < minMs) {
      set.sweep(1, method, order);
      sweeps++;
    }
    set.states.dataSync();
    return { rate: sweeps / ((now() - t0) / 1000), classes: set.colourGroups };
  } finally {
    set.dispose();
  }
}

async function benchGibbs(): Promise<void> {
  const dense = layeredModel(100, 0, 'pm1');
  const denseParams = randomParameters(dense, 1, 1 / Math.sqrt(100), 0.1);
  const colour = sweepRate(dense, denseParams, 256, 'gibbs', 'colour');
  console.log(
    `  Gibbs, fully connected 100-unit ±1 machine, 256 chains: ${colour.rate.toFixed(0)} sweeps/s ` +
      `(${colour.classes} colour classes of one unit: the sweep is sequential; target 1100)`,
  );
  const metropolis = sweepRate(dense, denseParams, 256, 'metropolis', 'colour');
  console.log(`  Metropolis, same machine and chains: ${metropolis.rate.toFixed(0)} sweeps/s`);
  const rbm = rbmModel(784, 500, 'binary01');
  const rbmParams = randomParameters(rbm, 2, 0.01, 0.1);
  const block = sweepRate(rbm, rbmParams, 100, 'gibbs', 'colour');
  console.log(`  block Gibbs, 784×500 RBM (0/1 units), 100 chains: ${block.rate.toFixed(0)} sweeps/s (${block.classes} colour classes)`);
  const xor = fullyCoupledModel(3, 4, 'pm1');
  const xorParams = randomParameters(xor, 3, 0.5, 0.3);
  const small = sweepRate(xor, xorParams, 1024, 'gibbs', 'colour');
  console.log(`  Gibbs, XOR machine (7 units), 1024 chains: ${small.rate.toFixed(0)} sweeps/s = ${((small.rate * 1024) / 1e3).toFixed(0)}k chain-sweeps/s`);
}

async function benchLearning(): Promise<void> {
  const xor = builtinDataset('xor')!;
  const model = fullyCoupledModel(3, 4, 'pm1');
  for (const chainMode of ['persistent', 'annealed'] as const) {
    const session = startBoltzmannSampled(model, xor, { seed: 5, chainMode });
    for (let k = 0; k < 5; k++) await session.step();
    const epochs = chainMode === 'persistent' ? 100 : 20;
    const t0 = now();
    for (let k = 0; k < epochs; k++) await session.step();
    console.log(`  boltzmann (sampled, ${chainMode} chains, 1024 per phase), XOR machine: ${(epochs / ((now() - t0) / 1000)).toFixed(0)} epochs/s`);
    session.dispose();
  }
}

async function benchHopfield(): Promise<void> {
  const n = 1000;
  const random = createRandom(4);
  for (const p of [100, 200]) {
    const patterns = Float32Array.from({ length: p * n }, () => (random.next() < 0.5 ? -1 : 1));
    let t0 = now();
    const network = hebbNetwork(patterns, p);
    const hebbMs = now() - t0;
    t0 = now();
    await hopfieldRun(network, patterns, p, { update: 'synchronous', sweeps: 1 });
    const stepMs = now() - t0;
    t0 = now();
    const run = await hopfieldRun(network, patterns.subarray(0, 16 * n), 16, { update: 'asynchronous', seed: 1 });
    const asyncMs = now() - t0;
    const flips = run.flips.reduce((a, b) => a + b, 0);
    console.log(
      `  Hopfield N = ${n}, p = ${p}: Hebb's rule ${hebbMs.toFixed(0)} ms; one synchronous step of all ${p} patterns ${stepMs.toFixed(0)} ms; ` +
        `asynchronous dynamics of 16 cued patterns to their fixed points ${asyncMs.toFixed(0)} ms (${run.sweeps} sweeps, ${flips} flips)`,
    );
  }
}

/** Energy sampling figures on the backend in use, and on the cpu backend when none is forced. */
export async function benchEnergySampling(): Promise<void> {
  const forced = process.env.ATTRACTOR_BACKEND;
  const backends: (BackendName | undefined)[] = forced === undefined ? [undefined, 'cpu'] : [undefined];
  for (const preferred of backends) {
    await selectBackend(preferred);
    console.log(`\nenergy sampling, backend: ${currentBackend()}`);
    await benchGibbs();
    if (preferred === undefined) {
      await benchLearning();
      await benchHopfield();
    }
  }
  await selectBackend();
}
