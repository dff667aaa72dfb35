/** Deterministic annealing in β: stages visited in order (each `iterationsPerStage` iterations), then the final β to convergence. */
export type AnnealingSchedule =
  | { betas: number[]; iterationsPerStage?: number }
  | { temperatures: number[]; iterationsPerStage?: number };

/** Iterations per annealing stage unless the schedule says otherwise. */
export const DEFAULT_ITERATIONS_PER_STAGE = 2;

/** The schedule's inverse temperatures (T → β = 1/T), checked positive and finite. */
export function scheduleBetas(schedule: AnnealingSchedule | undefined): number[] {
  if (schedule === undefined) return [];
  const betas = 'betas' in schedule ? schedule.betas : schedule.temperatures.map((t) => 1 / t);
  const bad = betas.find((b) => !(Number.isFinite(b) && b > 0));
  if (bad !== undefined) throw new RangeError(`Annealing schedule values must be positive and finite; got β = ${bad}`);
  return betas;
}

/** `stages` temperatures from `start` to `end`, equally spaced in log T (T_k = start·(end/start)^{k/(stages−1)}). */
export function geometricTemperatures(start: number, end: number, stages: number): number[] {
  if (!(start > 0 && end > 0) || !Number.isInteger(stages) || stages < 1) {
    throw new RangeError(`A geometric schedule needs positive temperatures and a whole number of stages ≥ 1; got ${start} → ${end} in ${stages}`);
  }
  if (stages === 1) return [end];
  return Array.from({ length: stages }, (_, k) => start * (end / start) ** (k / (stages - 1)));
}
