import * as tf from '@tensorflow/tfjs';
import type { EnergyModelSpec } from '../../compiler/types';
import type { BinaryDataset } from '../../data/dataset';
import { completeParameters, type ModelParameters } from '../../model/parameters';
import { createRandom, type SeededRandom } from '../../random/seeded';
import { resolveCdArgs, type CdArgs } from './cdArgs';
import { cdUpdate, disposeState, type TrainState } from './cdUpdate';
import { columnBatch, hiddenFields, sampleUnits, unitMeans, uploadRbm, visibleFields, type RbmTensors } from './layers';
import { createUniformNoise } from './noise';
import { temperingLadder } from '../sampling/tempering';
import { temperedStart } from './tempering';
import { rbmParameters, rbmView, type RbmView } from './view';

export { CD_DEFAULTS, resolveCdArgs, type CdArgs } from './cdArgs';
export { contrastiveDivergenceStep, type CdState } from './cdUpdate';

/** Rows used for the end-of-epoch reconstruction error. */
export const RECONSTRUCTION_ROWS = 1000;

/** A CD or PCD run held between epochs: tensors on the backend, the latest parameters in JS. */
export interface CdSession {
  /** One pass over the data in shuffled minibatches. */
  epoch(): Promise<void>;
  /** The model's parameters after the last epoch (a copy). */
  parameters(): ModelParameters;
  /** W, b, c after the last epoch (plain data, downloaded on first call after an epoch; shared: do not modify). */
  view(): RbmView;
  /** Mean over (up to RECONSTRUCTION_ROWS) data rows and visible units of (x − E[v | E[h|x]])², on the 0/1 scale. */
  reconstructionError(): Promise<number>;
  /** Epochs done so far. */
  epochs(): number;
  /** PCD with tempering (replicas > 1): accepted / attempted swaps per adjacent pair of replicas during the last epoch; else undefined. */
  swapAcceptance(): Float64Array | undefined;
  dispose(): void;
}

/** Fisher–Yates permutation of 0 … n − 1. */
export function shuffledRows(n: number, random: SeededRandom): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** Mean-field one-step reconstruction error of `rows` data rows (0/1 scale), computed on the backend. */
function reconstructionErrorOf(rbm: RbmTensors, data: BinaryDataset, rows: Int32Array): number {
  const width = data.width;
  let total = 0;
  for (let first = 0; first < rows.length; first += 500) {
    const part = rows.subarray(first, Math.min(rows.length, first + 500));
    const sum = tf.tidy(() => {
      const x = tf.tensor2d(columnBatch(data.bits, width, part, rbm.encoding), [width, part.length]);
      const reconstruction = unitMeans(visibleFields(rbm, unitMeans(hiddenFields(rbm, x), rbm.encoding)), rbm.encoding);
      const error = tf.sum(tf.square(tf.sub(x, reconstruction)));
      return rbm.encoding === 'pm1' ? tf.mul(error, 0.25) : error;
    });
    total += sum.dataSync()[0];
    sum.dispose();
  }
  return total / (rows.length * width);
}

