import * as tf from '@tensorflow/tfjs';
import type { EnergyModelSpec } from '../../compiler/types';
import type { BinaryDataset } from '../../data/dataset';
import { cloneParameters, completeParameters, type ModelParameters } from '../../model/parameters';
import { createRandom, type SeededRandom } from '../../random/seeded';
import { applyUpdate, learningDirection } from '../boltzmannLearning';
import { createChainSet, type ChainClamp, type SamplerMethod } from './chains';
import { exactFit, type LearningMode } from './fit';
import { runSchedule } from './runSchedule';
import { scheduleBetasPerSweep, scheduleStages, type AnnealSchedule } from './schedule';
import { createMomentAccumulator } from './statistics';
import { wholeNumber } from './validate';

/** Boltzmann learning with both phases' statistics from annealed Gibbs sampling (Ackley, Hinton & Sejnowski 1985; Mehlig §4.4). */
export interface BoltzmannSampledArgs {
  /** η in Δw_ij = η(⟨s_i s_j⟩_clamped − ⟨s_i s_j⟩_free), Δθ likewise with ⟨s_i⟩ (Mehlig eq. 4.26). Default 0.1. */
  learningRate?: number;
  /** τ in η_t = η/(1 + t/τ), t the epochs done (the rate halves after τ epochs; Robbins–Monro decay tames sampling noise late in training). 0 keeps η constant. Default 0. */
  learningRateHalfLife?: number;
  /** Standard deviation of the initial weights N(0, initScale²). Default 0.3. */
  initScale?: number;
  /** λ in the extra term −ηλw_ij. Default 0. */
  weightDecay?: number;
  /** Seed of the initial weights, the batches and every draw. Default 0. */
  seed?: number;
  /** 'unsupervised': all visible units clamped in the clamped phase, none in the free phase; 'input-output': the first `inputUnits` visible units clamped in both phases, the rest only in the clamped phase. Default 'unsupervised'. */
  mode?: LearningMode;
  /** Visible units (in order) that are inputs in 'input-output' mode. */
  inputUnits?: number;
  /** Parallel chains per phase; each row of a batch gets ⌈phaseChains / rows⌉ of them. Default 1024. */
  phaseChains?: number;
  /** Data rows per weight update (one epoch = one pass over the shuffled rows). Default min(rows, 64). */
  batchSize?: number;
  /** Schedule each phase anneals through from random states before recording. Default geometric T 4 → 1 in 4 steps of 2 sweeps. */
  annealing?: AnnealSchedule;
  /** Recorded sweeps at T = 1 per phase and update. Default 3. */
  sweeps?: number;
  /** 'gibbs' or 'metropolis'. Default 'gibbs'. */
  method?: SamplerMethod;
  /**
   * 'annealed': every update anneals fresh chains from random states (Ackley, Hinton & Sejnowski 1985); 'persistent':
   * the chains carry over between updates (Tieleman 2008), annealed once at the start. Default 'persistent': on XOR,
   * fresh chains annealed over the default schedule leave the free-phase correlations biased by up to 0.16 and
   * learning stalls near KL 0.25, while persistent chains follow exact-statistics learning (see the tests).
   */
  chainMode?: 'annealed' | 'persistent';
}

/** Defaults of BoltzmannSampledArgs. */
export const BOLTZMANN_SAMPLED_DEFAULTS = {
  learningRate: 0.1,
  initScale: 0.3,
  weightDecay: 0,
  learningRateHalfLife: 0,
  phaseChains: 1024,
  sweeps: 3,
  annealing: { kind: 'geometric', from: 4, to: 1, steps: 4, sweepsPerStep: 2 } as AnnealSchedule,
};

/** Units up to which each epoch also reports the exact fit by enumeration. */
export const EXACT_FIT_UNITS = 20;

/** One epoch's report; kl and logLikelihood are exact (enumeration) and present for models of at most EXACT_FIT_UNITS units. */
export interface BoltzmannSampledMetrics {
  /** Root mean square of the sampled learning direction over all weights and biases, averaged over the epoch's updates. */
  gradientNorm: number;
  /** Metropolis only: accepted flips / proposed flips of free units over the epoch's recorded sweeps at T = 1 (Mehlig Algorithm 2). */
  acceptanceRate?: number;
  kl?: number;
  logLikelihood?: number;
}

/** A run held between epochs. */
export interface BoltzmannSampledSession {
  parameters(): ModelParameters;
  step(): Promise<BoltzmannSampledMetrics>;
  dispose(): void;
}

