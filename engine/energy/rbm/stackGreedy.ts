/**
 * Greedy layer-wise training of a stack of RBMs (Hinton, Osindero & Teh 2006, §4): the bottom RBM by CD-k on the data,
 * then each RBM above by CD-k on the hidden means or samples that the frozen RBMs below produce from the data.
 */
import * as tf from '@tensorflow/tfjs';
import type { CompiledModel } from '../../compiler/types';
import type { BinaryDataset } from '../../data/dataset';
import { completeParameters, type ModelParameters } from '../../model/parameters';
import { createRandom } from '../../random/seeded';
import { startContrastiveDivergence, shuffledRows, RECONSTRUCTION_ROWS, type CdSession } from './cd';
import type { CdArgs } from './cdArgs';
import { columnBatch, disposeRbmTensors, hiddenFields, sampleUnits, unitMeans, uploadRbm, type RbmTensors } from './layers';
import { createUniformNoise, type UniformNoise } from './noise';
import { requireStack, type LayerStack } from './stack';
import { layerFigures, startStackLayer, type LayerRows, type StackLayerSession } from './stackLayer';
import { rbmParameters, rbmView, type RbmView } from './view';

/** What an upper RBM is trained on: the hidden means E[h | x] of the RBM below, or samples h ~ P(h | x) drawn afresh every epoch. */
export type Propagation = 'means' | 'samples';

/** Settings of a greedy run; the CD settings apply to every layer's RBM. */
export interface GreedyArgs extends Pick<CdArgs, 'k' | 'learningRate' | 'batchSize' | 'momentum' | 'weightDecay' | 'initScale'> {
  /** Epochs of CD-k per RBM before the next one up starts. Default 100. */
  epochsPerLayer?: number;
  /** How the data are passed up to train an RBM (Hinton et al. 2006 use samples; their code passes means). Default 'means'. */
  propagate?: Propagation;
  /** Seed of the initial weights and of every layer's minibatch order and Gibbs noise (the bottom RBM uses it exactly as CD does). Default 0. */
  seed?: number;
}

/** Defaults of GreedyArgs (the CD settings as CD_DEFAULTS). */
export const GREEDY_DEFAULTS = { epochsPerLayer: 100, propagate: 'means' as Propagation, seed: 0, initScale: 0.01 };

/** What one epoch of a greedy run reports. */
export interface GreedyEpoch {
  /** 1 for the bottom RBM (visible–H1), 2 for H1–H2, … */
  layer: number;
  /** Reconstruction error of that RBM's training rows (0/1 scale). */
  reconstructionError: number;
  /** Mean free energy of those rows under that RBM. */
  freeEnergy: number;
}

/** A greedy run in progress; owns its tensors until dispose(). */
export interface GreedySession {
  /** One epoch of the RBM whose turn it is (layer ⌊epochs done / epochsPerLayer⌋ + 1, the top one once all had theirs). */
  step(): Promise<GreedyEpoch>;
  /** The stack's parameters: each trained RBM's W, its visible bias on the layer below, the top trained RBM's hidden bias on its layer. */
  parameters(): ModelParameters;
  dispose(): void;
}

/** Rows per backend call of the upward pass. */
const PASS_CHUNK = 500;

/** The rows `frozen` RBMs make from the data, bottom up: means, or a sample at each layer from `noise`. */
function upwardRows(frozen: RbmTensors[], data: BinaryDataset, propagate: Propagation, noise: UniformNoise): LayerRows {
  const width = frozen[frozen.length - 1].hiddenCount;
  const values = new Float32Array(data.rowCount * width);
  const encoding = frozen[0].encoding;
  for (let first = 0; first < data.rowCount; first += PASS_CHUNK) {
    const rows = Int32Array.from({ length: Math.min(PASS_CHUNK, data.rowCount - first) }, (_, k) => first + k);
    const top = tf.tidy(() => {
      let x = tf.tensor2d(columnBatch(data.bits, data.width, rows, encoding), [data.width, rows.length]);
      for (const rbm of frozen) {
        const means = unitMeans(hiddenFields(rbm, x), encoding);
        x = propagate === 'samples' ? sampleUnits(means, encoding, noise) : means;
      }
      return x;
    });
    const columns = top.dataSync();
    top.dispose();
    for (let b = 0; b < rows.length; b++) for (let j = 0; j < width; j++) values[(first + b) * width + j] = columns[j * rows.length + b];
  }
  return { width, rowCount: data.rowCount, values };
}

