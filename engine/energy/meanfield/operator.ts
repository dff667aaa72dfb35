import * as tf from '@tensorflow/tfjs';
import type { EnergyModelSpec, WeightBlock } from '../../compiler/types';
import type { ModelParameters } from '../../model/parameters';
import type { CouplingLayout, UnitClass } from './layout';

/** A model's parameters on the backend: each weight block [rows, cols] and the bias vector b (natural unit order, length N). */
export interface ParameterTensors {
  weights: Record<string, tf.Tensor2D>;
  biases: tf.Tensor1D;
}

/** Uploads `params` (checked against the model's blocks, naming any missing or misshapen one). */
export function uploadParameters(model: EnergyModelSpec, params: ModelParameters): ParameterTensors {
  const biases = new Float32Array(model.unitCount);
  for (const bias of model.biasBlocks) {
    const values = params.biases[bias.nodeId];
    const length = bias.range.end - bias.range.start;
    if (values === undefined) throw new Error(`Parameters lack biases for node '${bias.nodeId}'`);
    if (values.length !== length) throw new Error(`Biases of '${bias.nodeId}' have ${values.length} values but the node has ${length} units`);
    for (let k = 0; k < length; k++) biases[bias.range.start + k] += values[k];
  }
  for (const block of model.weightBlocks) {
    const values = params.weights[block.key];
    if (values === undefined) throw new Error(`Parameters lack weights for block '${block.key}'`);
    if (values.length !== block.shape[0] * block.shape[1]) {
      throw new Error(`Weights '${block.key}' have ${values.length} values but the block is ${block.shape[0]}×${block.shape[1]}`);
    }
  }
  const weights = Object.fromEntries(model.weightBlocks.map((b) => [b.key, tf.tensor2d(params.weights[b.key], b.shape)]));
  return { weights, biases: tf.tensor1d(biases) };
}

/** Frees the tensors of uploadParameters. */
export function disposeParameters(tensors: ParameterTensors): void {
  tf.dispose([...Object.values(tensors.weights), tensors.biases]);
}

/** m ↦ m W for a batch of states m [B, N] (W symmetric, zero diagonal), in the layout's internal unit order. */
export interface CouplingOperator {
  layout: CouplingLayout;
  /** b in internal order, [1, N]. */
  biases: tf.Tensor2D;
  /** The entries of b that belong to independent set `c`, [1, size_c] (made on first use, owned by the operator). */
  classBias(c: number): tf.Tensor2D;
  /** m W, [B, N] → [B, N]. */
  couple(m: tf.Tensor2D): tf.Tensor2D;
  /** The columns of m W that belong to independent set `c`: [B, size_c]. */
  coupleClass(m: tf.Tensor2D, c: number): tf.Tensor2D;
  dispose(): void;
}

function denseCouplingMatrix(layout: CouplingLayout, tensors: ParameterTensors): tf.Tensor2D {
  const n = layout.unitCount;
  if (layout.scatterIndices === undefined) return tf.zeros([n, n]);
  const parts = layout.model.weightBlocks.flatMap((b) => {
    const flat = tf.reshape(tensors.weights[b.key], [-1]);
    // A lateral block holds both (i,j) and (j,i); W takes their mean, as dense.ts does.
    const scaled = b.lateral ? tf.mul(flat, 0.5) : flat;
    return [scaled, scaled];
  });
  const flat = tf.scatterND(layout.scatterIndices, tf.concat(parts), [n * n + 1]);
  return tf.reshape(tf.slice(flat, 0, n * n), [n, n]);
}

/** Zero where a block's row unit equals its column unit (only blocks whose ranges overlap have such entries). */
export function selfPairMask(block: WeightBlock): tf.Tensor2D | undefined {
  const [rows, cols] = block.shape;
  const mask = new Float32Array(rows * cols).fill(1);
  let any = false;
  for (let r = 0; r < rows; r++) {
    const c = block.rows.start + r - block.cols.start;
    if (c >= 0 && c < cols) {
      mask[r * cols + c] = 0;
      any = true;
    }
  }
  return any ? tf.tensor2d(mask, [rows, cols]) : undefined;
}

