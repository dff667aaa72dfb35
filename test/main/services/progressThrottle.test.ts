import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProgressThrottle } from '../../../main/services/progressThrottle';

describe('ProgressThrottle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('emits at most once per interval, always the latest value, and drains the last one', async () => {
    const emitted: [number, number][] = [];
    const throttle = new ProgressThrottle<number>(100, (v) => emitted.push([Date.now(), v]), () => Date.now());
    const start = Date.now();
    for (let i = 1; i <= 35; i++) {
      throttle.push(i);
      vi.advanceTimersByTime(10);
    }
    const drained = throttle.drain();
    await vi.runAllTimersAsync();
    await drained;
    expect(emitted.map(([, v]) => v)).toEqual([1, 10, 20, 30, 35]);
    expect(emitted.map(([t]) => t - start)).toEqual([0, 100, 200, 300, 400]);
  });

  it('drains at once when nothing is held back', async () => {
    const emitted: number[] = [];
    const throttle = new ProgressThrottle<number>(100, (v) => emitted.push(v), () => Date.now());
    throttle.push(1);
    await throttle.drain();
    expect(emitted).toEqual([1]);
  });
});
