/** `npm run bench`: throughput figures of the exact-enumeration engine. Prints, never asserts. */
import { selectBackend, type BackendName } from '../../engine/backend/selectBackend';
import { compile } from '../../engine/compiler/compile';
import { builtinDataset } from '../../engine/data/builtin';
import { exactModelStatistics } from '../../engine/energy/exact';
import { trainModel } from '../../engine/train/train';
import { diagram, rbm } from '../engine/diagram/examples';
import { benchMeanField } from './meanField';
import { fullyCoupledModel, layeredModel, randomDataset, randomParameters } from '../engine/helpers/models';
import { benchApiLatency } from './apiLatency';
import { benchBelief } from './belief';
import { benchDatasets } from './datasets';
import { benchDigits } from './digits';
import { benchEnergySampling } from './energySampling';
import { benchExactTable } from './exactTable';
import { benchIntegrity } from './integrity';
import { benchJobs } from './jobs';
import { benchLikelihood } from './likelihood';
import { benchMainLoop } from './mainLoop';
import { benchRbm, benchRbmAis } from './rbm';
import { benchTempering } from './tempering';
import { benchTrajectory } from './trajectory';

const now = (): number => performance.now();

/** Median wall time in ms of `runs` calls after one warm-up call. */
async function time(runs: number, fn: () => unknown): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = now();
    await fn();
    samples.push(now() - t0);
  }
  return samples.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

async function trainingRate(model: ReturnType<typeof fullyCoupledModel>, data: ReturnType<typeof randomDataset>, epochs: number): Promise<number> {
  const t0 = now();
  await trainModel(model, data, { algorithm: 'boltzmann-exact', epochs, seed: 1, config: {} }, undefined, { onEpoch: () => {} });
  return epochs / ((now() - t0) / 1000);
}

async function benchBackend(preferred?: BackendName): Promise<void> {
  const backend = await selectBackend(preferred);
  console.log(`\nbackend: ${backend}`);
  const xor = fullyCoupledModel(3, 4, 'pm1');
  await trainingRate(xor, builtinDataset('xor')!, 20);
  console.log(`  boltzmann-exact, XOR machine (7 units, 21 couplings, 4 patterns): ${(await trainingRate(xor, builtinDataset('xor')!, 300)).toFixed(0)} epochs/s`);
  const bars = layeredModel(9, 7, 'pm1');
  console.log(`  boltzmann-exact, 9 visible + 7 hidden (lateral blocks), bars-and-stripes: ${(await trainingRate(bars, builtinDataset('bars-stripes-3x3')!, 20)).toFixed(1)} epochs/s`);
  for (const n of [12, 16, 20]) {
    const model = layeredModel(n / 2, n / 2, 'pm1');
    const params = randomParameters(model, n);
    const ms = await time(n === 20 ? 3 : 5, () => exactModelStatistics(model, params));
    console.log(`  exact enumeration N = ${n} (2^${n} states; log Z, ⟨s_i⟩, ⟨s_i s_j⟩): ${ms.toFixed(1)} ms`);
  }
}

/** The graph compiler on a 784×500 RBM block (no dense N×N matrix is built). */
async function benchCompiler(): Promise<void> {
  const mnistRbm = diagram([rbm('R', 784, 500, { visibleImageShape: { rows: 28, cols: 28 } })], [], undefined, 'binary01');
  const ms = await time(21, () => compile(mnistRbm));
  console.log(`compile 784×500 RBM: ${ms.toFixed(2)} ms`);
}

const forced = process.env.ATTRACTOR_BACKEND;
/** Sections in order; `npm run bench -- trajectory exactTable` runs only the named ones. */
const SECTIONS: [string, () => Promise<void>][] = [
  ['compiler', benchCompiler],
  ['backend', () => benchBackend()],
  ['meanField', benchMeanField],
  ['energySampling', benchEnergySampling],
  ['cpu', async () => (forced === undefined ? benchBackend('cpu') : undefined)],
  ['datasets', benchDatasets],
  ['integrity', benchIntegrity],
  ['rbm', () => benchRbm()],
  ['rbmAis', benchRbmAis],
  ['likelihood', benchLikelihood],
  ['tempering', benchTempering],
  ['belief', benchBelief],
  ['digits', benchDigits],
  ['jobs', benchJobs],
  ['mainLoop', benchMainLoop],
  ['apiLatency', benchApiLatency],
  ['trajectory', benchTrajectory],
  ['exactTable', benchExactTable],
];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const unknown = wanted.filter((name) => !SECTIONS.some(([section]) => section === name));
if (unknown.length > 0) {
  console.error(`Unknown bench section ${unknown.join(', ')}; sections: ${SECTIONS.map(([name]) => name).join(', ')}.`);
  process.exit(2);
}
for (const [name, run] of SECTIONS) if (wanted.length === 0 || wanted.includes(name)) await run();
