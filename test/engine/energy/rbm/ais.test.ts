import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { UnitEncoding } from '../../../../engine/diagram/types';
import { aisSchedule, estimateRbmLikelihood, estimateRbmLogPartition, visibleBaseRates } from '../../../../engine/energy/rbm/ais';
import { rbmExactDataFit, rbmLogPartition } from '../../../../engine/energy/rbm/exact';
import { rbmView } from '../../../../engine/energy/rbm/view';
import { AIS_DEFAULTS, effectiveShareArray } from '../../../../engine/likelihood/estimate';
import { tracePoints } from '../../../../engine/likelihood/weights';
import { randomDataset, randomParameters, rbmModel, useTestBackend } from '../../helpers/models';

beforeAll(useTestBackend);

const viewOf = (v: number, h: number, encoding: UnitEncoding, seed: number, scale: number) => {
  const model = rbmModel(v, h, encoding);
  return rbmView(model, randomParameters(model, seed, scale, 0.5));
};

describe('estimateRbmLogPartition: forward, reverse and the other base', () => {
  it('one call gives forward, reverse (exact start) and uniform-base sides, each within 3 SE of enumeration, with the exact log Z beside them', async () => {
    const view = viewOf(14, 9, 'binary01', 3, 1.0);
    const data = randomDataset(14, 60, 2);
    const exact = rbmLogPartition(view);
    const z = await estimateRbmLogPartition(view, { temperatures: 400, runs: 100, seed: 4, data });
    expect(z.exact).toBeCloseTo(exact, 4);
    expect(z.provenance).toEqual({ method: 'ais', base: 'data', schedule: 'salakhutdinov-murray', temperatures: 400, runs: 100, seed: 4, reverseStart: 'exact' });
    for (const side of [z.forward, z.reverse!, z.otherBase!]) {
      expect(side.logWeights.length).toBe(100);
      expect(side.standardError).toBeGreaterThan(0);
      expect(Math.abs(side.logZ - exact)).toBeLessThan(3 * side.standardError + 1e-3);
      expect(side.effectiveRuns).toBeGreaterThan(10);
    }
    expect(z.interval[0]).toBeLessThanOrEqual(exact);
    expect(z.interval[1]).toBeGreaterThanOrEqual(exact);
    expect(z.betas).toEqual(aisSchedule(400));
    expect(z.warnings).toEqual([]);
    // logZBase is the data base's: H log 2 + Σ_i log(1 + r_i/(1 − r_i)) = H log 2 − Σ_i log(1 − r_i).
    const rates = visibleBaseRates(data);
    expect(z.logZBase).toBeCloseTo(9 * Math.LN2 - Array.from(rates).reduce((a, r) => a + Math.log(1 - r), 0), 4);
  });

  it('effective-share traces: forward at the trace β in annealing order ending at 1, reverse at the same β read backwards, the last entries the final shares', async () => {
    const view = viewOf(10, 6, 'pm1', 5, 0.5);
    const z = await estimateRbmLogPartition(view, { temperatures: 500, runs: 40, seed: 1, checkBase: false });
    const points = tracePoints(500);
    const f = z.forward.effectiveShare;
    const r = z.reverse!.effectiveShare;
    expect(Array.from(f.betas)).toEqual(Array.from(points, (k) => z.betas[k]));
    expect(Array.from(r.betas)).toEqual(Array.from(f.betas).reverse());
    expect(f.share[f.share.length - 1]).toBeCloseTo(z.forward.effectiveRuns / 40, 10);
    expect(r.share[0]).toBe(1);
    expect(f.share.every((s) => s > 0 && s <= 1 + 1e-12)).toBe(true);
    const array = effectiveShareArray(z);
    expect(array.shape).toEqual([3, points.length]);
    expect(array.values.slice(2 * points.length).every((s) => Number.isFinite(s))).toBe(true);
  });

  it("base 'data' without data or rates falls back to uniform and says so; base 'uniform' checks against the data base", async () => {
    const view = viewOf(8, 5, 'binary01', 2, 1.0);
    const plain = await estimateRbmLogPartition(view, { temperatures: 50, runs: 10, reverse: false });
    expect(plain.provenance.base).toBe('uniform');
    expect(plain.otherBase).toBeUndefined();
    expect(plain.reverse).toBeUndefined();
    expect(plain.logZBase).toBeCloseTo(13 * Math.LN2, 6);
    const rates = new Float32Array(8).fill(0.2);
    const uniform = await estimateRbmLogPartition(view, { temperatures: 50, runs: 10, base: 'uniform', baseRates: rates, reverse: false });
    expect(uniform.provenance.base).toBe('uniform');
    expect(uniform.otherBase).toBeDefined();
    expect(uniform.logZBase).toBeCloseTo(13 * Math.LN2, 6);
    const data = await estimateRbmLogPartition(view, { temperatures: 50, runs: 10, baseRates: rates, reverse: false, checkBase: false });
    expect(data.provenance.base).toBe('data');
    expect(data.logZBase).toBeCloseTo(5 * Math.LN2 - 8 * Math.log(0.8), 5);
    expect(data.exact).toBeCloseTo(rbmLogPartition(view), 4);
  });

  it('is reproducible for a seed and differs between seeds', async () => {
    const view = viewOf(8, 5, 'pm1', 2, 0.5);
    const a = await estimateRbmLogPartition(view, { temperatures: 40, runs: 8, seed: 3 });
    const b = await estimateRbmLogPartition(view, { temperatures: 40, runs: 8, seed: 3 });
    const c = await estimateRbmLogPartition(view, { temperatures: 40, runs: 8, seed: 4 });
    expect(b.forward.logWeights).toEqual(a.forward.logWeights);
    expect(b.reverse!.logWeights).toEqual(a.reverse!.logWeights);
    expect(c.forward.logWeights).not.toEqual(a.forward.logWeights);
  });

  it('bad input names the problem', async () => {
    const view = viewOf(5, 3, 'binary01', 1, 0.5);
    await expect(estimateRbmLogPartition(view, { runs: 1 })).rejects.toThrow(/at least 2 runs/);
    await expect(estimateRbmLogPartition(view, { temperatures: 0 })).rejects.toThrow(/at least one intermediate temperature/);
    await expect(estimateRbmLogPartition(view, { reverseBurnIn: -1 })).rejects.toThrow(/burn-in/);
    await expect(estimateRbmLogPartition(view, { baseRates: new Float32Array(2) })).rejects.toThrow(/need 5 entries/);
    await expect(estimateRbmLogPartition(view, { data: randomDataset(4, 3, 1) })).rejects.toThrow(/4 columns but the RBM has 5/);
    await expect(estimateRbmLikelihood(view, { ...randomDataset(5, 1, 1), rowCount: 0, bits: new Uint8Array(0) })).rejects.toThrow(/no rows/);
  });
});

