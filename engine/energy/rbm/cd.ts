import * as tf from '@tensorflow/tfjs';
import type { EnergyModelSpec } from '../../compiler/types';
import type { BinaryDataset } from '../../data/dataset';
import { completeParameters, type ModelParameters } from '../../model/parameters';
import { createRandom, type SeededRandom } from '../../random/seeded';
import { columnBatch, disposeRbmTensors, downloadRbm, hiddenFields, sampleUnits, unitMeans, uploadRbm, visibleFields, type RbmTensors } from './layers';
import { createUniformNoise, type UniformNoise } from './noise';
import { rbmParameters, rbmView, type RbmView } from './view';

/** Contrastive divergence CD-k (Mehlig Algorithm 3) and persistent CD (Tieleman 2008), with minibatches, momentum and weight decay. */
export interface CdArgs {
  /** Gibbs steps k of the negative chain (Mehlig Algorithm 3). Default 1. */
  k?: number;
  /** η: each minibatch changes w_mn by η times the minibatch mean of Mehlig eq. 4.38 (and b, c by eq. 4.39 likewise). Default 0.1. */
  learningRate?: number;
  /** Patterns per minibatch p₀ (Mehlig Algorithm 3); the last minibatch of an epoch may be smaller. Default 10. */
  batchSize?: number;
  /** μ in Δθ(t) = μ Δθ(t−1) + η(gradient − λw) (Hinton 2010, guide §9). Default 0. */
  momentum?: number;
  /** λ: L2 penalty on the weights (not the biases). Default 0. */
  weightDecay?: number;
  /** Persistent CD: the negative chains continue from their last state instead of restarting at the data. Default false. */
  persistent?: boolean;
  /** Number of persistent chains (PCD only). Default batchSize. */
  chains?: number;
  /** Seed of the initial weights, the minibatch order and the Gibbs noise. Default 0. */
  seed?: number;
  /** Standard deviation of the initial weights N(0, initScale²) (Hinton 2010, guide §8: 0.01). Default 0.01. */
  initScale?: number;
}

export const CD_DEFAULTS: Required<CdArgs> = {
  k: 1,
  learningRate: 0.1,
  batchSize: 10,
  momentum: 0,
  weightDecay: 0,
  persistent: false,
  chains: 0,
  seed: 0,
  initScale: 0.01,
};

/** Rows used for the end-of-epoch reconstruction error. */
export const RECONSTRUCTION_ROWS = 1000;

/** A CD or PCD run held between epochs: tensors on the backend, the latest parameters in JS. */
export interface CdSession {
  /** One pass over the data in shuffled minibatches. */
  epoch(): Promise<void>;
  /** The model's parameters after the last epoch (a copy). */
  parameters(): ModelParameters;
  /** W, b, c after the last epoch (plain data, shared: do not modify). */
  view(): RbmView;
  /** Mean over (up to RECONSTRUCTION_ROWS) data rows and visible units of (x − E[v | E[h|x]])², on the 0/1 scale. */
  reconstructionError(): Promise<number>;
  /** Epochs done so far. */
  epochs(): number;
  dispose(): void;
}

