import type { EstimateProgress } from './estimate';

/** Progress of one estimate over all its passes; the hook's throw propagates from tick() and stops the work. */
export interface WorkClock {
  /** Adds `units` of work done (default 1); awaits the hook when due (undefined when not, so tight loops skip a microtask). */
  tick(units?: number): Promise<void> | undefined;
  /** Reports the final (total, total). */
  finish(): Promise<void> | undefined;
}

/** A clock over `total` units reporting every `every` units or after `intervalMs`, whichever comes first (no hook: a no-op). */
export function createWorkClock(total: number, progress: EstimateProgress | undefined, every = Math.max(1, Math.floor(total / 200)), intervalMs = 100): WorkClock {
  let done = 0;
  let reported = 0;
  let time = performance.now();
  const report = (): Promise<void> | undefined => {
    reported = done;
    time = performance.now();
    const answer = progress?.(Math.min(done, total), total);
    return answer instanceof Promise ? answer : undefined;
  };
  return {
    tick(units = 1) {
      done += units;
      if (progress === undefined) return undefined;
      return done - reported >= every || performance.now() - time > intervalMs ? report() : undefined;
    },
    finish() {
      done = total;
      return progress === undefined ? undefined : report();
    },
  };
}

/** `hook` called at most every `intervalMs` (none: a no-op), for loops whose steps are too fine to report each one. */
export function atMostEvery(hook: (() => void | Promise<void>) | undefined, intervalMs = 100): () => void | Promise<void> {
  let last = performance.now();
  return () => {
    if (hook === undefined || performance.now() - last < intervalMs) return;
    last = performance.now();
    return hook();
  };
}
