import { describe, expect, it } from 'vitest';
import type { AisSide, LogPartitionEstimate } from '../../../engine/likelihood/estimate';
import { LOW_EFFECTIVE_SHARE, MAX_TRACE_POINTS } from '../../../engine/likelihood/estimate';
import {
  aisSide,
  disagree,
  effectiveShares,
  finishPartitionEstimate,
  likelihoodFromPartition,
  partitionWarnings,
  sidesInterval,
  summariseLogWeights,
  tracePoints,
} from '../../../engine/likelihood/weights';
import { createRandom } from '../../../engine/random/seeded';

/** Direct float64 reference on weights small enough to exponentiate. */
function reference(logWeights: number[]): { logMean: number; standardError: number; effective: number } {
  const w = logWeights.map(Math.exp);
  const n = w.length;
  const mean = w.reduce((a, b) => a + b, 0) / n;
  const variance = w.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  return { logMean: Math.log(mean), standardError: Math.sqrt(variance / n) / mean, effective: w.reduce((a, b) => a + b, 0) ** 2 / w.reduce((a, x) => a + x * x, 0) };
}

const noShare = { betas: new Float64Array(0), share: new Float64Array(0) };
const sideOf = (logZ: number, standardError: number, effectiveRuns: number, runs = 100): AisSide => ({ logZ, standardError, effectiveRuns, logWeights: new Float64Array(runs), effectiveShare: noShare });
const estimateOf = (parts: Partial<Omit<LogPartitionEstimate, 'warnings' | 'interval'>>): Omit<LogPartitionEstimate, 'warnings' | 'interval'> => ({
  forward: sideOf(10, 0.1, 80),
  logZBase: 3,
  betas: new Float64Array(1000),
  provenance: { method: 'ais', base: 'data' },
  ...parts,
});

describe('importance-weight summaries', () => {
  it('log-mean-exp, delta-method SE and (Σw)²/Σw² match a direct float64 computation, and are shift invariant', () => {
    const random = createRandom(3);
    const logWeights = Array.from({ length: 50 }, () => 2 * random.normal());
    const s = summariseLogWeights(logWeights);
    const r = reference(logWeights);
    expect(s.logMean).toBeCloseTo(r.logMean, 12);
    expect(s.standardError).toBeCloseTo(r.standardError, 12);
    expect(s.effective).toBeCloseTo(r.effective, 10);
    const shifted = summariseLogWeights(logWeights.map((x) => x + 5000));
    expect(shifted.logMean).toBeCloseTo(r.logMean + 5000, 9);
    expect(shifted.standardError).toBeCloseTo(r.standardError, 12);
    expect(shifted.effective).toBeCloseTo(r.effective, 10);
  });

  it('equal weights: every run effective and no error; one dominant run: one effective run; all −∞: no estimate', () => {
    expect(summariseLogWeights([1.5, 1.5, 1.5, 1.5])).toEqual({ logMean: 1.5, standardError: 0, effective: 4 });
    const dominant = summariseLogWeights([0, -800, -800, -800]);
    expect(dominant.effective).toBeCloseTo(1, 12);
    expect(dominant.logMean).toBeCloseTo(-Math.log(4), 12);
    // Weights 1, 0, 0, 0: mean ¼, sd ½, so SE = ½ / (√4 · ¼) = 1.
    expect(dominant.standardError).toBeCloseTo(1, 12);
    expect(summariseLogWeights([-Infinity, -Infinity])).toEqual({ logMean: -Infinity, standardError: Infinity, effective: 0 });
    expect(summariseLogWeights([2]).standardError).toBe(0);
  });

  it('trace points: every temperature up to MAX_TRACE_POINTS, then evenly spaced, ascending, ending at the last', () => {
    expect(Array.from(tracePoints(5))).toEqual([0, 1, 2, 3, 4]);
    const points = tracePoints(1000);
    expect(points.length).toBe(MAX_TRACE_POINTS);
    expect(points[0]).toBe(4);
    expect(points[points.length - 1]).toBe(999);
    expect(points.every((k, j) => j === 0 || k - points[j - 1] === 5)).toBe(true);
    const odd = tracePoints(333, 7);
    expect(odd.length).toBe(7);
    expect(odd[6]).toBe(332);
    expect(odd.every((k, j) => j === 0 || k > odd[j - 1])).toBe(true);
  });

  it('effective shares per row of partial weights', () => {
    const partial = Float64Array.from([0, 0, 0, 0, 0, -900, -900, -900]);
    expect(Array.from(effectiveShares(partial, 4))).toEqual([1, 0.25]);
  });

  it('aisSide: forward log Z_A + log mean w, reverse log Z_A − log mean w', () => {
    const logWeights = Float64Array.from([0.1, -0.3, 0.7, 0.2]);
    const s = summariseLogWeights(logWeights);
    const forward = aisSide('forward', 4, logWeights, noShare);
    const reverse = aisSide('reverse', 4, logWeights, noShare);
    expect(forward.logZ).toBeCloseTo(4 + s.logMean, 14);
    expect(reverse.logZ).toBeCloseTo(4 - s.logMean, 14);
    expect(reverse.standardError).toBe(s.standardError);
    expect(forward.effectiveRuns).toBe(s.effective);
    expect(forward.logWeights).toBe(logWeights);
  });
});

