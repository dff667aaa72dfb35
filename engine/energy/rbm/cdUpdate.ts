import * as tf from '@tensorflow/tfjs';
import { resolveCdArgs, type CdArgs } from './cdArgs';
import { disposeRbmTensors, hiddenFields, sampleUnits, unitMeans, uploadRbm, visibleFields, type RbmTensors } from './layers';
import type { UniformNoise } from './noise';
import { temperingLadder } from '../sampling/tempering';
import { temperedBlockGibbs } from './tempering';
import type { RbmView } from './view';

/** Noise streams of an update: hidden samples from one, visible samples from the other (the same object in one process; hidden-unit shards share only the visible stream). */
export interface CdNoise {
  hidden: UniformNoise;
  visible: UniformNoise;
}

/** Tensors an update replaces. */
export interface TrainState {
  rbm: RbmTensors;
  velocity?: { weights: tf.Tensor2D; visibleBias: tf.Tensor2D; hiddenBias: tf.Tensor2D };
  /** PCD: hidden states of the persistent chains, H × chains (with tempering: the β = 1 replica). */
  chainHidden?: tf.Tensor2D;
  /** PCD with tempering: hidden states of replicas 1 … R − 1, H × chains each. */
  replicaHidden?: tf.Tensor2D[];
  /** PCD with tempering: accepted and attempted swaps per adjacent pair since they were last cleared, length R − 1. */
  swapAccepted?: tf.Tensor1D;
  swapAttempts?: tf.Tensor1D;
  /** PCD with tempering: swap rounds done (the parity of the next one picks the pairs). */
  swapRound?: number;
}

/** Frees every tensor of `state`. */
export function disposeState(state: TrainState): void {
  disposeRbmTensors(state.rbm);
  if (state.velocity) tf.dispose([state.velocity.weights, state.velocity.visibleBias, state.velocity.hiddenBias]);
  state.chainHidden?.dispose();
  tf.dispose([...(state.replicaHidden ?? []), ...(state.swapAccepted ? [state.swapAccepted] : []), ...(state.swapAttempts ? [state.swapAttempts] : [])]);
}

/** Raw increments of one minibatch before weight decay and momentum: ΔW (V × H), Δb (V × 1), Δc (H × 1). */
export interface CdSteps {
  weights: tf.Tensor2D;
  visibleBias: tf.Tensor2D;
  hiddenBias: tf.Tensor2D;
}

/** Hooks for running one minibatch on several backends at once. */
export interface CdUpdateHooks {
  /** 1 where a weight exists (V × H); omitted when every pair is joined. */
  mask?: tf.Tensor2D;
  /** Computes Wh + b; a hidden-unit shard passes one that sums every shard's partial fields W_s h_s. */
  fieldsOfVisible?: (rbm: RbmTensors, hidden: tf.Tensor2D) => tf.Tensor2D;
  /** Replaces the increments by their average over replicas that each ran part of the minibatch (data-parallel CD). */
  combineSteps?: (steps: CdSteps) => CdSteps;
}

/**
 * One minibatch update, Mehlig Algorithm 3 batched over the minibatch (column layout, data V × B):
 * h(0) ~ P(h | v(0) = x), then k alternations v(t) ~ P(v | h(t−1)), h(t) ~ P(h | v(t)); increments from
 * E[h | v(0)] v(0)ᵀ − E[h | v(k)] v(k)ᵀ (eqs. 4.38, 4.39). PCD starts the chains at `chainHidden` instead of h(0);
 * with config.replicas > 1 the k steps are parallel tempering (rbm/tempering.ts) and v(k) is the β = 1 replica.
 */
