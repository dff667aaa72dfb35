/** Passes on at most one value per interval; the latest value held back is delivered once the interval has passed. */
export class ProgressThrottle<T> {
  private lastEmit = -Infinity;
  private pending: { value: T } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private drained: (() => void)[] = [];

  constructor(
    private readonly intervalMs: number,
    private readonly emit: (value: T) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(value: T): void {
    this.pending = { value };
    if (!this.timer) this.deliverWhenDue();
  }

  /** Resolves once the held-back value, if any, has been delivered (at the earliest when the interval allows). */
  drain(): Promise<void> {
    if (!this.pending) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  /** Timers count from the event loop's cached clock and may fire early, so the remaining wait is measured each time. */
  private deliverWhenDue(): void {
    this.timer = undefined;
    const wait = this.lastEmit + this.intervalMs - this.now();
    if (wait > 0) {
      this.timer = setTimeout(() => this.deliverWhenDue(), wait);
      return;
    }
    const pending = this.pending;
    this.pending = undefined;
    if (pending) {
      this.lastEmit = this.now();
      this.emit(pending.value);
    }
    for (const resolve of this.drained.splice(0)) resolve();
  }
}