interface Moments {
  means: Float64Array;
  correlations: Float64Array;
}

/**
 * Both phases in one set of chains, so each sweep updates the colour classes once for both: the first half of the
 * chains carries the clamped phase's clamp, the second half the free phase's. Returns ⟨s_i⟩ and ⟨s_i s_j⟩ of each half,
 * pooled over its chains and the recorded sweeps, after annealing from random states.
 */
async function phaseMoments(
  model: EnergyModelSpec,
  params: ModelParameters,
  clamped: ChainClamp,
  free: ChainClamp,
  betas: Float64Array,
  sweeps: number,
  method: SamplerMethod,
  random: SeededRandom,
  initial?: Float32Array,
): Promise<[Moments, Moments, Float32Array, Flips | undefined]> {
  const clamp = { mask: concat(clamped.mask, free.mask), values: concat(clamped.values, free.values) };
  const chains = clamp.mask.length / model.unitCount;
  const set = createChainSet(model, params, { chains, random, clamp, initial });
  const accumulator = createMomentAccumulator(chains, set.order, 2, true);
  // Metropolis: a free unit changes exactly when its proposed flip is accepted, so accepted = Σ|Δs| / |s′ − s|.
  const counting = method === 'metropolis';
  let changed: tf.Scalar | undefined;
  try {
    await runSchedule(set, betas, method, 'colour');
    for (let t = 0; t < sweeps; t++) {
      const before = counting ? tf.clone(set.states) : undefined;
      set.sweep(1, method, 'colour');
      accumulator.add(set.states);
      if (before) {
        const total = tf.tidy(() => tf.add(changed ?? 0, tf.sum(tf.abs(tf.sub(set.states, before)))) as tf.Scalar);
        tf.dispose([before, changed]);
        changed = total;
      }
    }
    const { means, correlations } = accumulator.read();
    const n = model.unitCount;
    const half = (k: number): Moments => ({ means: means.slice(k * n, (k + 1) * n), correlations: correlations!.slice(k * n * n, (k + 1) * n * n) });
    let flips: Flips | undefined;
    if (changed) {
      const freeUnits = clamp.mask.reduce((count, m) => count + (m === 0 ? 1 : 0), 0);
      flips = { accepted: (await changed.data())[0] / (model.encoding === 'pm1' ? 2 : 1), proposed: freeUnits * sweeps };
    }
    return [half(0), half(1), set.naturalStates(), flips];
  } finally {
    changed?.dispose();
    accumulator.dispose();
    set.dispose();
  }
}

/** Metropolis flips accepted and proposed (free units only) over the recorded sweeps of one update. */
interface Flips {
  accepted: number;
  proposed: number;
}

function concat<T extends Uint8Array | Float32Array>(a: T, b: T): T {
  const out = new (a.constructor as { new (length: number): T })(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Clamp of `units` (visible-order positions) to each row of `rows`, repeated for `copies` consecutive chains per row. */
function rowClamp(model: EnergyModelSpec, data: BinaryDataset, rows: number[], units: number, copies: number): ChainClamp {
  const n = model.unitCount;
  const low = model.encoding === 'pm1' ? -1 : 0;
  const mask = new Uint8Array(rows.length * copies * n);
  const values = new Float32Array(rows.length * copies * n);
  rows.forEach((row, r) => {
    for (let c = r * copies; c < (r + 1) * copies; c++) {
      for (let k = 0; k < units; k++) {
        const unit = model.visibleIndices[k];
        mask[c * n + unit] = 1;
        values[c * n + unit] = data.bits[row * data.width + k] ? 1 : low;
      }
    }
  });
  return { mask, values };
}

function checkArgs(model: EnergyModelSpec, data: BinaryDataset, args: BoltzmannSampledArgs): { mode: LearningMode; inputUnits: number } {
  const visible = model.visibleIndices.length;
  if (data.width !== visible) throw new Error(`Dataset '${data.name}' has ${data.width} columns but the model has ${visible} visible units`);
  if (data.rowCount === 0) throw new Error(`Dataset '${data.name}' has no rows`);
  const mode = args.mode ?? 'unsupervised';
  if (mode !== 'unsupervised' && mode !== 'input-output') throw new RangeError(`Mode must be 'unsupervised' or 'input-output'; got '${mode}'`);
  const inputUnits = mode === 'input-output' ? (args.inputUnits ?? 0) : 0;
  if (mode === 'input-output' && (!Number.isInteger(inputUnits) || inputUnits < 1 || inputUnits >= visible)) {
    throw new RangeError(`Input→output mode needs inputUnits between 1 and ${visible - 1} (the first visible units are inputs); got ${args.inputUnits}`);
  }
  const numbers = [
    ['Learning rate', args.learningRate],
    ['Learning-rate half-life', args.learningRateHalfLife],
    ['Initial weight scale', args.initScale],
    ['Weight decay', args.weightDecay],
  ] as const;
  for (const [name, value] of numbers) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) throw new RangeError(`${name} must be a finite number ≥ 0; got ${value}`);
  }
  return { mode, inputUnits };
}

