/**
 * Fantasies of a deep belief net (Hinton, Osindero & Teh 2006, §2 and §4): Gibbs sampling in the top RBM, the undirected
 * associative memory, then one top-down pass through the directed lower layers, P(h_{l−1} = 1 | h_l) = σ(W_l h_l + b_l).
 */
import * as tf from '@tensorflow/tfjs';
import type { CompiledModel } from '../../compiler/types';
import type { ModelParameters } from '../../model/parameters';
import { createRandom } from '../../random/seeded';
import { disposeRbmTensors, hiddenFields, sampleUnits, unitMeans, uploadRbm, visibleFields, type RbmTensors } from './layers';
import { createUniformNoise, type UniformNoise } from './noise';
import { requireStack, stackViews } from './stack';

/** How the top-down pass carries the state: a sample at every layer (the DBN's generative model) or the means, the visible units drawn once at the end. */
export type DownPass = 'samples' | 'means';

/** Settings of stackFantasies. */
export interface StackFantasyArgs {
  /** Fantasies, each from its own chain. */
  count: number;
  /** Gibbs sweeps (h_top | h_below, then h_below | h_top) in the top RBM from a uniformly random start. */
  sweeps: number;
  /** Default 'samples'. */
  downPass?: DownPass;
  /** Seed of the start states and every draw. Default 0. */
  seed?: number;
  /** Awaited with (sweeps done, sweeps) every PROGRESS_SWEEPS sweeps; a throw stops the sampler. */
  progress?: (done: number, total: number) => void | Promise<void>;
}

/** The fantasies' states: every unit of the model in its own order (0/1 bits, 1 = on), count × unitCount. */
export interface StackFantasyResult {
  count: number;
  unitCount: number;
  states: Uint8Array;
}

/** Most chains run at once. */
const MAX_CHAINS = 4096;
/** Sweeps between progress calls. */
const PROGRESS_SWEEPS = 50;

/** StackFantasyArgs with the defaults filled in. */
type FantasySettings = Required<Omit<StackFantasyArgs, 'progress'>> & Pick<StackFantasyArgs, 'progress'>;

/** One chunk of chains: each layer's state bottom up, [units × chains] column layout in the model's unit values (means where passed). */
async function fantasyChunk(rbms: RbmTensors[], chains: number, args: FantasySettings, noise: UniformNoise, sweepsBefore: number, sweepsTotal: number): Promise<Float32Array[]> {
  const top = rbms[rbms.length - 1];
  const encoding = top.encoding;
  const low = encoding === 'pm1' ? -1 : 0;
  let below: tf.Tensor2D = tf.tidy(() => tf.add(tf.mul(tf.step(tf.sub(tf.tensor2d(noise.fill(top.visibleCount * chains), [top.visibleCount, chains]), 0.5)), 1 - low), low) as tf.Tensor2D);
  let above: tf.Tensor2D | undefined;
  for (let s = 1; s <= args.sweeps; s++) {
    const next = tf.tidy(() => {
      const hidden = sampleUnits(unitMeans(hiddenFields(top, below), encoding), encoding, noise);
      const means = unitMeans(visibleFields(top, hidden), encoding);
      const visible = s === args.sweeps && args.downPass === 'means' ? means : sampleUnits(means, encoding, noise);
      return [hidden, visible] as const;
    });
    tf.dispose([below, ...(above ? [above] : [])]);
    [above, below] = next;
    if (args.progress && s % PROGRESS_SWEEPS === 0) {
      try {
        await args.progress(sweepsBefore + s, sweepsTotal);
      } catch (error) {
        // A stopped job leaves no chain state behind on the backend.
        tf.dispose([below, above]);
        throw error;
      }
    }
  }
  const layers: tf.Tensor2D[] = [below, above!];
  for (let l = rbms.length - 2; l >= 0; l--) {
    const rbm = rbms[l];
    const state = layers[0];
    layers.unshift(
      tf.tidy(() => {
        const means = unitMeans(visibleFields(rbm, state), encoding);
        return args.downPass === 'means' && l > 0 ? means : sampleUnits(means, encoding, noise);
      }),
    );
  }
  const values = layers.map((t) => Float32Array.from(t.dataSync()));
  tf.dispose(layers);
  return values;
}

/**
 * Draws `count` fantasies of the deep belief net `model` under `params`: the top RBM's biases are the bias vectors of its
 * two layers, each lower layer's generative bias is its own bias vector (as dbn-greedy writes them).
 */
export async function stackFantasies(model: CompiledModel, params: ModelParameters, args: StackFantasyArgs): Promise<StackFantasyResult> {
  const stack = requireStack(model);
  if (!Number.isInteger(args.count) || args.count < 1) throw new RangeError(`The fantasy count must be a whole number ≥ 1; got ${args.count}`);
  if (!Number.isInteger(args.sweeps) || args.sweeps < 1) throw new RangeError(`Sweeps in the top RBM must be a whole number ≥ 1; got ${args.sweeps}`);
  const downPass = args.downPass ?? 'samples';
  if (downPass !== 'samples' && downPass !== 'means') throw new Error(`The down pass carries 'samples' or 'means'; got '${String(downPass)}'`);
  const settings = { count: args.count, sweeps: args.sweeps, downPass, seed: args.seed ?? 0, progress: args.progress };
  const rbms = stackViews(stack, params).map(uploadRbm);
  const root = createRandom(settings.seed);
  const states = new Uint8Array(args.count * model.unitCount);
  const chunks = Math.ceil(args.count / MAX_CHAINS);
  try {
    for (let c = 0; c < chunks; c++) {
      const first = c * MAX_CHAINS;
      const chains = Math.min(MAX_CHAINS, args.count - first);
      const layers = await fantasyChunk(rbms, chains, settings, createUniformNoise(root.fork(`fantasies-${first}`)), c * args.sweeps, chunks * args.sweeps);
      stack.layers.forEach((node, l) => {
        const units = node.range.end - node.range.start;
        for (let b = 0; b < chains; b++) {
          const row = (first + b) * model.unitCount + node.range.start;
          for (let i = 0; i < units; i++) states[row + i] = layers[l][i * chains + b] > (model.encoding === 'pm1' ? 0 : 0.5) ? 1 : 0;
        }
      });
    }
  } finally {
    rbms.forEach(disposeRbmTensors);
  }
  return { count: args.count, unitCount: model.unitCount, states };
}
