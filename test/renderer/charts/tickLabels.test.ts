import { describe, expect, it } from 'vitest';
import { axisWidth, tickLabels } from '../../../renderer/src/charts/tickLabels';

/** Ticks from `from` in `count` steps of `step`, rounded as uPlot rounds its splits. */
const ticks = (from: number, step: number, count: number) => Array.from({ length: count }, (_, i) => Number((from + i * step).toFixed(12)));

const distinct = (labels: string[]) => new Set(labels.filter((l) => l !== '')).size === labels.filter((l) => l !== '').length;

describe('value-axis tick labels', () => {
  it('a narrow range (a 7-epoch PCD run near 3.6) gets distinct labels with the decimals its spacing needs', () => {
    // Three significant digits, the old rule, read "3.6" for every one of these.
    const labels = tickLabels(ticks(3.595, 0.005, 5));
    expect(labels).toEqual(['3.595', '3.600', '3.605', '3.610', '3.615']);
    expect(tickLabels(ticks(3.6, 0.0002, 4))).toEqual(['3.6000', '3.6002', '3.6004', '3.6006']);
  });

  it('a wide range gets whole numbers, and an even spacing the same decimals on every label', () => {
    expect(tickLabels([0, 20, 40, 60])).toEqual(['0', '20', '40', '60']);
    expect(tickLabels(ticks(-1, 0.5, 5))).toEqual(['−1.0', '−0.5', '0.0', '0.5', '1.0']);
    expect(tickLabels(ticks(0, 0.25, 3))).toEqual(['0.00', '0.25', '0.50']);
  });

  it('large and tiny magnitudes read in scientific notation, still distinct on a narrow range', () => {
    expect(tickLabels([0, 50000, 100000, 150000])).toEqual(['0', '5.0e4', '1.0e5', '1.5e5']);
    const narrow = tickLabels(ticks(123450, 2, 4));
    expect(narrow).toEqual(['1.23450e5', '1.23452e5', '1.23454e5', '1.23456e5']);
    expect(tickLabels(ticks(-0.0002, 0.0001, 3))).toEqual(['−2e−4', '−1e−4', '0']);
  });

  it('a log axis formats each tick on its own and leaves the ticks its filter hid blank', () => {
    expect(tickLabels([0.1, 0.2, 0.5, 1, 2, 5, 10, 20], true)).toEqual(['0.1', '0.2', '0.5', '1', '2', '5', '10', '20']);
    expect(tickLabels([1, null, null, null, 5, null, null, null, null, 10], true)).toEqual(['1', '', '', '', '5', '', '', '', '', '10']);
    // A narrow log range (ticks inside one decade, as uPlot splits 3.5–3.7) stays distinct too.
    const narrow = tickLabels([3.5, 3.55, 3.6, 3.65, 3.7], true);
    expect(narrow).toEqual(['3.5', '3.55', '3.6', '3.65', '3.7']);
    expect(distinct(narrow)).toBe(true);
  });

  it('an asinh axis (values ≤ 0 on a log toggle) labels zero and both signs', () => {
    expect(tickLabels([-10, -1, 0, 1, 10], true)).toEqual(['−10', '−1', '0', '1', '10']);
  });

  it('every label of many narrow ranges is distinct and within a thousandth of a step of its tick', () => {
    for (const [from, step] of [[3.6, 1e-3], [-0.73, 2e-4], [12.5, 0.05], [0.999, 1e-5], [1e-5, 1e-7]] as const) {
      const ts = ticks(from, step, 6);
      const labels = tickLabels(ts);
      expect(distinct(labels), `${from} by ${step}: ${labels.join(' ')}`).toBe(true);
      labels.forEach((l, i) => expect(Math.abs(Number(l.replaceAll('−', '-')) - ts[i])).toBeLessThanOrEqual(step * 1e-3));
    }
  });

  it('the axis widens for long labels and keeps its minimum for short ones', () => {
    expect(axisWidth(['1', '2'], 60)).toBe(60);
    expect(axisWidth(null, 60)).toBe(60);
    expect(axisWidth(['−0.123456', '0.123456'], 60)).toBeGreaterThan(60);
  });
});
