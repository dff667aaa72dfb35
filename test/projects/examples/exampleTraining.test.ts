import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../../engine/compiler/compile';
import type { CompiledModel, EnergyModelSpec } from '../../../engine/compiler/types';
import { SPLIT_TEST, type BinaryDataset } from '../../../engine/data/dataset';
import { exactKlDivergence } from '../../../engine/energy/exact';
import { hebbParameters } from '../../../engine/energy/hopfield/hebbModel';
import { hopfieldRetrieve } from '../../../engine/energy/hopfield/retrieve';
import { inferRows } from '../../../engine/infer/runInference';
import { initialParameters, parametersFromModel, type ModelParameters } from '../../../engine/model/parameters';
import { trainModel, type TrainingRequest } from '../../../engine/train/train';
import { loadExample } from '../../../projects/examples';
import { algorithmsFor } from '../../../engine/train/catalog';
import { defaultAlgorithm, modelFamily, proposedValues } from '../../../renderer/src/train/algorithmDefaults';
import { useTestBackend } from '../../engine/helpers/models';

// Short training runs through the engine on the examples that are cheap to train: each does what its "try this" promises.

beforeAll(useTestBackend);

async function example(id: string): Promise<{ model: CompiledModel; data: BinaryDataset }> {
  const content = (await loadExample(id))!;
  const result = compile(content.diagrams[0]);
  if (!result.ok) throw new Error(`${id} does not compile`);
  return { model: result.model, data: content.datasets[0] };
}

/** The first `count` rows of `data` that are not test rows. */
function firstTrainingRows(data: BinaryDataset, count: number): BinaryDataset {
  const rows = [...Array(data.rowCount).keys()].filter((r) => data.split?.[r] !== SPLIT_TEST).slice(0, count);
  const bits = new Uint8Array(rows.length * data.width);
  rows.forEach((r, k) => bits.set(data.bits.subarray(r * data.width, (r + 1) * data.width), k * data.width));
  return { id: `${data.id}-first-${count}`, name: `${data.name} (first ${count})`, width: data.width, rowCount: rows.length, bits, imageShape: data.imageShape };
}

/** Trains and returns the final parameters with every epoch's metrics. */
async function train(model: CompiledModel, data: BinaryDataset, request: TrainingRequest): Promise<{ params: ModelParameters; epochs: Record<string, number>[] }> {
  const epochs: Record<string, number>[] = [];
  const params = await trainModel(model, data, request, undefined, { onEpoch: (e) => void epochs.push(e.metrics) });
  return { params, epochs };
}