interface BlockTerm {
  /** Source range (read from m) and target range (written to the field). */
  from: { start: number; end: number };
  to: { start: number; end: number };
  matrix: tf.Tensor2D;
}

function blockTerms(layout: CouplingLayout, tensors: ParameterTensors): BlockTerm[] {
  const terms: BlockTerm[] = [];
  for (const b of layout.model.weightBlocks) {
    const mask = selfPairMask(b);
    // Always a new tensor: the operator owns its terms and must never free the caller's parameters.
    const values: tf.Tensor2D = mask ? tf.mul(tensors.weights[b.key], mask) : tf.clone(tensors.weights[b.key]);
    if (b.lateral) {
      terms.push({ from: b.rows, to: b.rows, matrix: tf.mul(tf.add(values, tf.transpose(values)), 0.5) });
    } else {
      terms.push({ from: b.rows, to: b.cols, matrix: values }, { from: b.cols, to: b.rows, matrix: tf.transpose(values) });
    }
  }
  return terms;
}

/**
 * Per-independent-set slices of `whole`, made on first use and kept in `owned` (a sweep over N singleton sets would
 * otherwise slice N times before any synchronous iteration needs none); `whole` itself when there is one set.
 */
export function perClass(layout: CouplingLayout, owned: tf.Tensor[], whole: tf.Tensor2D, make: (c: UnitClass) => tf.Tensor2D): (c: number) => tf.Tensor2D {
  const cache: tf.Tensor2D[] = [];
  return (c) => {
    if (layout.classes.length === 1) return whole;
    if (cache[c] === undefined) {
      cache[c] = tf.keep(make(layout.classes[c]));
      owned.push(cache[c]);
    }
    return cache[c];
  };
}

/** The coupling operator for one parameter setting; its tensors live until dispose(). */
export function createCouplingOperator(layout: CouplingLayout, tensors: ParameterTensors): CouplingOperator {
  const n = layout.unitCount;
  const order = layout.identity ? undefined : tf.tensor1d(layout.order, 'int32');
  const position = layout.identity ? undefined : tf.tensor1d(layout.position, 'int32');
  const toInternal = (x: tf.Tensor2D): tf.Tensor2D => (order ? tf.gather(x, order, 1) : x);
  const toNatural = (x: tf.Tensor2D): tf.Tensor2D => (position ? tf.gather(x, position, 1) : x);
  const biases = tf.tidy(() => toInternal(tf.reshape(tensors.biases, [1, n])));
  const owned: tf.Tensor[] = [biases, ...(order ? [order, position!] : [])];
  const classBias = perClass(layout, owned, biases, (c) => tf.slice(biases, [0, c.start], [1, c.size]));

  if (layout.storage === 'dense') {
    const w = tf.tidy(() => denseCouplingMatrix(layout, tensors));
    owned.push(w);
    const column = perClass(layout, owned, w, (c) => tf.slice(w, [0, c.start], [n, c.size]));
    return {
      layout,
      biases,
      classBias,
      couple: (m) => tf.matMul(m, w),
      coupleClass: (m, c) => tf.matMul(m, column(c)),
      dispose: () => tf.dispose(owned),
    };
  }

  const terms = tf.tidy(() => blockTerms(layout, tensors).map((t) => ({ ...t, matrix: tf.keep(t.matrix) })));
  owned.push(...terms.map((t) => t.matrix));
  const couple = (m: tf.Tensor2D): tf.Tensor2D =>
    tf.tidy(() => {
      const natural = toNatural(m);
      const padded = terms.map((t) => {
        const source = tf.slice(natural, [0, t.from.start], [-1, t.from.end - t.from.start]);
        return tf.pad(tf.matMul(source, t.matrix), [[0, 0], [t.to.start, n - t.to.end]]);
      });
      const total = (padded.length === 0 ? tf.zerosLike(natural) : padded.length === 1 ? padded[0] : tf.addN(padded)) as tf.Tensor2D;
      return toInternal(total);
    });
  return {
    layout,
    biases,
    classBias,
    couple,
    coupleClass: (m, c) => tf.slice(couple(m), [0, layout.classes[c].start], [-1, layout.classes[c].size]),
    dispose: () => tf.dispose(owned),
  };
}
