/** Tick positions for one axis: the extended range they cover and the step between them. */
export interface AxisTicks {
  min: number;
  max: number;
  step: number;
  values: number[];
}

/** The "nice" number 1, 2, 5 or 10 × 10^k nearest to x (Heckbert, "Nice numbers for graph labels", Graphics Gems 1990). */
export function niceNumber(x: number, round: boolean): number {
  const exponent = Math.floor(Math.log10(x));
  const fraction = x / 10 ** exponent;
  const nice = round
    ? fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
    : fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * 10 ** exponent;
}

/** About `count` nice ticks covering [min, max] (loose labelling: the range is widened to whole steps). */
export function niceTicks(min: number, max: number, count = 5): AxisTicks {
  if (!Number.isFinite(min) || !Number.isFinite(max)) throw new Error(`Axis range must be finite (got ${min}…${max}).`);
  if (min > max) [min, max] = [max, min];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const step = niceNumber(niceNumber(max - min, false) / Math.max(1, count - 1), true);
  const low = Math.floor(min / step) * step;
  const high = Math.ceil(max / step) * step;
  const values: number[] = [];
  for (let i = 0; low + i * step <= high + step * 1e-9; i++) values.push(Number((low + i * step).toPrecision(12)));
  return { min: low, max: high, step, values };
}

/** A tick label with as many decimals as the step needs; exponent form for very large or small magnitudes. */
export function formatTick(value: number, step: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-4) {
    const digits = Math.floor(Math.log10(magnitude) + 1e-9) - Math.floor(Math.log10(step) + 1e-9);
    return value.toExponential(Math.max(0, Math.min(6, digits)));
  }
  const decimals = Math.max(0, Math.min(8, -Math.floor(Math.log10(step) + 1e-9)));
  return value.toFixed(decimals);
}
