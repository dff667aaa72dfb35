import { beforeAll, describe, expect, it } from 'vitest';
import { attractorRelax } from '../../../engine/belief/attractor/relax';
import { meanFieldBound } from '../../../engine/belief/bound/meanField';
import { beliefNetwork } from '../../../engine/belief/network';
import { layeredBeliefSpec, randomBeliefParameters } from '../../../engine/belief/randomNetworks';
import { inferenceRows, inferRows, methodsFor } from '../../../engine/infer/runInference';
import { reference64 } from '../belief/reference';
import { randomDataset, useTestBackend } from '../helpers/models';
import { noLeak } from '../helpers/noLeak';
import { rowOf } from './partialReference';

beforeAll(useTestBackend);

const model = layeredBeliefSpec([2, 3, 5]);
const params = randomBeliefParameters(model, 4, { scale: 1.5 });
const network = beliefNetwork(model, params);
const data = randomDataset(5, 6, 2);
const visible = model.visibleIndices;
const hidden = model.hiddenIndices;

/** Exact ln P(known units) and marginals for row r with the visible positions in `known` observed. */
function exactRow(r: number, known: number[]): ReturnType<typeof reference64> {
  const bits = rowOf(data.bits, 5, r);
  return reference64(network, known.map((p) => visible[p]), known.map((p) => bits[p]));
}

