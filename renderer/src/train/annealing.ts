/**
 * The annealing schedules of the training algorithms that anneal, computed from the form's values as the engine computes
 * them (a copy: the renderer may not import engine/energy; test/renderer/annealing.test.ts compares the two).
 */

/** One stage: `sweeps` sweeps (or mean-field iterations) at temperature T. */
export interface AnnealingStage {
  temperature: number;
  sweeps: number;
}

/** A schedule to plot: its stages, then (mean field) up to `tail.sweeps` sweeps at the final temperature until converged. */
export interface AnnealingPlan {
  stages: AnnealingStage[];
  tail?: AnnealingStage;
  /** What one step on the x axis is. */
  unit: 'sweep' | 'iteration';
}

/** `stages` temperatures from `from` to `to`, equally spaced in log T: T_k = from·(to/from)^{k/(stages−1)} (one stage: `to`). */
export function geometricTemperatures(from: number, to: number, stages: number): number[] {
  if (stages === 1) return [to];
  return Array.from({ length: stages }, (_, k) => from * (to / from) ** (k / (stages - 1)));
}

/** The algorithms with an annealing schedule and the hyperparameters it is read from. */
export const ANNEALING_KEYS: Record<string, readonly string[]> = {
  boltzmann: ['startTemperature', 'annealingSteps', 'sweepsPerStep'],
  'meanfield-boltzmann': ['startTemperature', 'finalTemperature', 'annealingStages', 'sweepsPerStage', 'maxSweeps'],
};

const positive = (v: number) => Number.isFinite(v) && v > 0;
const count = (v: number, min: number) => Number.isInteger(v) && v >= min;

/**
 * The schedule `algorithm` runs with these hyperparameters, undefined when it does not anneal or a value is not valid.
 * boltzmann: geometric from startTemperature to T = 1 in annealingSteps steps of sweepsPerStep sweeps (engine/train/algorithms/boltzmann.ts).
 * meanfield-boltzmann: geometric from startTemperature to finalTemperature in annealingStages stages of sweepsPerStage
 * iterations, then at most maxSweeps at the final temperature (engine/energy/meanfield/learning.ts).
 */
export function annealingPlan(algorithm: string, hyper: Record<string, number>): AnnealingPlan | undefined {
  if (algorithm === 'boltzmann') {
    const { startTemperature: from, annealingSteps: steps, sweepsPerStep: sweeps } = hyper;
    if (!positive(from) || !count(steps, 1) || !count(sweeps, 1)) return undefined;
    return { stages: geometricTemperatures(from, 1, steps).map((temperature) => ({ temperature, sweeps })), unit: 'sweep' };
  }
  if (algorithm === 'meanfield-boltzmann') {
    const { startTemperature: from, finalTemperature: to, annealingStages: stages, sweepsPerStage: sweeps, maxSweeps } = hyper;
    if (!positive(from) || !positive(to) || !count(stages, 1) || !count(sweeps, 0) || !count(maxSweeps, 0)) return undefined;
    return {
      stages: geometricTemperatures(from, to, stages).map((temperature) => ({ temperature, sweeps })),
      tail: { temperature: to, sweeps: maxSweeps },
      unit: 'iteration',
    };
  }
  return undefined;
}

/** Temperature per sweep of the stages (the tail excluded), as the engine expands them (scheduleBetasPerSweep's 1/β). */
export function temperaturesPerSweep(stages: readonly AnnealingStage[]): number[] {
  return stages.flatMap((s) => new Array<number>(s.sweeps).fill(s.temperature));
}