export function cdUpdate(state: TrainState, data: tf.Tensor2D, config: Required<CdArgs>, noise: CdNoise, hooks: CdUpdateHooks = {}): TrainState {
  const { mask, fieldsOfVisible = visibleFields, combineSteps } = hooks;
  const { rbm } = state;
  const encoding = rbm.encoding;
  const tempered = config.replicas > 1;
  if (tempered && (hooks.fieldsOfVisible || !state.chainHidden || state.replicaHidden?.length !== config.replicas - 1)) {
    throw new Error(`Parallel tempering needs ${config.replicas - 1} replica chains besides the persistent ones and all hidden units in one process: start it with startContrastiveDivergence`);
  }
  return tf.tidy(() => {
    const batch = data.shape[1];
    const positiveMeans = unitMeans(hiddenFields(rbm, data), encoding);
    let hidden = state.chainHidden ?? sampleUnits(positiveMeans, encoding, noise.hidden);
    let visible = data;
    let negativeMeans = positiveMeans;
    let swaps: ReturnType<typeof temperedBlockGibbs> | undefined;
    if (tempered) {
      swaps = temperedBlockGibbs(rbm, [hidden, ...state.replicaHidden!], temperingLadder(config.replicas, config.lowestBeta), config.k, state.swapRound ?? 0, noise);
      [visible, hidden] = [swaps.visible[0], swaps.hidden[0]];
      negativeMeans = unitMeans(swaps.fields[0], encoding);
    }
    for (let t = 1; t <= (tempered ? 0 : config.k); t++) {
      visible = sampleUnits(unitMeans(fieldsOfVisible(rbm, hidden), encoding), encoding, noise.visible);
      negativeMeans = unitMeans(hiddenFields(rbm, visible), encoding);
      if (t < config.k || config.persistent) hidden = sampleUnits(negativeMeans, encoding, noise.hidden);
    }
    const chains = visible.shape[1];
    const eta = config.learningRate;
    // One product for both phases: [v(0) v(k)] · [η/B E[h|v(0)], −η/C E[h|v(k)]]ᵀ, the weights η/B, −η/C uploaded once.
    const scales = new Float32Array(batch + chains).fill(eta / batch, 0, batch).fill(-eta / chains, batch);
    const phaseScale = tf.tensor2d(scales, [1, batch + chains]);
    const states = tf.concat([data, visible], 1);
    const scaledMeans = tf.mul(tf.concat([positiveMeans, negativeMeans], 1), phaseScale);
    let steps: CdSteps = {
      weights: tf.matMul(states, tf.transpose(scaledMeans)),
      visibleBias: tf.matMul(states, tf.reshape(phaseScale, [batch + chains, 1])),
      hiddenBias: tf.sum(scaledMeans, 1, true),
    };
    if (mask) steps.weights = tf.mul(steps.weights, mask);
    if (combineSteps) steps = combineSteps(steps);
    let { weights: weightStep, visibleBias: visibleStep, hiddenBias: hiddenStep } = steps;
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
      ...(swaps
        ? {
            replicaHidden: swaps.hidden.slice(1),
            swapAccepted: state.swapAccepted ? (tf.add(state.swapAccepted, swaps.accepted) as tf.Tensor1D) : swaps.accepted,
            swapAttempts: tf.add(state.swapAttempts ?? tf.zeros([config.replicas - 1]), tf.tensor1d(Float32Array.from(swaps.attempts))) as tf.Tensor1D,
            swapRound: swaps.round,
          }
        : {}),
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
 * ±1 units, [0, 1) for 0/1 units (hidden and visible blocks from their own streams when `noise` is a CdNoise).
 */
export function contrastiveDivergenceStep(state: CdState, batch: Float32Array, batchSize: number, args: CdArgs, noise: UniformNoise | CdNoise): CdState {
  const config = resolveCdArgs(args);
  const { view } = state;
  const { visibleCount: v, hiddenCount: h } = view;
  if (batch.length !== v * batchSize) throw new Error(`A batch of ${batchSize} patterns over ${v} visible units needs ${v * batchSize} values, got ${batch.length}`);
  if (config.persistent && state.chainHidden === undefined) throw new Error('Persistent CD needs the chains\' hidden states (chainHidden)');
  if (config.replicas > 1) throw new Error('One plain-data step runs plain Gibbs chains; parallel tempering keeps replica chains between steps: use startContrastiveDivergence');
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
    const next = cdUpdate(live, data, config, 'hidden' in noise ? noise : { hidden: noise, visible: noise }, { mask });
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