/** Starts CD-k (or PCD with args.persistent) from `initial` (blocks it lacks drawn from N(0, initScale²) with the seed). */
export async function startContrastiveDivergence(
  model: EnergyModelSpec,
  data: BinaryDataset,
  args: CdArgs = {},
  initial?: ModelParameters,
): Promise<CdSession> {
  const config = resolveCdArgs(args);
  if (data.width !== model.visibleIndices.length) {
    throw new Error(`Dataset '${data.name}' has ${data.width} columns but the model has ${model.visibleIndices.length} visible units`);
  }
  if (data.rowCount === 0) throw new Error(`Dataset '${data.name}' has no rows`);
  const base = completeParameters(model, initial, config.seed, config.initScale);
  let current = rbmView(model, base);
  const root = createRandom(config.seed);
  const orderRandom = root.fork('cd-order');
  const noise = createUniformNoise(root.fork('cd-noise'));
  const streams = { hidden: noise, visible: noise };
  const evaluationRows = shuffledRows(data.rowCount, root.fork('cd-evaluation')).subarray(0, Math.min(data.rowCount, RECONSTRUCTION_ROWS));
  const width = data.width;
  const batchSize = Math.min(config.batchSize, data.rowCount);
  const mask = current.mask ? tf.tensor2d(current.mask, [width, current.hiddenCount]) : undefined;
  const state: TrainState = { rbm: uploadRbm(current) };
  if (config.momentum > 0) {
    state.velocity = {
      weights: tf.zeros([width, current.hiddenCount]),
      visibleBias: tf.zeros([width, 1]),
      hiddenBias: tf.zeros([current.hiddenCount, 1]),
    };
  }
  if (config.persistent) {
    const start = Int32Array.from({ length: config.chains }, () => orderRandom.int(data.rowCount));
    state.chainHidden = tf.tidy(() => {
      const x = tf.tensor2d(columnBatch(data.bits, width, start, current.encoding), [width, config.chains]);
      return sampleUnits(unitMeans(hiddenFields(state.rbm, x), current.encoding), current.encoding, noise);
    });
    if (config.replicas > 1) {
      // The hotter replicas start from the same rows, each at its own β (drawn after the β = 1 chains, which stay as plain PCD starts them).
      const x = tf.tensor2d(columnBatch(data.bits, width, start, current.encoding), [width, config.chains]);
      state.replicaHidden = temperedStart(state.rbm, x, temperingLadder(config.replicas, config.lowestBeta).subarray(1), noise);
      x.dispose();
    }
  }
  const buffer = new Float32Array(width * batchSize);
  let epochs = 0;
  let live = state;
  let downloaded = 0;
  let lastAcceptance: Float64Array | undefined;
  // Swap counts of the last epoch, downloaded only when asked.
  const readAcceptance = (): Float64Array | undefined => {
    if (!live.swapAccepted || !live.swapAttempts) return lastAcceptance;
    const accepted = live.swapAccepted.dataSync();
    const attempts = live.swapAttempts.dataSync();
    return Float64Array.from(accepted, (a, p) => (attempts[p] > 0 ? a / attempts[p] : NaN));
  };
  // Downloads W, b, c only when asked, so that many small epochs in a row never wait on the backend.
  const currentView = (): RbmView => {
    if (downloaded !== epochs) {
      const read = (t: tf.Tensor): Float32Array => Float32Array.from(t.dataSync());
      current = { ...current, weights: read(live.rbm.weights), visibleBias: read(live.rbm.visibleBias), hiddenBias: read(live.rbm.hiddenBias) };
      downloaded = epochs;
    }
    return current;
  };
  const session: CdSession = {
    async epoch() {
      const order = shuffledRows(data.rowCount, orderRandom);
      if (live.swapAccepted) {
        tf.dispose([live.swapAccepted, live.swapAttempts!]);
        live.swapAccepted = live.swapAttempts = undefined;
      }
      for (let first = 0; first < data.rowCount; first += batchSize) {
        const rows = order.subarray(first, Math.min(data.rowCount, first + batchSize));
        const values = columnBatch(data.bits, width, rows, current.encoding, rows.length === batchSize ? buffer : undefined);
        const batch = tf.tensor2d(values, [width, rows.length]);
        const next = cdUpdate(live, batch, config, streams, { mask });
        batch.dispose();
        disposeState(live);
        live = next;
      }
      epochs++;
    },
    parameters: () => rbmParameters(model, currentView(), base),
    view: currentView,
    reconstructionError: async () => reconstructionErrorOf(live.rbm, data, evaluationRows),
    epochs: () => epochs,
    swapAcceptance: () => (lastAcceptance = readAcceptance()),
    dispose() {
      disposeState(live);
      mask?.dispose();
    },
  };
  return session;
}

/** Result of a whole CD run: final parameters and the reconstruction error after each epoch. */
export interface CdResult {
  parameters: ModelParameters;
  reconstructionErrors: Float64Array;
}

/** Trains `model` on `data` for `epochs` epochs of CD-k / PCD and returns plain data (Mehlig Algorithm 3). */
export async function contrastiveDivergence(
  model: EnergyModelSpec,
  data: BinaryDataset,
  epochs: number,
  args: CdArgs = {},
  initial?: ModelParameters,
): Promise<CdResult> {
  if (!Number.isInteger(epochs) || epochs < 0) throw new Error(`Epochs must be a non-negative integer, got ${epochs}`);
  const session = await startContrastiveDivergence(model, data, args, initial);
  try {
    const reconstructionErrors = new Float64Array(epochs);
    for (let e = 0; e < epochs; e++) {
      await session.epoch();
      reconstructionErrors[e] = await session.reconstructionError();
    }
    return { parameters: session.parameters(), reconstructionErrors };
  } finally {
    session.dispose();
  }
}
