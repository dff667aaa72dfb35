import { beforeAll, describe, expect, it } from 'vitest';
import { estimateRbmLogPartition } from '../../../../engine/energy/rbm/ais';
import { rbmLogPartition } from '../../../../engine/energy/rbm/exact';
import { rbmView, type RbmView } from '../../../../engine/energy/rbm/view';
import { datasetFromRows, randomDataset, randomParameters, rbmModel, useTestBackend } from '../../helpers/models';

beforeAll(useTestBackend);

const codes = (z: { warnings: { code: string }[] }) => z.warnings.map((w) => w.code);

/**
 * Two modes: hidden unit 0 switches all visible units on, the others off (visible biases −strength/2 … +strength/2 apart),
 * so the all-on images carry most of the mass while rows of the data base sit at the all-off mode.
 */
function twoModeView(v: number, h: number, strength: number): RbmView {
  const weights = new Float32Array(v * h);
  for (let i = 0; i < v; i++) weights[i * h] = strength;
  return { encoding: 'binary01', visibleCount: v, hiddenCount: h, weights, visibleBias: new Float32Array(v).fill(-strength / 2), hiddenBias: Float32Array.from({ length: h }, (_, j) => (j === 0 ? -(v * strength) / 4 : 0)) };
}

describe('AIS warnings say when an estimate cannot be trusted', () => {
  it('a good schedule on an easy model warns of nothing', async () => {
    const model = rbmModel(10, 6, 'binary01');
    const view = rbmView(model, randomParameters(model, 1, 0.5, 0.5));
    const z = await estimateRbmLogPartition(view, { temperatures: 500, runs: 100, seed: 2, data: randomDataset(10, 50, 3) });
    expect(codes(z)).toEqual([]);
    expect(Math.abs(z.forward.logZ - z.exact!)).toBeLessThan(3 * z.forward.standardError + 1e-3);
  });

  it('5 temperatures on a peaked model: few effective runs and/or a forward–reverse gap, each message naming the remedy', async () => {
    const model = rbmModel(20, 12, 'binary01');
    const view = rbmView(model, randomParameters(model, 3, 3, 1));
    const z = await estimateRbmLogPartition(view, { temperatures: 5, runs: 100, seed: 1, checkBase: false });
    const found = codes(z);
    console.log(`5 temperatures, 20×12 with weights N(0, 3²): forward ${z.forward.logZ.toFixed(2)} ± ${z.forward.standardError.toFixed(2)} (effective ${z.forward.effectiveRuns.toFixed(1)}), reverse ${z.reverse!.logZ.toFixed(2)} ± ${z.reverse!.standardError.toFixed(2)} (effective ${z.reverse!.effectiveRuns.toFixed(1)}), exact ${z.exact!.toFixed(2)}; warnings ${found.join(', ')}`);
    expect(found.some((c) => c === 'fewEffectiveRuns' || c === 'forwardReverseGap')).toBe(true);
    expect(z.warnings.every((w) => /temperatures/.test(w.message))).toBe(true);
    // The interval from reverse (exact start) and forward still brackets the truth where the error bars fail.
    expect(z.interval[0]).toBeLessThanOrEqual(z.exact!);
    expect(z.interval[1]).toBeGreaterThanOrEqual(z.exact!);
  });

  it('a data base that misses the model\'s main mode: the uniform-base check disagrees, and reverse AIS from exact samples opens a gap', async () => {
    const view = twoModeView(16, 4, 8);
    const zeros = datasetFromRows(Array.from({ length: 40 }, () => new Array(16).fill(0)));
    const z = await estimateRbmLogPartition(view, { temperatures: 30, runs: 50, seed: 1, data: zeros });
    const exact = rbmLogPartition(view);
    console.log(`two modes: exact ${exact.toFixed(2)}; data base ${z.forward.logZ.toFixed(2)} ± ${z.forward.standardError.toFixed(2)}, uniform base ${z.otherBase!.logZ.toFixed(2)} ± ${z.otherBase!.standardError.toFixed(2)}, reverse ${z.reverse!.logZ.toFixed(2)} ± ${z.reverse!.standardError.toFixed(2)}; warnings ${codes(z).join(', ')}`);
    expect(codes(z)).toContain('basesDisagree');
    expect(codes(z)).toContain('forwardReverseGap');
    expect(z.forward.logZ).toBeLessThan(exact - 10);
  });

  it('reverse AIS from Gibbs chains (smaller layer over 24 units) is flagged as not guaranteed conservative', async () => {
    const model = rbmModel(30, 26, 'pm1');
    const view = rbmView(model, randomParameters(model, 1, 0.1, 0.3));
    const z = await estimateRbmLogPartition(view, { temperatures: 40, runs: 20, reverseBurnIn: 50, data: randomDataset(30, 10, 1), checkBase: false });
    expect(z.provenance.reverseStart).toBe('gibbs');
    expect(z.exact).toBeUndefined();
    expect(codes(z)).toContain('approximateReverseStart');
  });
});
