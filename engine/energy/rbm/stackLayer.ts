/**
 * One upper RBM of a stack trained by CD-k on the layer below's hidden means or samples (real-valued rows, not a
 * BinaryDataset): the minibatch loop of startContrastiveDivergence around the same update kernel (cdUpdate).
 */
import * as tf from '@tensorflow/tfjs';
import { createRandom } from '../../random/seeded';
import { shuffledRows, RECONSTRUCTION_ROWS } from './cd';
import { resolveCdArgs, type CdArgs } from './cdArgs';
import { cdUpdate, disposeState, type TrainState } from './cdUpdate';
import { hiddenFields, logUnitPartition, unitMeans, uploadRbm, visibleFields, type RbmTensors } from './layers';
import { createUniformNoise } from './noise';
import type { RbmView } from './view';

/** Rows of unit values (±1 or 0/1 scale, means in between) feeding one RBM of a stack: rowCount × width, row-major. */
export interface LayerRows {
  width: number;
  rowCount: number;
  values: Float32Array;
}

/** Columns `rows` of `input` as a [width × rows.length] column-layout block (the layout of RbmTensors). */
export function rowColumns(input: LayerRows, rows: ArrayLike<number>): Float32Array {
  const { width } = input;
  const count = rows.length;
  const out = new Float32Array(width * count);
  for (let b = 0; b < count; b++) {
    const offset = rows[b] * width;
    for (let i = 0; i < width; i++) out[i * count + b] = input.values[offset + i];
  }
  return out;
}

/** Reconstruction error (0/1 scale) and mean free energy of column-layout states under an RBM. */
export interface LayerFigures {
  /** Mean over rows and units of (x − E[v | E[h | x]])², on the 0/1 scale (as CdSession.reconstructionError). */
  reconstructionError: number;
  /** Mean over rows of F(x) = −bᵀx − Σ_j log Σ_{h_j} e^{h_j (Wᵀx + c)_j} (Mehlig eq. 4.44 for the encoding's units). */
  freeEnergy: number;
}

/** The figures of `columns` ([visibleCount × count] column layout) under `rbm`, computed on the backend. */
export function layerFigures(rbm: RbmTensors, columns: Float32Array, count: number): LayerFigures {
  const [error, free] = tf.tidy(() => {
    const x = tf.tensor2d(columns, [rbm.visibleCount, count]);
    const fields = hiddenFields(rbm, x);
    const reconstruction = unitMeans(visibleFields(rbm, unitMeans(fields, rbm.encoding)), rbm.encoding);
    const squares = tf.sum(tf.square(tf.sub(x, reconstruction)));
    const visibleTerm = tf.sum(tf.mul(x, rbm.visibleBias));
    const freeEnergy = tf.neg(tf.add(visibleTerm, tf.sum(logUnitPartition(fields, rbm.encoding))));
    return [rbm.encoding === 'pm1' ? tf.mul(squares, 0.25) : squares, freeEnergy];
  });
  const values = [error.dataSync()[0], free.dataSync()[0]];
  tf.dispose([error, free]);
  return { reconstructionError: values[0] / (count * rbm.visibleCount), freeEnergy: values[1] / count };
}

/** An RBM of a stack in training: one epoch at a time over rows that may change between epochs (fresh samples). */
export interface StackLayerSession {
  /** One pass over `input` in shuffled minibatches (Mehlig Algorithm 3 per minibatch). */
  epoch(input: LayerRows): void;
  /** W, b, c after the last epoch (a fresh copy per call). */
  view(): RbmView;
  /** Figures of up to RECONSTRUCTION_ROWS rows of `input` (the same rows every epoch). */
  figures(input: LayerRows): LayerFigures;
  dispose(): void;
}

/** Starts CD-k (args as for startContrastiveDivergence; persistent chains and tempering are not offered) from `initial`. */
export function startStackLayer(initial: RbmView, rowCount: number, args: CdArgs): StackLayerSession {
  const config = resolveCdArgs({ ...args, persistent: false, replicas: 1 });
  const root = createRandom(config.seed);
  const orderRandom = root.fork('cd-order');
  const noise = createUniformNoise(root.fork('cd-noise'));
  const evaluationRows = shuffledRows(rowCount, root.fork('cd-evaluation')).subarray(0, Math.min(rowCount, RECONSTRUCTION_ROWS));
  const batchSize = Math.min(config.batchSize, rowCount);
  const { visibleCount: v, hiddenCount: h } = initial;
  const mask = initial.mask ? tf.tensor2d(initial.mask, [v, h]) : undefined;
  let live: TrainState = { rbm: uploadRbm(initial) };
  if (config.momentum > 0) live.velocity = { weights: tf.zeros([v, h]), visibleBias: tf.zeros([v, 1]), hiddenBias: tf.zeros([h, 1]) };
  const check = (input: LayerRows) => {
    if (input.width !== v || input.rowCount !== rowCount) throw new Error(`A stack layer of ${v} visible units trained on ${rowCount} rows got ${input.rowCount} rows of ${input.width}`);
  };
  return {
    epoch(input) {
      check(input);
      const order = shuffledRows(rowCount, orderRandom);
      for (let first = 0; first < rowCount; first += batchSize) {
        const rows = order.subarray(first, Math.min(rowCount, first + batchSize));
        const batch = tf.tensor2d(rowColumns(input, rows), [v, rows.length]);
        const next = cdUpdate(live, batch, config, { hidden: noise, visible: noise }, { mask });
        batch.dispose();
        disposeState(live);
        live = next;
      }
    },
    view() {
      const read = (t: tf.Tensor): Float32Array => Float32Array.from(t.dataSync());
      return { ...initial, weights: read(live.rbm.weights), visibleBias: read(live.rbm.visibleBias), hiddenBias: read(live.rbm.hiddenBias) };
    },
    figures(input) {
      check(input);
      return layerFigures(live.rbm, rowColumns(input, evaluationRows), evaluationRows.length);
    },
    dispose() {
      disposeState(live);
      mask?.dispose();
    },
  };
}
