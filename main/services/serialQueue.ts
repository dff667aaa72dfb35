/** Runs async tasks one at a time in submission order; a failing task does not block the next. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * A first-come, first-served readers–writer queue: an exclusive task starts once every task submitted before it has
 * ended; a shared task waits only for the exclusive tasks submitted before it, so shared tasks run alongside each other.
 * A failing task does not block later ones.
 */
export class AccessQueue {
  private lastExclusive: Promise<unknown> = Promise.resolve();
  /** Shared tasks submitted since the last exclusive one and not yet ended. */
  private readonly sharedRunning = new Set<Promise<unknown>>();

  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = Promise.all([this.lastExclusive, ...this.sharedRunning]).then(task);
    this.sharedRunning.clear();
    this.lastExclusive = result.catch(() => undefined);
    return result;
  }

  shared<T>(task: () => Promise<T>): Promise<T> {
    const result = this.lastExclusive.then(task);
    const settled: Promise<unknown> = result.then(
      () => this.sharedRunning.delete(settled),
      () => this.sharedRunning.delete(settled),
    );
    this.sharedRunning.add(settled);
    return result;
  }
}
