/** Training progress on stderr: a redrawn bar on a terminal, otherwise a line every 10 % of the epochs. */
export class ProgressReporter {
  private lastDecile = 0;
  private lastDraw = 0;

  constructor(
    private readonly total: number,
    private readonly tty: boolean = Boolean(process.stderr.isTTY),
  ) {}

  update(step: number, metrics: Record<string, number>): void {
    const shown = Object.entries(metrics)
      .map(([key, value]) => `${key}=${value.toPrecision(4)}`)
      .join(' ');
    if (this.tty) {
      const now = performance.now();
      if (now - this.lastDraw < 50 && step < this.total) return;
      this.lastDraw = now;
      const width = 30;
      const filled = Math.round((width * step) / this.total);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${step}/${this.total} ${shown}\x1b[K`);
      return;
    }
    const decile = Math.floor((10 * step) / this.total);
    if (decile > this.lastDecile || step === this.total) {
      this.lastDecile = decile;
      process.stderr.write(`epoch ${step}/${this.total} ${shown}\n`);
    }
  }

  /** Ends the bar's line. */
  finish(): void {
    if (this.tty) process.stderr.write('\n');
  }
}