/** Starts sampled Boltzmann learning from `initial` (blocks it lacks drawn from N(0, initScale²) with the seed). */
export function startBoltzmannSampled(model: EnergyModelSpec, data: BinaryDataset, args: BoltzmannSampledArgs = {}, initial?: ModelParameters): BoltzmannSampledSession {
  const { mode, inputUnits } = checkArgs(model, data, args);
  const config = { ...BOLTZMANN_SAMPLED_DEFAULTS, ...args };
  const phaseChains = wholeNumber('Chains per phase', config.phaseChains, 1);
  const sweeps = wholeNumber('Recorded sweeps', config.sweeps, 1);
  const batchSize = wholeNumber('Batch size', args.batchSize ?? Math.min(data.rowCount, 64), 1);
  const betas = scheduleBetasPerSweep(scheduleStages(config.annealing));
  const method = config.method ?? 'gibbs';
  const seed = args.seed ?? 0;
  const params = completeParameters(model, initial, seed, config.initScale);
  const random = createRandom(seed).fork('boltzmann-sampled');
  const visible = model.visibleIndices.length;
  const chainMode = args.chainMode ?? 'persistent';
  if (chainMode !== 'annealed' && chainMode !== 'persistent') throw new RangeError(`Chain mode must be 'annealed' or 'persistent'; got '${chainMode}'`);
  const persistent = chainMode === 'persistent';
  let carried: Float32Array | undefined;
  let epoch = 0;
  return {
    parameters: () => cloneParameters(params),
    async step() {
      const order = Array.from({ length: data.rowCount }, (_, k) => k);
      for (let i = order.length - 1; i > 0; i--) {
        const j = random.int(i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
      let rmsSum = 0;
      let updates = 0;
      const flips: Flips = { accepted: 0, proposed: 0 };
      for (let start = 0; start < order.length; start += batchSize) {
        // Sorted, so that with the whole data in one batch each persistent chain keeps clamping the same row.
        const rows = order.slice(start, start + batchSize).sort((a, b) => a - b);
        const chainsPerPattern = Math.ceil(phaseChains / rows.length);
        const clampedPhase = rowClamp(model, data, rows, visible, chainsPerPattern);
        const freePhase = rowClamp(model, data, rows, mode === 'input-output' ? inputUnits : 0, chainsPerPattern);
        const total = 2 * rows.length * chainsPerPattern * model.unitCount;
        const initial = persistent && carried?.length === total ? carried : undefined;
        const [clamped, free, states, batchFlips] = await phaseMoments(model, params, clampedPhase, freePhase, initial ? new Float64Array(0) : betas, sweeps, method, random, initial);
        carried = states;
        if (batchFlips) {
          flips.accepted += batchFlips.accepted;
          flips.proposed += batchFlips.proposed;
        }
        const direction = learningDirection(model, {
          logPartition: NaN,
          patternLogNormalizers: new Float64Array(0),
          clampedMeans: clamped.means,
          clampedCorrelations: clamped.correlations,
          freeMeans: free.means,
          freeCorrelations: free.correlations,
        });
        const values = [...Object.values(direction.weights), ...Object.values(direction.biases)];
        const count = values.reduce((a, v) => a + v.length, 0);
        rmsSum += Math.sqrt(values.reduce((a, v) => a + v.reduce((b, x) => b + x * x, 0), 0) / Math.max(count, 1));
        updates++;
        const rate = config.learningRateHalfLife > 0 ? config.learningRate / (1 + epoch / config.learningRateHalfLife) : config.learningRate;
        applyUpdate(params, direction, rate, config.weightDecay);
      }
      epoch++;
      const metrics: BoltzmannSampledMetrics = { gradientNorm: rmsSum / updates };
      if (method === 'metropolis' && flips.proposed > 0) metrics.acceptanceRate = flips.accepted / flips.proposed;
      if (model.unitCount <= EXACT_FIT_UNITS) Object.assign(metrics, exactFit(model, params, data, mode, inputUnits));
      return metrics;
    },
    dispose() {},
  };
}
