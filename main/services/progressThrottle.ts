/** Passes on at most one value per interval; the latest value held back is delivered when the interval ends or on flush(). */
export class ProgressThrottle<T> {
  private lastEmit = -Infinity;
  private pending: { value: T } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly emit: (value: T) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(value: T): void {
    const wait = this.lastEmit + this.intervalMs - this.now();
    if (wait <= 0 && !this.timer) {
      this.deliver(value);
      return;
    }
    this.pending = { value };
    this.timer ??= setTimeout(() => this.flush(), Math.max(0, wait));
  }

  /** Delivers the held-back value now, if any. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const pending = this.pending;
    this.pending = undefined;
    if (pending) this.deliver(pending.value);
  }

  /** Drops the held-back value. */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }

  private deliver(value: T): void {
    this.lastEmit = this.now();
    this.emit(value);
  }
}
