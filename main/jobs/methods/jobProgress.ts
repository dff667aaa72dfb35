/**
 * Progress of method jobs in whole steps (the project stores whole, increasing steps): rows for the per-row methods, and
 * for the estimators whose long part comes before any row is done (AIS annealing, importance sampling) at least
 * FINE_STEPS, so that the bar moves while they work even over a handful of rows.
 */
import { ROW_SCORED_METHODS } from './patternResults';
import type { MethodContext } from './types';

/** Least steps of an estimator job's bar. */
export const FINE_STEPS = 1000;

/** The steps of a job of method `name` over `rows` rows. */
export const jobSteps = (name: string, rows: number): number => (ROW_SCORED_METHODS.has(name) ? Math.max(rows, FINE_STEPS) : rows);

/**
 * A reporter of fractions in [0, 1] of a range [from, from + steps) of a bar of `of` steps: each call reports the whole
 * step it reaches when that is past the last one reported and before the range's end (the caller reports the end itself).
 */
export function stepReporter(context: Pick<MethodContext, 'progress'>, steps: number, from = 0, of = steps): (fraction: number) => void {
  let last = from;
  return (fraction) => {
    const step = from + Math.floor(Math.min(1, Math.max(0, fraction)) * steps);
    if (step > last && step < from + steps) {
      last = step;
      context.progress(step, of, {});
    }
  };
}
