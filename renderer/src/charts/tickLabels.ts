/**
 * Labels for a chart's value-axis ticks. Fixed significant digits made every tick of a narrow range read the same
 * ("3.6" five times on a short run), so the digits follow the ticks themselves: each label carries just enough decimals
 * to show its tick exactly, which also keeps neighbouring labels distinct. A linear axis gives all its labels the same
 * decimals (3.55, 3.60, 3.65); a log axis, whose ticks step by decade, formats each one on its own (0.5, 1, 20).
 */

/** Most decimals (or mantissa digits) a label gets: below the steps uPlot's splits are rounded to. */
const MAX_DIGITS = 12;

/** A label is exact when it is this fraction of its gap to the nearest tick from the true value (float noise aside). */
const EXACTNESS = 1e-3;

const MINUS = '−';

/** Whether labels at this magnitude read better as 1.2e5 / 3e−4. */
const exponential = (maxAbs: number) => maxAbs >= 1e5 || (maxAbs > 0 && maxAbs < 1e-3);

/** Fewest digits `format(value, digits)` needs to come within `tolerance` of `value`. */
function digitsFor(value: number, tolerance: number, format: (v: number, digits: number) => string): number {
  for (let digits = 0; digits < MAX_DIGITS; digits++) if (Math.abs(Number(format(value, digits)) - value) <= tolerance) return digits;
  return MAX_DIGITS;
}

const fixed = (v: number, digits: number) => v.toFixed(digits);
const scientific = (v: number, digits: number) => v.toExponential(digits);

/** A rounded label as shown: typographic minus, "1.2e5" rather than "1.2e+5", no "−0.00". */
function tidy(text: string): string {
  const plain = text.replace('e+', 'e');
  return Number(plain) === 0 ? plain.replace('-', '') : plain.replaceAll('-', MINUS);
}

/** Distance from each tick to its nearest neighbour (a lone tick: its own magnitude, or 1 at zero). */
function gaps(ticks: readonly number[]): number[] {
  return ticks.map((t, i) => {
    const near = [ticks[i - 1], ticks[i + 1]].filter((n): n is number => n !== undefined).map((n) => Math.abs(n - t));
    return near.length ? Math.min(...near) : Math.abs(t) || 1;
  });
}

/**
 * The label of each tick; `null` ticks (ones uPlot's log filter hides for lack of room) get an empty label.
 * `log` is for axes whose ticks are not evenly spaced (log and asinh scales).
 */
export function tickLabels(ticks: readonly (number | null)[], log = false): string[] {
  const shown = ticks.filter((t): t is number => t !== null && Number.isFinite(t));
  if (shown.length === 0) return ticks.map(() => '');
  const format = exponential(Math.max(...shown.map(Math.abs))) ? scientific : fixed;
  const tolerances = gaps(shown).map((g) => g * EXACTNESS);
  const digits = shown.map((t, i) => digitsFor(t, tolerances[i], format));
  const uniform = Math.max(...digits);
  // Zero in scientific notation would read "0.0e0".
  const labels = new Map(shown.map((t, i) => [t, format === scientific && t === 0 ? '0' : tidy(format(t, log ? digits[i] : uniform))]));
  return ticks.map((t) => (t === null ? '' : (labels.get(t) ?? String(t))));
}

/** Width (CSS pixels) of a value axis whose labels are `labels`: room for the longest, never below `minimum`. */
export function axisWidth(labels: readonly string[] | null, minimum: number): number {
  const longest = Math.max(0, ...(labels ?? []).map((l) => l.length));
  // About 7 px a character at the axis's 12 px font, plus the tick marks and their gap.
  return Math.max(minimum, Math.ceil(longest * 7 + 20));
}