/** Checked, defaults-filled arguments. */
export function resolveCdArgs(args: CdArgs): Required<CdArgs> {
  const config = { ...CD_DEFAULTS, ...args };
  if (!Number.isInteger(config.k) || config.k < 1) throw new Error(`CD needs k ≥ 1 Gibbs steps (an integer), got ${config.k}`);
  if (!Number.isInteger(config.batchSize) || config.batchSize < 1) throw new Error(`Batch size must be a positive integer, got ${config.batchSize}`);
  if (!(config.momentum >= 0 && config.momentum < 1)) throw new Error(`Momentum must lie in [0, 1), got ${config.momentum}`);
  if (!(config.learningRate > 0)) throw new Error(`Learning rate must be positive, got ${config.learningRate}`);
  if (!(config.weightDecay >= 0)) throw new Error(`Weight decay must be ≥ 0, got ${config.weightDecay}`);
  if (config.chains === 0) config.chains = config.batchSize;
  if (!Number.isInteger(config.chains) || config.chains < 1) throw new Error(`Persistent chains must be a positive integer, got ${config.chains}`);
  return config;
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

/** Tensors an update replaces. */
interface TrainState {
  rbm: RbmTensors;
  velocity?: { weights: tf.Tensor2D; visibleBias: tf.Tensor2D; hiddenBias: tf.Tensor2D };
  /** PCD: hidden states of the persistent chains, H × chains. */
  chainHidden?: tf.Tensor2D;
}

function disposeState(state: TrainState): void {
  disposeRbmTensors(state.rbm);
  if (state.velocity) tf.dispose([state.velocity.weights, state.velocity.visibleBias, state.velocity.hiddenBias]);
  state.chainHidden?.dispose();
}

/**
 * One minibatch update, Mehlig Algorithm 3 batched over the minibatch (column layout, data V × B):
 * h(0) ~ P(h | v(0) = x), then k alternations v(t) ~ P(v | h(t−1)), h(t) ~ P(h | v(t)); increments from
 * E[h | v(0)] v(0)ᵀ − E[h | v(k)] v(k)ᵀ (eqs. 4.38, 4.39). PCD starts the chains at `chainHidden` instead of h(0).
 */
function update(state: TrainState, data: tf.Tensor2D, config: Required<CdArgs>, noise: UniformNoise, mask: tf.Tensor2D | undefined): TrainState {
  const { rbm } = state;
  const encoding = rbm.encoding;
  return tf.tidy(() => {
    const batch = data.shape[1];
    const positiveMeans = unitMeans(hiddenFields(rbm, data), encoding);
    let hidden = state.chainHidden ?? sampleUnits(positiveMeans, encoding, noise);
    let visible = data;
    let negativeMeans = positiveMeans;
    for (let t = 1; t <= config.k; t++) {
      visible = sampleUnits(unitMeans(visibleFields(rbm, hidden), encoding), encoding, noise);
      negativeMeans = unitMeans(hiddenFields(rbm, visible), encoding);
      if (t < config.k || config.persistent) hidden = sampleUnits(negativeMeans, encoding, noise);
    }
    const chains = visible.shape[1];
    const eta = config.learningRate;
    // One product for both phases: [v(0) v(k)] · [η/B E[h|v(0)], −η/C E[h|v(k)]]ᵀ.
    const states = tf.concat([data, visible], 1);
    const scaledMeans = tf.concat([tf.mul(positiveMeans, eta / batch), tf.mul(negativeMeans, -eta / chains)], 1);
    let weightStep: tf.Tensor2D = tf.matMul(states, tf.transpose(scaledMeans));
    if (mask) weightStep = tf.mul(weightStep, mask);
    const phaseScale = tf.concat([tf.fill([batch, 1], eta / batch), tf.fill([chains, 1], -eta / chains)]) as tf.Tensor2D;
    let visibleStep: tf.Tensor2D = tf.matMul(states, phaseScale);
    let hiddenStep: tf.Tensor2D = tf.sum(scaledMeans, 1, true);
    if (config.weightDecay > 0) weightStep = tf.sub(weightStep, tf.mul(rbm.weights, eta * config.weightDecay));
    let velocity: TrainState['velocity'];
    if (state.velocity) {
      const mu = config.momentum;
      weightStep = tf.add(tf.mul(state.velocity.weights, mu), weightStep);
      visibleStep = tf.add(tf.mul(state.velocity.visibleBias, mu), visibleStep);
      hiddenStep = tf.add(tf.mul(state.velocity.hiddenBias, mu), hiddenStep);
      velocity = { weights: weightStep, visibleBias: visibleStep, hiddenBias: hiddenStep };
    }
    const weights = tf.add(rbm.weights, weightStep) as tf.Tensor2D;
    const next: TrainState = {
      rbm: {
        ...rbm,
        weights,
        weightsT: tf.transpose(weights),
        visibleBias: tf.add(rbm.visibleBias, visibleStep),
        hiddenBias: tf.add(rbm.hiddenBias, hiddenStep),
      },
      velocity,
      chainHidden: config.persistent ? hidden : undefined,
    };
    return next as unknown as tf.TensorContainer;
  }) as unknown as TrainState;
}

/** Plain-data state of a CD/PCD run between minibatches. */
export interface CdState {
  view: RbmView;
  /** Momentum terms (present when momentum > 0): previous steps of W (V × H), b (V) and c (H). */
  velocity?: { weights: Float32Array; visibleBias: Float32Array; hiddenBias: Float32Array };
  /** PCD: hidden states of the persistent chains, H × chains in column layout (entry j·chains + r). */
  chainHidden?: Float32Array;
}

/**
 * One minibatch update on plain data (Mehlig Algorithm 3; PCD when args.persistent). `batch` holds unit values (±1 or 0/1)
 * of `batchSize` patterns in column layout (entry i·batchSize + μ). Noise is drawn in this order: h(0) (skipped by PCD),
 * then per step t = 1 … k: v(t), then h(t) when t < k or PCD; each H × B or V × B block in column layout, [−1, 1) for
 * ±1 units, [0, 1) for 0/1 units.
 */
export function contrastiveDivergenceStep(state: CdState, batch: Float32Array, batchSize: number, args: CdArgs, noise: UniformNoise): CdState {
  const config = resolveCdArgs(args);
  const { view } = state;
  const { visibleCount: v, hiddenCount: h } = view;
  if (batch.length !== v * batchSize) throw new Error(`A batch of ${batchSize} patterns over ${v} visible units needs ${v * batchSize} values, got ${batch.length}`);
  if (config.persistent && state.chainHidden === undefined) throw new Error('Persistent CD needs the chains\' hidden states (chainHidden)');
  const live: TrainState = { rbm: uploadRbm(view) };
  if (config.momentum > 0) {
    const velocity = state.velocity;
    live.velocity = {
      weights: tf.tensor2d(velocity?.weights ?? new Float32Array(v * h), [v, h]),
      visibleBias: tf.tensor2d(velocity?.visibleBias ?? new Float32Array(v), [v, 1]),
      hiddenBias: tf.tensor2d(velocity?.hiddenBias ?? new Float32Array(h), [h, 1]),
    };
  }
  if (config.persistent) live.chainHidden = tf.tensor2d(state.chainHidden!, [h, state.chainHidden!.length / h]);
  const mask = view.mask ? tf.tensor2d(view.mask, [v, h]) : undefined;
  const data = tf.tensor2d(batch, [v, batchSize]);
  try {
    const next = update(live, data, config, noise, mask);
    try {
      const read = (t: tf.Tensor): Float32Array => Float32Array.from(t.dataSync());
      return {
        view: { ...view, weights: read(next.rbm.weights), visibleBias: read(next.rbm.visibleBias), hiddenBias: read(next.rbm.hiddenBias) },
        ...(next.velocity
          ? { velocity: { weights: read(next.velocity.weights), visibleBias: read(next.velocity.visibleBias), hiddenBias: read(next.velocity.hiddenBias) } }
          : {}),
        ...(next.chainHidden ? { chainHidden: read(next.chainHidden) } : {}),
      };
    } finally {
      disposeState(next);
    }
  } finally {
    disposeState(live);
    tf.dispose([data, ...(mask ? [mask] : [])]);
  }
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
  }
  const buffer = new Float32Array(width * batchSize);
  let epochs = 0;
  let live = state;
  return {
    async epoch() {
      const order = shuffledRows(data.rowCount, orderRandom);
      for (let first = 0; first < data.rowCount; first += batchSize) {
        const rows = order.subarray(first, Math.min(data.rowCount, first + batchSize));
        const values = columnBatch(data.bits, width, rows, current.encoding, rows.length === batchSize ? buffer : undefined);
        const batch = tf.tensor2d(values, [width, rows.length]);
        const next = update(live, batch, config, noise, mask);
        batch.dispose();
        disposeState(live);
        live = next;
      }
      current = await downloadRbm(live.rbm, current);
      epochs++;
    },
    parameters: () => rbmParameters(model, current, base),
    view: () => current,
    reconstructionError: async () => reconstructionErrorOf(live.rbm, data, evaluationRows),
    epochs: () => epochs,
    dispose() {
      disposeState(live);
      mask?.dispose();
    },
  };
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