/** Checked, defaults-filled greedy settings. */
function resolveGreedyArgs(args: GreedyArgs): GreedyArgs & typeof GREEDY_DEFAULTS {
  const config = { ...GREEDY_DEFAULTS, ...args };
  if (!Number.isInteger(config.epochsPerLayer) || config.epochsPerLayer < 1) throw new Error(`Epochs per layer must be a whole number ≥ 1, got ${config.epochsPerLayer}`);
  if (config.propagate !== 'means' && config.propagate !== 'samples') throw new Error(`Propagate must be 'means' or 'samples', got '${String(config.propagate)}'`);
  return config;
}

/**
 * Starts greedy training of the stack `model` on `data` from `initial` (blocks it lacks drawn from N(0, initScale²) with the
 * seed). The bottom RBM is startContrastiveDivergence itself, with the run's seed; RBM l above gets its own fork of the seed.
 */
export async function startGreedyTraining(model: CompiledModel, data: BinaryDataset, args: GreedyArgs = {}, initial?: ModelParameters): Promise<GreedySession> {
  const config = resolveGreedyArgs(args);
  const stack: LayerStack = requireStack(model);
  const base = completeParameters(model, initial, config.seed, config.initScale);
  const cdArgs: CdArgs = { k: config.k, learningRate: config.learningRate, batchSize: config.batchSize, momentum: config.momentum, weightDecay: config.weightDecay, initScale: config.initScale };
  const defined = Object.fromEntries(Object.entries(cdArgs).filter(([, v]) => v !== undefined)) as CdArgs;
  const root = createRandom(config.seed);
  const passNoise = createUniformNoise(root.fork('dbn-propagate'));
  const bottom: CdSession = await startContrastiveDivergence(stack.rbms[0], data, { ...defined, seed: config.seed }, base);
  // The rows whose free energy the bottom RBM reports, as columns in the model's unit values (uploaded each epoch).
  const bottomEvaluation = shuffledRows(data.rowCount, root.fork('dbn-evaluation')).subarray(0, Math.min(data.rowCount, RECONSTRUCTION_ROWS));
  const bottomColumns = columnBatch(data.bits, data.width, bottomEvaluation, model.encoding);
  // Trained RBMs below the current one: their final views (for parameters) and tensors (for the upward pass).
  const views: RbmView[] = [];
  const frozen: RbmTensors[] = [];
  let upper: StackLayerSession | undefined;
  let bottomLive = true;
  let means: LayerRows | undefined;
  let done = 0;
  const current = () => views.length;
  const currentView = (): RbmView => (upper ? upper.view() : bottom.view());
  const advance = () => {
    const finished = currentView();
    views.push(finished);
    frozen.push(uploadRbm(finished));
    if (upper) upper.dispose();
    else {
      bottom.dispose();
      bottomLive = false;
    }
    const l = current();
    upper = startStackLayer(rbmView(stack.rbms[l], base), data.rowCount, { ...defined, seed: root.fork(`dbn-layer-${l + 1}`).int(2 ** 31) });
    means = config.propagate === 'means' ? upwardRows(frozen, data, 'means', passNoise) : undefined;
  };
  return {
    async step() {
      const due = Math.min(stack.rbms.length - 1, Math.floor(done / config.epochsPerLayer));
      while (current() < due) advance();
      done++;
      if (!upper) {
        await bottom.epoch();
        const reconstructionError = await bottom.reconstructionError();
        const rbm = uploadRbm(bottom.view());
        const { freeEnergy } = layerFigures(rbm, bottomColumns, bottomEvaluation.length);
        disposeRbmTensors(rbm);
        return { layer: 1, reconstructionError, freeEnergy };
      }
      const rows = means ?? upwardRows(frozen, data, 'samples', passNoise);
      upper.epoch(rows);
      return { layer: current() + 1, ...upper.figures(rows) };
    },
    parameters() {
      let params = base;
      [...views, currentView()].forEach((view, l) => (params = rbmParameters(stack.rbms[l], view, params)));
      return params;
    },
    dispose() {
      if (bottomLive) bottom.dispose();
      upper?.dispose();
      frozen.forEach(disposeRbmTensors);
    },
  };
}