describe('estimateRbmLikelihood', () => {
  it('exact free energies of the rows minus log Ẑ: the interval holds the exact mean log P(v), both sides within 3 SE', async () => {
    const view = viewOf(12, 8, 'binary01', 2, 0.8);
    const rows = randomDataset(12, 40, 6);
    const exact = rbmExactDataFit(view, rows).logLikelihood;
    const fit = await estimateRbmLikelihood(view, rows, { temperatures: 300, runs: 100, seed: 1 });
    expect(fit.rows).toBe(40);
    expect(fit.negativeFreeEnergies.length).toBe(40);
    expect(fit.exact).toBeCloseTo(exact, 4);
    expect(fit.interval[0]).toBeLessThanOrEqual(exact);
    expect(fit.interval[1]).toBeGreaterThanOrEqual(exact);
    expect(Math.abs(fit.forward.mean - exact)).toBeLessThan(3 * fit.forward.standardError + 1e-3);
    expect(Math.abs(fit.reverse!.mean - exact)).toBeLessThan(3 * fit.reverse!.standardError + 1e-3);
    expect(fit.rowStandardError).toBeGreaterThan(0);
    // Without data, the rows themselves make the data base.
    expect(fit.provenance.base).toBe('data');
    expect(fit.logPartition!.logZBase).toBeCloseTo(
      8 * Math.LN2 - Array.from(visibleBaseRates(rows)).reduce((a, r) => a + Math.log(1 - r), 0),
      4,
    );
  });
});

describe('progress, cancellation and tensors', () => {
  it('calls progress every ~K/200 temperatures over all passes, ends at (total, total), and a throw aborts with numTensors unchanged', async () => {
    const view = viewOf(10, 30, 'binary01', 1, 0.5);
    const data = randomDataset(10, 20, 1);
    const before = tf.memory().numTensors;
    const calls: [number, number][] = [];
    await estimateRbmLikelihood(view, data, { temperatures: 400, runs: 100, progress: (done, total) => void calls.push([done, total]) });
    expect(tf.memory().numTensors).toBe(before);
    const total = calls[0][1];
    expect(total).toBeGreaterThanOrEqual(3 * 400);
    expect(calls[calls.length - 1]).toEqual([total, total]);
    expect(calls.every(([, t]) => t === total)).toBe(true);
    expect(calls.every(([done], k) => k === 0 || done >= calls[k - 1][0])).toBe(true);
    // Every K/200 = 2 temperatures within each pass; the one enumeration chunk (2^10 states × 40 units) counts as 6.
    expect(calls.length).toBeGreaterThan(3 * 200);
    const steps = calls.slice(1).map(([done], k) => done - calls[k][0]);
    expect(Math.max(...steps)).toBeLessThanOrEqual(6);
    expect(total).toBe(3 * 400 + 6 + 1);
    for (const stopAt of [0.1, 0.5, 0.9]) {
      let seen = 0;
      const stop = async (done: number, all: number) => {
        seen = done / all;
        if (done >= stopAt * all) throw new Error('stopped');
      };
      await expect(estimateRbmLogPartition(view, { temperatures: 400, runs: 10, data, progress: stop })).rejects.toThrow('stopped');
      expect(seen).toBeLessThan(stopAt + 0.02);
      expect(tf.memory().numTensors).toBe(before);
    }
    const gibbs = viewOf(26, 25, 'pm1', 1, 0.2);
    await expect(estimateRbmLogPartition(gibbs, { temperatures: 50, runs: 4, reverseBurnIn: 100, progress: (d, t) => { if (d > 0.1 * t) throw new Error('stopped'); } })).rejects.toThrow('stopped');
    await estimateRbmLogPartition(gibbs, { temperatures: 20, runs: 4, reverseBurnIn: 5 });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("Salakhutdinov & Murray's β schedule and the shared defaults", () => {
  it('K increasing points ending at β = 1, 1/29 of them on (0, ½]; AIS_DEFAULTS as documented', () => {
    const betas = aisSchedule(290);
    expect(betas.length).toBe(290);
    expect(betas[betas.length - 1]).toBe(1);
    expect(betas.every((b, k) => b > (k === 0 ? 0 : betas[k - 1]))).toBe(true);
    expect(betas.filter((b) => b <= 0.5).length).toBe(10);
    expect(() => aisSchedule(0)).toThrow(/at least one intermediate temperature/);
    expect(AIS_DEFAULTS.temperatures).toBe(1000);
    expect(AIS_DEFAULTS.runs).toBe(100);
  });
});
