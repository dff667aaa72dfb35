import * as tf from '@tensorflow/tfjs';
import type { EnergyModelSpec } from '../compiler/types';
import { disposeRbmTensors, uploadRbm } from '../energy/rbm/layers';
import { createUniformNoise } from '../energy/rbm/noise';
import { temperedBlockGibbs, temperedStart, type VisibleClampTensors } from '../energy/rbm/tempering';
import { rbmStructureProblem, rbmView } from '../energy/rbm/view';
import type { ChainClamp } from '../energy/sampling/chains';
import { createTemperedChainSet, temperingLadder, TEMPERING_DEFAULTS } from '../energy/sampling/tempering';
import { PROGRESS_SECONDS } from '../energy/sampling/temperingSample';
import type { ModelParameters } from '../model/parameters';
import { createRandom } from '../random/seeded';

/** Settings of the facade's `tempering` sampler (defaults: SAMPLE_DEFAULTS.sweeps, TEMPERING_DEFAULTS). */
export interface TemperingSamplerArgs {
  /** Chains per replica, one sample each. */
  count: number;
  /** Sweeps of every replica, each followed by a swap round. */
  sweeps: number;
  /** Replicas R on the geometric ladder 1 = β_0 > … > β_{R−1} = lowestBeta. */
  replicas?: number;
  lowestBeta?: number;
  seed: number;
  clamp?: ChainClamp;
  /** Called with (sweeps done, sweeps) at least every PROGRESS_SECONDS; a throw stops the chains (tensors freed). */
  progress?: (done: number, total: number) => void | Promise<void>;
}

/** Final β = 1 states (chains × N, natural order), their energies, the ladder and each adjacent pair's swap acceptance. */
export interface TemperingDraw {
  states: Float32Array;
  energies: Float32Array;
  betas: Float64Array;
  swapAcceptance: Float64Array;
}

/** Whether to report progress now: PROGRESS_SECONDS since `since`, or the last sweep. */
const due = (since: number, t: number, sweeps: number): boolean => performance.now() - since >= PROGRESS_SECONDS * 1000 || t === sweeps - 1;

/**
 * RBM-structured models: block Gibbs in every replica (rbm/tempering.ts), whose swap energies come from the fields a sweep
 * computes anyway (the general chains build H from a dense N × N product, which dominates the cost of an RBM sweep).
 */
async function sampleRbmByTempering(model: EnergyModelSpec, params: ModelParameters, args: TemperingSamplerArgs, betas: Float64Array): Promise<TemperingDraw> {
  const view = rbmView(model, params);
  const v = view.visibleCount;
  const chains = args.count;
  const random = createRandom(args.seed);
  const noise = { hidden: createUniformNoise(random.fork('tempering-hidden')), visible: createUniformNoise(random.fork('tempering-visible')) };
  const rbm = uploadRbm(view);
  const low = model.encoding === 'pm1' ? -1 : 0;
  let clamp: VisibleClampTensors | undefined;
  if (args.clamp) {
    const held = model.visibleIndices.map((u) => args.clamp!.mask[u] === 1);
    clamp = {
      free: tf.tensor2d(Float32Array.from(held, (on) => (on ? 0 : 1)), [v, 1]),
      values: tf.tensor2d(Float32Array.from(model.visibleIndices, (u, k) => (held[k] ? args.clamp!.values[u] : 0)), [v, 1]),
    };
  }
  const start = Float32Array.from({ length: v * chains }, () => (random.next() < 0.5 ? low : 1));
  let hidden = tf.tidy(() => temperedStart(rbm, tf.tensor2d(start, [v, chains]), betas, noise.hidden));
  let last: tf.Tensor2D[] = [];
  let accepted = tf.zeros([betas.length - 1]) as tf.Tensor1D;
  const attempts = new Float64Array(betas.length - 1);
  let round = 0;
  try {
    let reported = performance.now();
    for (let t = 0; t < args.sweeps; t++) {
      let tried: Float64Array = attempts;
      const out = tf.tidy(() => {
        const state = temperedBlockGibbs(rbm, hidden, betas, 1, round, noise, clamp);
        [tried, round] = [state.attempts, state.round];
        const energy = tf.neg(tf.add(tf.sum(tf.mul(state.hidden[0], state.fields[0]), 0), tf.sum(tf.mul(state.visible[0], rbm.visibleBias), 0)));
        return { hidden: state.hidden, last: [state.visible[0], state.hidden[0], tf.reshape(energy, [1, chains]) as tf.Tensor2D], accepted: tf.add(accepted, state.accepted) as tf.Tensor1D };
      });
      tf.dispose([...hidden, ...last, accepted]);
      [hidden, last, accepted] = [out.hidden, out.last, out.accepted];
      tried.forEach((a, p) => (attempts[p] += a));
      if (args.progress && due(reported, t, args.sweeps)) {
        await args.progress(t + 1, args.sweeps);
        reported = performance.now();
      }
    }
    const [visibleT, hiddenT] = [last[0].dataSync(), last[1].dataSync()];
    const n = model.unitCount;
    const states = new Float32Array(chains * n);
    for (let c = 0; c < chains; c++) {
      model.visibleIndices.forEach((u, k) => (states[c * n + u] = visibleT[k * chains + c]));
      model.hiddenIndices.forEach((u, k) => (states[c * n + u] = hiddenT[k * chains + c]));
    }
    const acceptedCounts = accepted.dataSync();
    return { states, energies: Float32Array.from(last[2].dataSync()), betas, swapAcceptance: Float64Array.from(acceptedCounts, (a, p) => a / attempts[p]) };
  } finally {
    tf.dispose([...hidden, ...last, accepted, ...(clamp ? [clamp.free, clamp.values] : [])]);
    disposeRbmTensors(rbm);
  }
}

/** Parallel tempering (Hukushima & Nemoto 1996) as a sampler: `sweeps` replica-exchange steps, samples the β = 1 replica's last states. */
export async function sampleByTempering(model: EnergyModelSpec, params: ModelParameters, args: TemperingSamplerArgs): Promise<TemperingDraw> {
  const betas = temperingLadder(args.replicas ?? TEMPERING_DEFAULTS.replicas, args.lowestBeta ?? TEMPERING_DEFAULTS.lowestBeta);
  if (betas.length > 1 && rbmStructureProblem(model) === undefined) return sampleRbmByTempering(model, params, args, betas);
  const set = createTemperedChainSet(model, params, { chains: args.count, random: createRandom(args.seed), clamp: args.clamp, betas });
  try {
    let reported = performance.now();
    for (let t = 0; t < args.sweeps; t++) {
      set.step('gibbs', 'colour');
      if (args.progress && due(reported, t, args.sweeps)) {
        await args.progress(t + 1, args.sweeps);
        reported = performance.now();
      }
    }
    const sample = set.replicas[0];
    const energies = sample.energies();
    const values = Float32Array.from(await energies.data());
    energies.dispose();
    return { states: sample.naturalStates(), energies: values, betas, swapAcceptance: set.acceptance() };
  } finally {
    set.dispose();
  }
}
