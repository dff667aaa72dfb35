/**
 * Ctrl-C (SIGINT) and SIGTERM while a command has a project open for writing: the first one asks the command's runs to
 * stop, and every later one is ignored, so the process always gets to store the runs' ends, close the project and remove
 * its lock file. Node's default (exit at once) would leave the run 'running' and `<project>-lock` behind.
 */
import { note } from './output';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Signal handling for the length of one command. */
export class StopSignals {
  private readonly stoppers = new Set<() => void>();
  private received: string | undefined;
  private repeatNoted = false;
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    if (this.received !== undefined) {
      if (!this.repeatNoted) note(`attractor: ${signal} again: still storing the run's end and closing the project; it stops on its own (kill -9 would leave the run to be marked interrupted on the next open)`);
      this.repeatNoted = true;
      return;
    }
    this.received = signal;
    for (const stop of [...this.stoppers]) stop();
  };

  constructor() {
    for (const signal of SIGNALS) process.on(signal, this.onSignal);
  }

  /** The first signal received, if any. */
  get stopped(): string | undefined {
    return this.received;
  }

  /** Calls `stop` on the first signal (at once when one came already); the returned function unregisters it. */
  whenStopped(stop: () => void): () => void {
    if (this.received !== undefined) {
      stop();
      return () => undefined;
    }
    this.stoppers.add(stop);
    return () => this.stoppers.delete(stop);
  }

  /**
   * Gives the signals back to Node's defaults, unless one came: then the command is ending on it, and a later signal
   * landing between this and the process's exit would only kill it with its output written and its exit code lost.
   */
  dispose(): void {
    this.stoppers.clear();
    if (this.received !== undefined) return;
    for (const signal of SIGNALS) process.off(signal, this.onSignal);
  }
}
