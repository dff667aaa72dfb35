import { describe, expect, it } from 'vitest';
import { formatTick, niceNumber, niceTicks } from '../../../renderer/src/export/axisTicks';
import { escapeXml, svgLineChart } from '../../../renderer/src/export/svgLineChart';
import { checkWellFormedXml } from './xmlCheck';

describe('axis ticks', () => {
  it('rounds to 1, 2, 5 × 10^k', () => {
    expect(niceNumber(0.13, true)).toBeCloseTo(0.1, 12);
    expect(niceNumber(27, true)).toBe(20);
    expect(niceNumber(38, true)).toBe(50);
    expect(niceNumber(0.31, false)).toBeCloseTo(0.5, 12);
  });

  it('covers the range with whole steps and about the asked count', () => {
    const ticks = niceTicks(0.013, 0.87, 5);
    expect(ticks.step).toBeCloseTo(0.2, 12);
    expect(ticks.values).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-2.3, -1.1, 4).values).toEqual([-2.5, -2, -1.5, -1]);
    const flat = niceTicks(3, 3);
    expect(flat.min).toBeLessThan(3);
    expect(flat.max).toBeGreaterThan(3);
    expect(() => niceTicks(0, NaN)).toThrow(/finite/);
  });

  it('labels with the decimals the step needs', () => {
    expect(formatTick(0.4, 0.2)).toBe('0.4');
    expect(formatTick(150, 50)).toBe('150');
    expect(formatTick(0.025, 0.005)).toBe('0.025');
    expect(formatTick(0, 0.1)).toBe('0');
    expect(formatTick(2e-5, 1e-5)).toBe('2e-5');
    expect(formatTick(3e6, 1e6)).toBe('3e+6');
    expect(formatTick(2.5e-5, 5e-6)).toBe('2.5e-5');
  });
});

/** The polyline points of a chart, as [x, y] pairs per line. */
function polylines(svg: string): [number, number][][] {
  return [...svg.matchAll(/<polyline points="([^"]*)"/g)].map((m) => m[1].split(' ').map((p) => p.split(',').map(Number) as [number, number]));
}

describe('SVG line chart', () => {
  const chart = svgLineChart({
    title: 'KL <train> & "test"',
    xLabel: 'epoch',
    yLabel: 'nats',
    width: 400,
    height: 200,
    series: [
      { label: 'train', x: [0, 1, 2, 3], y: [1, 0.5, 0.25, 0.125] },
      { label: 'AIS', x: [0, 1, 2, 3], y: [-3, NaN, -2, -1.5], error: [0.1, 0.1, 0.2, 0.3] },
    ],
  });

  it('is a well-formed standalone SVG with escaped text and no external references', () => {
    const names = checkWellFormedXml(chart);
    expect(names[0]).toBe('svg');
    expect(chart).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(chart).toContain('width="400" height="200" viewBox="0 0 400 200"');
    expect(chart).toContain('KL &lt;train&gt; &amp; &quot;test&quot;');
    expect(chart).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(chart).not.toContain('var(');
    expect(escapeXml(`<a href='x'>`)).toBe('&lt;a href=&#39;x&#39;&gt;');
  });

  it('draws each finite run of a series as a line, breaking at gaps, with the points on scale', () => {
    const lines = polylines(chart);
    // train: one line of 4 points; AIS: the NaN at x = 1 splits it into a lone point (a circle) and a 2-point line.
    expect(lines.map((l) => l.length)).toEqual([4, 2]);
    expect(chart.match(/<circle /g)).toHaveLength(1);
    const [train] = lines;
    // Equal x steps map to equal pixel steps, and y halves map to proportional pixel drops (linear scale).
    expect(train[1][0] - train[0][0]).toBeCloseTo(train[3][0] - train[2][0], 1);
    const drop = (a: number, b: number) => train[b][1] - train[a][1];
    expect(drop(0, 1) / drop(1, 2)).toBeCloseTo(2, 1);
    // The x axis runs left to right inside the plot.
    expect(train[0][0]).toBeGreaterThan(40);
    expect(train[3][0]).toBeLessThanOrEqual(400);
  });

  it('draws ±error bands as polygons only where the value and error are finite, and a legend entry per series', () => {
    expect(chart.match(/<polygon /g)).toHaveLength(2);
    expect(chart).toContain('>train</text>');
    expect(chart).toContain('>AIS</text>');
    expect(chart).toContain('>epoch</text>');
  });

  it('draws empty series without failing', () => {
    const empty = svgLineChart({ series: [{ label: 'none', x: [], y: [] }] });
    expect(checkWellFormedXml(empty)[0]).toBe('svg');
    expect(empty).not.toContain('<polyline');
  });
});

describe('shaded areas, reference lines, dashes and dots', () => {
  it('an area and a reference line widen the y range; dashes and dots are written; gaps split the area', () => {
    const svg = svgLineChart({
      series: [{ label: 'forward', x: [1, 2, 3], y: [0, 1, 2], dash: '7 4', dots: true }],
      areas: [{ x: [1, 2, 3], lower: [-5, NaN, 0], upper: [1, 2, 3], color: '#c62828' }],
      references: [{ y: 8, label: 'threshold <8>' }],
      width: 400,
      height: 300,
    });
    checkWellFormedXml(svg);
    // A NaN bound leaves a gap: two single-point runs of the area, each a polygon.
    expect(svg.match(/<polygon [^>]*fill="#c62828" fill-opacity="0.12"/g)).toHaveLength(2);
    expect(svg).toContain('stroke-dasharray="7 4"');
    expect(svg.match(/<circle /g)).toHaveLength(3);
    expect(svg).toContain('threshold &lt;8&gt;');
    // The y axis reaches the area's −5 and the reference's 8: tick labels beyond the line's own 0…2.
    const ticks = [...svg.matchAll(/text-anchor="end" dominant-baseline="middle">([^<]+)</g)].map((m) => Number(m[1].replace('−', '-')));
    expect(Math.min(...ticks)).toBeLessThanOrEqual(-5);
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(8);
  });
});
