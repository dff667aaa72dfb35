/** Job progress on stderr: a bar redrawn in place on a terminal (at most 20 times a second), otherwise a line every 10 %. */
export class ProgressReporter {
  private lastDecile = 0;
  private lastDraw = -Infinity;
  private drawn = false;

  constructor(
    /** What a step is called in the lines: 'epoch', 'step', …. */
    private readonly unit: string,
    private readonly tty: boolean = Boolean(process.stderr.isTTY),
    private readonly write: (text: string) => void = (text) => void process.stderr.write(text),
  ) {}

  update(step: number, total: number, metrics: Record<string, number>, etaSeconds?: number): void {
    const shown = Object.entries(metrics)
      .map(([key, value]) => `${key}=${value.toPrecision(4)}`)
      .join(' ');
    if (this.tty) {
      const now = performance.now();
      if (now - this.lastDraw < 50 && step < total) return;
      this.lastDraw = now;
      const width = 30;
      const filled = Math.round((width * Math.min(step, total)) / Math.max(1, total));
      const eta = etaSeconds !== undefined && step < total ? ` ETA ${formatSeconds(etaSeconds)}` : '';
      this.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.unit} ${step}/${total}${eta} ${shown}\x1b[K`);
      this.drawn = true;
      return;
    }
    const decile = Math.floor((10 * step) / Math.max(1, total));
    if (decile > this.lastDecile || step === total) {
      this.lastDecile = decile;
      this.write(`${this.unit} ${step}/${total} ${shown}\n`);
    }
  }

  /** Ends the bar's line. */
  finish(): void {
    if (this.tty && this.drawn) this.write('\n');
    this.drawn = false;
  }
}

/** 75 → "1:15", 3725 → "1:02:05". */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const two = (n: number) => String(n).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}` : `${Math.floor(s / 60)}:${two(s % 60)}`;
}