describe('intervals and agreement', () => {
  it('the interval covers every side ±2 SE; a non-finite SE adds no width', () => {
    expect(sidesInterval([{ value: 1, standardError: 0.5 }])).toEqual([0, 2]);
    expect(sidesInterval([{ value: 1, standardError: 0.5 }, { value: 3, standardError: 0.25 }])).toEqual([0, 3.5]);
    expect(sidesInterval([{ value: 1, standardError: Infinity }])).toEqual([1, 1]);
  });

  it('disagree beyond 3 combined standard errors', () => {
    expect(disagree({ value: 0, standardError: 0.3 }, { value: 1.4, standardError: 0.4 })).toBe(false);
    expect(disagree({ value: 0, standardError: 0.3 }, { value: 1.6, standardError: 0.4 })).toBe(true);
    expect(disagree({ value: 2, standardError: 0 }, { value: 2, standardError: 0 })).toBe(false);
  });
});

describe('partition warnings', () => {
  it('none for agreeing sides with many effective runs and an exact reverse start', () => {
    const z = finishPartitionEstimate(estimateOf({ reverse: sideOf(10.1, 0.1, 70), otherBase: sideOf(9.9, 0.2, 50), provenance: { method: 'ais', base: 'data', reverseStart: 'exact' } }));
    expect(z.warnings).toEqual([]);
    // The other base's band (9.9 ± 2·0.2) widens the interval downwards.
    expect(z.interval[0]).toBeCloseTo(9.5, 12);
    expect(z.interval[1]).toBeCloseTo(10.3, 12);
  });

  it('few effective runs (under LOW_EFFECTIVE_SHARE of the runs) names the side and suggests 10× the temperatures', () => {
    const below = LOW_EFFECTIVE_SHARE * 100 - 0.5;
    const w = partitionWarnings(estimateOf({ reverse: sideOf(10, 0.1, below) }));
    expect(w.map((x) => x.code)).toEqual(['fewEffectiveRuns']);
    expect(w[0].message).toMatch(/9\.5 of 100 reverse AIS runs/);
    expect(w[0].message).toMatch(/10000/);
    const both = partitionWarnings(estimateOf({ forward: sideOf(10, 0.1, 2), reverse: sideOf(10, 0.1, 3) }));
    expect(both[0].message).toMatch(/2\.0 of 100 forward and reverse/);
  });

  it('forward–reverse gap beyond the error bars, bases that disagree (naming the other base) and a Gibbs reverse start', () => {
    const w = partitionWarnings(
      estimateOf({ reverse: sideOf(12, 0.1, 60), otherBase: sideOf(14, 0.1, 60), provenance: { method: 'ais', base: 'data', reverseStart: 'gibbs' } }),
    );
    expect(w.map((x) => x.code)).toEqual(['forwardReverseGap', 'basesDisagree', 'approximateReverseStart']);
    expect(w[0].message).toMatch(/gap 2\.00 nats/);
    expect(w[1].message).toMatch(/from the uniform base gives log Z 14\.00/);
    const fromUniform = partitionWarnings(estimateOf({ otherBase: sideOf(14, 0.1, 60), provenance: { method: 'ais', base: 'uniform' } }));
    expect(fromUniform[0].message).toMatch(/from the data base rates/);
  });
});

describe('likelihood from a partition estimate', () => {
  it('mean −F minus each side, the interval mirrored, the exact value and the row standard error', () => {
    const z = finishPartitionEstimate(estimateOf({ reverse: sideOf(10.5, 0.2, 60), exact: 10.2 }));
    const negF = [1, 2, 3, 6];
    const fit = likelihoodFromPartition(negF, z);
    expect(fit.forward).toEqual({ mean: 3 - 10, standardError: 0.1 });
    expect(fit.reverse).toEqual({ mean: 3 - 10.5, standardError: 0.2 });
    expect(fit.interval[0]).toBeCloseTo(3 - z.interval[1], 12);
    expect(fit.interval[1]).toBeCloseTo(3 - z.interval[0], 12);
    expect(fit.exact).toBeCloseTo(3 - 10.2, 12);
    expect(fit.rowStandardError).toBeCloseTo(Math.sqrt(14 / 3 / 4), 12);
    expect(fit.rows).toBe(4);
    expect(fit.logPartition).toBe(z);
    expect(likelihoodFromPartition([5], z).rowStandardError).toBe(0);
  });
});