describe('the examples train as their "try this" says', () => {
  it("Hopfield letters: one epoch of Hebb's rule makes all four letters fixed points; each comes back from a fifth of its pixels flipped", async () => {
    const { model, data } = await example('hopfield-retrieval');
    const before = tf.memory().numTensors;
    const { epochs } = await train(model, data, { algorithm: 'hebb', epochs: 1, seed: 1, config: {} });
    expect(epochs[0].fixedPoints).toBe(1);
    const { network, patterns } = hebbParameters(model as EnergyModelSpec, data);
    for (const seed of [0, 1, 2, 3, 4]) {
      const retrieval = await hopfieldRetrieve(network, patterns, data.rowCount, { distortion: 0.2, seed, update: 'asynchronous' });
      expect(Array.from(retrieval.retrieved), `corruption seed ${seed}`).toEqual([1, 1, 1, 1]);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('Peterson & Anderson: mean-field learning, input→output with 2 input units, gets every XOR output right', async () => {
    const { model, data } = await example('peterson-anderson-xor');
    const { epochs } = await train(model, data, { algorithm: 'meanfield-boltzmann', epochs: 150, seed: 0, config: { mode: 'input-output', inputUnits: 2 } });
    const errors = epochs.map((m) => m.outputError);
    expect(errors[0]).toBeGreaterThan(0);
    expect(errors.at(-1)).toBe(0);
  });

  it('RBM on 3×3 bars and stripes: CD-1 as the Train panel proposes it (Start at once) brings KL(data‖model) from 3.6 below 1', async () => {
    const { model, data } = await example('rbm-bars-stripes');
    const energy = model as EnergyModelSpec;
    const cd = algorithmsFor(model).find((a) => a.name === 'cd')!;
    expect(defaultAlgorithm(modelFamily(model), algorithmsFor(model))?.name).toBe('cd');
    const proposed = proposedValues(cd, data.id, '1', data.rowCount);
    expect(proposed.epochs).toBe('1500');
    // Numbers as numbers, choices (the AIS base) as the words the form holds.
    const config = Object.fromEntries(Object.entries(proposed.config).map(([key, text]) => [key, Number.isNaN(Number(text)) ? text : Number(text)]));
    const untrained = exactKlDivergence(energy, initialParameters(model, 1, Number(config.initScale)), data);
    const { params } = await train(model, data, { algorithm: 'cd', epochs: Number(proposed.epochs), seed: 1, config });
    const trained = exactKlDivergence(energy, params, data);
    console.log(`RBM 9×8 on bars and stripes: KL ${untrained.toFixed(3)} → ${trained.toFixed(3)} after ${proposed.epochs} epochs of CD-1 as proposed`);
    expect(untrained).toBeGreaterThan(3);
    expect(trained).toBeLessThan(1);
  });

  // [example, algorithm, epochs, settings, metric, +1 when it should rise / −1 fall, the epoch compared with the first]:
  // for the stack, the bottom RBM's three epochs (the next three train H1–H2, whose error is on another scale).
  it.each([
    ['rbm-digits', 'cd', 3, {}, 'reconstructionError', -1, 3],
    ['sbn-digits', 'sbn-attractor', 3, { learningRate: 0.01 }, 'negLyapunov', 1, 3],
    ['dbn-digits', 'dbn-greedy', 6, { epochsPerLayer: 3 }, 'reconstructionError', -1, 3],
  ] as const)('%s: a few epochs of %s on 400 training digits improve its objective', async (id, algorithm, epochs, config, metric, direction, compared) => {
    const { model, data } = await example(id);
    const { epochs: metrics } = await train(model, firstTrainingRows(data, 400), { algorithm, epochs, seed: 1, config });
    const [first, later] = [metrics[0][metric], metrics[compared - 1][metric]];
    console.log(`${id}, ${algorithm}: ${metric} ${first.toFixed(4)} → ${later.toFixed(4)} at epoch ${compared}`);
    expect(direction * (later - first)).toBeGreaterThan(0);
  });

  it('2-4-6 belief net with its random parameters: exact ln P(V = 0) ≥ best mixture ≥ mean field, each bound below exact', async () => {
    const { model, data } = await example('sbn-2-4-6');
    const params = parametersFromModel(model)!;
    const value = async (method: string) => (await inferRows(model, params, data, { method, seed: 1 })).values![0];
    const exact = await value('exact');
    const meanField = await value('meanfield');
    const mixtures = [];
    // M = 3 and 4 left out: each mixture iterates to convergence, which takes seconds per component.
    for (const m of [1, 2, 5]) mixtures.push(await value(`mixture:${m}`));
    console.log(`2-4-6: exact ${exact.toFixed(4)}, mean field ${meanField.toFixed(4)}, mixtures ${mixtures.map((v) => v.toFixed(4)).join(', ')}`);
    const slack = 1e-6;
    expect(exact).toBeLessThan(0);
    for (const bound of [meanField, ...mixtures]) expect(bound).toBeLessThanOrEqual(exact + slack);
    expect(Math.max(...mixtures)).toBeGreaterThanOrEqual(meanField - slack);
    // Bishop et al. Fig. 1: the bound's error falls as components are added.
    expect(mixtures[1]).toBeGreaterThan(mixtures[0] + 1e-4);
    expect(mixtures[2]).toBeGreaterThan(mixtures[1] + 1e-4);
  });
});