describe('inferRows on belief networks', () => {
  it('exact: ln P(V) and marginals of float64 enumeration, with full and partial evidence', async () => {
    const full = await noLeak(() => inferRows(model, params, data, { method: 'exact' }));
    const known = [0, 2, 4];
    const partial = await noLeak(() => inferRows(model, params, data, { method: 'exact', clamp: { positions: known } }));
    expect(full.encoding).toBe('binary01');
    for (let r = 0; r < data.rowCount; r++) {
      const all = exactRow(r, [0, 1, 2, 3, 4]);
      expect(full.values![r]).toBeCloseTo(all.logLikelihood, 5);
      hidden.forEach((u, k) => expect(full.hiddenMeans[r * hidden.length + k]).toBeCloseTo(all.marginals[u], 5));
      const some = exactRow(r, known);
      expect(partial.values![r]).toBeCloseTo(some.logLikelihood, 5);
      hidden.forEach((u, k) => expect(partial.hiddenMeans[r * hidden.length + k]).toBeCloseTo(some.marginals[u], 5));
      visible.forEach((u, k) => expect(partial.visibleMeans![r * 5 + k]).toBeCloseTo(some.marginals[u], 5));
      [1, 3].forEach((p) => expect(partial.completed![r * 5 + p]).toBe(some.marginals[visible[p]] > 0.5 ? 1 : 0));
    }
  });

  it('gibbs: hidden and unknown visible marginals within 4.5 standard errors of exact, no per-row value', async () => {
    const known = [0, 1, 3];
    const result = await noLeak(() => inferRows(model, params, data, { method: 'gibbs', clamp: { positions: known }, chains: 32, sweeps: 200, seed: 5 }));
    expect(result.values).toBeUndefined();
    expect(result.quantity).toBeUndefined();
    let compared = 0;
    for (let r = 0; r < data.rowCount; r++) {
      const exact = exactRow(r, known);
      const check = (got: number, se: number, want: number): void => {
        expect(Math.abs(got - want)).toBeLessThan(4.5 * se + 1e-3);
        compared++;
      };
      hidden.forEach((u, k) => check(result.hiddenMeans[r * hidden.length + k], result.hiddenStandardErrors![r * hidden.length + k], exact.marginals[u]));
      [2, 4].forEach((p) => check(result.visibleMeans![r * 5 + p], result.visibleStandardErrors![r * 5 + p], exact.marginals[visible[p]]));
      expect(result.visibleStandardErrors![r * 5]).toBe(0);
    }
    expect(compared).toBe(6 * 7);
    expect(inferenceRows(result)[0].hiddenStandardErrors).toHaveLength(hidden.length);
  });

  it('meanfield: the SJJ bound of every row lies below the exact ln P(V) and equals a direct meanFieldBound call', async () => {
    const result = await noLeak(() => inferRows(model, params, data, { method: 'meanfield' }));
    expect(result.quantity).toBe('lowerBound');
    expect(result.summary.converged).toBe(true);
    const direct = meanFieldBound(network, { units: visible, values: data.bits, count: data.rowCount });
    for (let r = 0; r < data.rowCount; r++) {
      expect(result.values![r]).toBeLessThanOrEqual(exactRow(r, [0, 1, 2, 3, 4]).logLikelihood + 1e-9);
      expect(result.values![r]).toBe(direct.bound[r]);
      hidden.forEach((u, k) => expect(result.hiddenMeans[r * hidden.length + k]).toBe(direct.means[r * network.unitCount + u]));
    }
  });

  it('mixture:2: a bound between the mean-field bound and the exact ln P(V); with a clamp it bounds ln P(known)', async () => {
    const rows = { ...data, rowCount: 3, bits: data.bits.subarray(0, 15) };
    const single = await inferRows(model, params, rows, { method: 'meanfield', tolerance: 1e-5 });
    const mixture = await noLeak(() => inferRows(model, params, rows, { method: 'mixture:2', tolerance: 1e-4, maxSweeps: 150 }));
    expect(mixture.method).toBe('mixture:2');
    expect(mixture.summary.components).toBe(2);
    for (let r = 0; r < 3; r++) {
      expect(mixture.values![r]).toBeLessThanOrEqual(exactRow(r, [0, 1, 2, 3, 4]).logLikelihood + 1e-9);
      expect(mixture.values![r]).toBeGreaterThanOrEqual(single.values![r] - 1e-4);
      for (const m of mixture.hiddenMeans) expect(m >= 0 && m <= 1).toBe(true);
    }
    const partial = await inferRows(model, params, rows, { method: 'mixture', components: 2, tolerance: 1e-4, maxSweeps: 150, clamp: { positions: [0, 1] } });
    for (let r = 0; r < 3; r++) expect(partial.values![r]).toBeLessThanOrEqual(exactRow(r, [0, 1]).logLikelihood + 1e-9);
  });

  it('attractor: −L and the means of a direct attractorRelax call; options reach the dynamics', async () => {
    const result = await noLeak(() => inferRows(model, params, data, { method: 'attractor', iterations: 24, stepSize: 0.2 }));
    expect(result.quantity).toBe('negativeLyapunov');
    const direct = await attractorRelax(network, { units: visible, values: data.bits, count: data.rowCount }, { iterations: 24, stepSize: 0.2, recordTrace: false });
    for (let r = 0; r < data.rowCount; r++) {
      expect(result.values![r]).toBeCloseTo(-direct.lyapunov[r], 6);
      hidden.forEach((u, k) => expect(result.hiddenMeans[r * hidden.length + k]).toBe(direct.means[r * network.unitCount + u]));
    }
    expect(inferenceRows(result)[0].negativeLyapunov).toBe(result.values![0]);
  });

  it('refuses energy-model methods and oversized exact inference, naming the methods that apply', async () => {
    expect(methodsFor(model).map((m) => m.syntax)).toEqual(['exact', 'gibbs', 'meanfield', 'attractor', 'mixture:M', 'importance']);
    await expect(inferRows(model, params, data, { method: 'ais' })).rejects.toThrow(/applies to energy models.*sigmoid belief network: exact, gibbs, meanfield, attractor, mixture:M/);
    await expect(inferRows(model, params, data, { method: 'mixture:2', components: 3 })).rejects.toThrow(/asks for 2 components but the components option says 3/);
    const wide = layeredBeliefSpec([5, 25, 4]);
    expect(methodsFor(wide).map((m) => m.name)).not.toContain('exact');
    await expect(inferRows(wide, randomBeliefParameters(wide, 1), randomDataset(4, 1, 1), { method: 'exact' })).rejects.toThrow(/at most 24; this network has 30.*methods for this sigmoid belief network: gibbs, meanfield/);
  });
});
