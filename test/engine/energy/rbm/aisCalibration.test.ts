import { beforeAll, describe, expect, it } from 'vitest';
import type { UnitEncoding } from '../../../../engine/diagram/types';
import { estimateRbmLogPartition } from '../../../../engine/energy/rbm/ais';
import { rbmLogPartition } from '../../../../engine/energy/rbm/exact';
import { rbmView, type RbmView } from '../../../../engine/energy/rbm/view';
import { aisSide, sidesInterval } from '../../../../engine/likelihood/weights';
import { createRandom } from '../../../../engine/random/seeded';
import { randomDataset, randomParameters, rbmModel, useTestBackend } from '../../helpers/models';

beforeAll(useTestBackend);

/** Random N(0, scale²) weights and N(0, ½²) biases. */
function randomView(v: number, h: number, encoding: UnitEncoding, seed: number, scale: number): RbmView {
  const model = rbmModel(v, h, encoding);
  return rbmView(model, randomParameters(model, seed, scale, 0.5));
}

/**
 * Trained-looking structure: each hidden unit owns a random template of the visible units (weights ±strength on it, small
 * noise elsewhere) and a bias that keeps it off unless its template is matched, visible biases negative (sparse images).
 */
function templateView(v: number, h: number, encoding: UnitEncoding, seed: number, strength: number): RbmView {
  const random = createRandom(seed).fork('templates');
  const weights = new Float32Array(v * h);
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < v; i++) weights[i * h + j] = random.next() < 0.3 ? strength * (random.next() < 0.5 ? -1 : 1) : 0.1 * random.normal();
  }
  const hiddenBias = Float32Array.from({ length: h }, () => -strength * (encoding === 'pm1' ? 0.5 : 2));
  const visibleBias = Float32Array.from({ length: v }, () => -0.5 + 0.3 * random.normal());
  return { encoding, visibleCount: v, hiddenCount: h, weights, visibleBias, hiddenBias };
}

interface Calibration {
  inside: number;
  z: number[];
  forwardError: number[];
  reverseError: number[];
}

/** G independent estimates of R runs each from one batched call: run blocks of one stream are independent replicas (as seeds). */
async function calibrate(view: RbmView, groups: number, runs: number, temperatures: number, seed: number, out: Calibration): Promise<void> {
  const data = randomDataset(view.visibleCount, 50, seed);
  const estimate = await estimateRbmLogPartition(view, { temperatures, runs: groups * runs, seed, data, checkBase: false });
  expect(estimate.provenance.reverseStart).toBe('exact');
  const exact = rbmLogPartition(view);
  expect(Math.abs(estimate.exact! - exact)).toBeLessThan(1e-3);
  const betas = estimate.forward.effectiveShare;
  for (let g = 0; g < groups; g++) {
    const part = (w: Float64Array) => w.slice(g * runs, (g + 1) * runs);
    const forward = aisSide('forward', estimate.logZBase, part(estimate.forward.logWeights), betas);
    const reverse = aisSide('reverse', estimate.logZBase, part(estimate.reverse!.logWeights), betas);
    const [lower, upper] = sidesInterval([forward, reverse].map((s) => ({ value: s.logZ, standardError: s.standardError })));
    if (lower <= exact && exact <= upper) out.inside++;
    out.z.push((forward.logZ - exact) / forward.standardError);
    out.forwardError.push(forward.logZ - exact);
    out.reverseError.push(reverse.logZ - exact);
  }
}

const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
const sd = (x: number[]) => Math.sqrt(x.reduce((a, b) => a + (b - mean(x)) ** 2, 0) / (x.length - 1));

describe('forward and reverse AIS calibrated against enumeration over many seeds', () => {
  it.each([
    [20, 12],
    [12, 20],
  ])('%i × %i: exact log Z inside the interval in ≥ 95 percent of seeds, standard z-scores, each side biased its own way', async (v, h) => {
    const out: Calibration = { inside: 0, z: [], forwardError: [], reverseError: [] };
    const groups = 20;
    await calibrate(randomView(v, h, 'binary01', 1, 1.0), groups, 40, 300, 1, out);
    await calibrate(randomView(v, h, 'pm1', 2, 0.5), groups, 40, 300, 2, out);
    await calibrate(templateView(v, h, 'binary01', 3, 3), groups, 40, 300, 3, out);
    await calibrate(templateView(v, h, 'pm1', 4, 1.2), groups, 40, 300, 4, out);
    const n = out.z.length;
    console.log(
      `${v}×${h}: ${out.inside}/${n} inside; z mean ${mean(out.z).toFixed(2)} sd ${sd(out.z).toFixed(2)}; ` +
        `forward − exact mean ${mean(out.forwardError).toFixed(4)} (sd ${sd(out.forwardError).toFixed(4)}), reverse − exact mean ${mean(out.reverseError).toFixed(4)} (sd ${sd(out.reverseError).toFixed(4)})`,
    );
    expect(n).toBeGreaterThanOrEqual(40);
    expect(out.inside / n).toBeGreaterThanOrEqual(0.95);
    expect(Math.abs(mean(out.z))).toBeLessThan(1);
    expect(sd(out.z)).toBeLessThan(3);
    expect(mean(out.reverseError)).toBeGreaterThan(-3 * sd(out.reverseError) / Math.sqrt(n));
    expect(mean(out.forwardError)).toBeLessThan(3 * sd(out.forwardError) / Math.sqrt(n));
  });
});
