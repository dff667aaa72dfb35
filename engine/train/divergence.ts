/**
 * Divergence by the objective: a run whose objective (KL, −ln P, −bound, reconstruction error …) climbs far past the best
 * value it reached has diverged even while every weight stays finite and bounded. The margin max(f·best, best + floor)
 * lets naturally noisy objectives (sampled estimates, CD's reconstruction error) wander without stopping the run.
 */
import type { ModelParameters } from '../model/parameters';
import type { AlgorithmInfo, HyperparameterInfo } from './algorithm';

/** The run setting: stop when the objective exceeds this many times its best (0 = never). */
export const DIVERGENCE_FACTOR_KEY = 'divergenceFactor';
/** "More than doubled past its best". */
export const DEFAULT_DIVERGENCE_FACTOR = 2;

/** A metric that training lowers (sign 1) or raises (sign −1), its name in messages, and the absolute margin past the best. */
interface Objective {
  key: string;
  sign: 1 | -1;
  label: string;
  /**
   * Smallest rise past the best that counts, whatever the factor, in the objective's units (nats, or a squared error per
   * unit): PCD on 3×3 bars and stripes at its proposed η 0.1, μ ½ swings up to 4.3 nats above its best and recovers, while
   * runs with η too large rise by 14 to 2,600 nats.
   */
  floor: number;
}

/** In order of preference: the first an algorithm reports is the one watched. */
const OBJECTIVES: readonly Objective[] = [
  { key: 'kl', sign: 1, label: 'KL', floor: 10 },
  { key: 'logLikelihood', sign: -1, label: '−ln P', floor: 10 },
  { key: 'meanFieldNll', sign: 1, label: 'the mean-field −ln P', floor: 10 },
  { key: 'bound', sign: -1, label: 'the bound on −ln P', floor: 10 },
  { key: 'negLyapunov', sign: -1, label: 'the Lyapunov function L', floor: 10 },
  { key: 'pseudoLogLikelihood', sign: -1, label: 'the pseudo −ln P', floor: 10 },
  { key: 'sampledLogJoint', sign: -1, label: 'the sampled −ln P(v, h)', floor: 10 },
  { key: 'reconstructionError', sign: 1, label: 'the reconstruction error', floor: 0.1 },
];

/** A metric whose change starts a new phase with its own objective scale (a DBN's next layer): the best starts over. */
const PHASE_KEYS = ['layer'];

const DIVERGENCE_SETTING: HyperparameterInfo = {
  key: DIVERGENCE_FACTOR_KEY,
  label: 'Divergence stop (× best objective, 0 = off)',
  default: DEFAULT_DIVERGENCE_FACTOR,
  min: 0,
  max: 1e6,
};

/** The objective the run of `info` is watched by, or undefined when it reports none (Hebb's rule). */
export function objectiveOf(info: AlgorithmInfo): Objective | undefined {
  return OBJECTIVES.find((o) => info.metrics.includes(o.key));
}

/** `info` with the divergence setting among its hyperparameters, when it reports an objective to watch. */
export function withDivergenceSetting(info: AlgorithmInfo): AlgorithmInfo {
  if (objectiveOf(info) === undefined || info.hyperparameters.some((h) => h.key === DIVERGENCE_FACTOR_KEY)) return info;
  return { ...info, hyperparameters: [...info.hyperparameters, DIVERGENCE_SETTING] };
}

/** The best epoch so far: where the run stops back to. */
export interface BestEpoch {
  step: number;
  value: number;
  parameters: ModelParameters;
}

/** Why a watched run stopped: the message and the best epoch's parameters to keep. */
export interface Divergence {
  message: string;
  best: BestEpoch;
}

const figure = (x: number): string => {
  const magnitude = Math.abs(x);
  if (magnitude >= 100) return x.toFixed(0);
  return Number(x.toPrecision(magnitude >= 1 ? 3 : 2)).toString();
};

/**
 * Follows one run's objective epoch by epoch. observe() answers a Divergence once the objective is worse than
 * max(factor·best, best + floor); steps are the run's (a continued run counts on from its checkpoint).
 */
export class ObjectiveWatch {
  private best: BestEpoch | undefined;
  private phase: string | undefined;

  constructor(
    private readonly objective: Objective,
    private readonly factor: number,
    /** The learning rate's label and value for the advice, when the algorithm has one. */
    private readonly learningRate?: { label: string; value: number },
  ) {}

  /** Builds the watch of a run, or undefined when the factor is 0 or the algorithm reports no objective. */
  static of(info: AlgorithmInfo, hyper: Record<string, number>): ObjectiveWatch | undefined {
    const factor = hyper[DIVERGENCE_FACTOR_KEY] ?? DEFAULT_DIVERGENCE_FACTOR;
    const objective = objectiveOf(info);
    if (!(factor > 0) || objective === undefined) return undefined;
    const rate = info.hyperparameters.find((h) => h.key === 'learningRate');
    return new ObjectiveWatch(objective, factor, rate && hyper.learningRate !== undefined ? { label: rate.label, value: hyper.learningRate } : undefined);
  }

  /** Records the epoch `step` (its metrics and the parameters after it); a Divergence when it is past the margin. */
  observe(step: number, metrics: Record<string, number>, parameters: ModelParameters): Divergence | undefined {
    const phase = PHASE_KEYS.map((key) => metrics[key]).join('/');
    if (phase !== this.phase) {
      this.phase = phase;
      this.best = undefined;
    }
    const raw = metrics[this.objective.key];
    if (raw === undefined || !Number.isFinite(raw)) return undefined;
    const value = this.objective.sign * raw;
    const best = this.best;
    if (best === undefined || value < best.value) {
      this.best = { step, value, parameters };
      return undefined;
    }
    const limit = Math.max(this.factor * best.value, best.value + this.objective.floor);
    if (value <= limit) return undefined;
    const { label } = this.objective;
    const advice = this.learningRate ? `lower the ${this.learningRate.label.replace(/^Learning/, 'learning')} (now ${figure(this.learningRate.value)})` : 'lower the learning rate';
    return {
      message: `Training diverged at epoch ${step}: ${label} rose from best ${figure(best.value)} (epoch ${best.step}) to ${figure(value)}; ${advice} — the best parameters, epoch ${best.step}, are kept`,
      best,
    };
  }
}
