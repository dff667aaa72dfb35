/**
 * Run-queue wait of this process's main thread, from Linux's /proc/<pid>/task/<pid>/schedstat (time on the CPU, time
 * runnable but waiting for a CPU, in ns). It separates time lost to the OS scheduling other threads and processes from
 * time our own code kept the event loop busy. Undefined where it cannot be read (not Linux, or not the main thread).
 */
import { readFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const path = `/proc/${process.pid}/task/${process.pid}/schedstat`;

/** Milliseconds the main thread has spent runnable but not running, since it started; undefined when unavailable. */
export function mainThreadRunQueueMs(): number | undefined {
  if (!isMainThread || process.platform !== 'linux') return undefined;
  try {
    const [, waiting] = readFileSync(path, 'utf8').trim().split(/\s+/).map(Number);
    return Number.isFinite(waiting) ? waiting / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Watches the event loop with a 5 ms timer: each tick's lateness minus the main thread's run-queue wait over the same
 * interval is time the loop was kept busy by code on it (a long task), not by the OS. Returns a stop() giving the
 * longest such stretch and the longest raw lateness.
 */
export function watchLongTasks(): () => { longestTaskMs: number; longestDelayMs: number } {
  let last = performance.now();
  let lastWait = mainThreadRunQueueMs() ?? 0;
  let longestTaskMs = 0;
  let longestDelayMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const wait = mainThreadRunQueueMs() ?? 0;
    const late = now - last - 5;
    longestDelayMs = Math.max(longestDelayMs, late);
    longestTaskMs = Math.max(longestTaskMs, late - (wait - lastWait));
    [last, lastWait] = [now, wait];
  }, 5);
  return () => {
    clearInterval(timer);
    return { longestTaskMs, longestDelayMs };
  };
}
