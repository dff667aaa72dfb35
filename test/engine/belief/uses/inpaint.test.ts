import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { attractorRelax } from '../../../../engine/belief/attractor/relax';
import { meanFieldBound } from '../../../../engine/belief/bound/meanField';
import { exactBeliefInference } from '../../../../engine/belief/exact';
import { randomLayeredNetwork } from '../../../../engine/belief/randomNetworks';
import { ancestralSample, visibleBits } from '../../../../engine/belief/sampling';
import { exactMeans, inpaint, meanFieldMeans } from '../../../../engine/belief/uses/inpaint';
import { useTestBackend } from '../../helpers/models';

beforeAll(async () => {
  await useTestBackend();
});

/** One hidden cause (unit 0) switching eight pixels: J = 4 to each, pixel biases −2, so P(pixel | cause) = σ(±2). */
function commonCause(): ReturnType<typeof randomLayeredNetwork> {
  const net = randomLayeredNetwork([1, 8], 1);
  net.weights.fill(0);
  net.biases.fill(0);
  for (let i = 1; i < 9; i++) [net.weights[i * 9], net.biases[i]] = [4, -2];
  return net;
}

describe('inpainting', () => {
  it('infers the cause from the known pixels and fills the others with posterior means close to the exact ones', async () => {
    const net = commonCause();
    const rows = 40;
    const bits = visibleBits(ancestralSample(net, { count: rows, seed: 3 }), net.visibleIndices);
    const known = [1, 1, 1, 1, 0, 0, 0, 0];
    const before = tf.memory().numTensors;
    const filled = await inpaint(net, bits, rows, { known, chunkSize: 16 });
    const exact = await inpaint(net, bits, rows, { known, method: exactMeans });
    expect(tf.memory().numTensors).toBe(before);
    let error = 0;
    let hits = 0;
    for (let b = 0; b < rows; b++) {
      for (let k = 0; k < 8; k++) {
        if (known[k] === 1) {
          expect(filled[b * 8 + k]).toBe(bits[b * 8 + k]);
          expect(exact[b * 8 + k]).toBeCloseTo(bits[b * 8 + k], 6);
          continue;
        }
        error += Math.abs(filled[b * 8 + k] - exact[b * 8 + k]);
        if ((filled[b * 8 + k] > 0.5 ? 1 : 0) === bits[b * 8 + k]) hits++;
      }
    }
    // Every pixel's prior marginal is ½, so the prior alone gets no pixel right in expectation beyond chance (80 of 160).
    expect(error / (rows * 4)).toBeLessThan(0.03);
    expect(hits).toBeGreaterThan(125);
  });

  it('reads means off the chosen method for the units it leaves free (exact marginals, attractor µ, SJJ bound µ)', async () => {
    const net = randomLayeredNetwork([2, 3, 5], 4);
    const bits = Uint8Array.of(1, 0, 1, 1, 0, 0, 1, 1, 0, 1);
    const known = [0, 1, 1, 0, 1];
    const evidence = { units: [net.visibleIndices[1], net.visibleIndices[2], net.visibleIndices[4]], values: Uint8Array.of(0, 1, 0, 1, 1, 1), count: 2 };
    const exact = exactBeliefInference(net, evidence).marginals;
    const relaxed = await attractorRelax(net, evidence, { recordTrace: false });
    const viaExact = await inpaint(net, bits, 2, { known, method: exactMeans });
    const viaAttractor = await inpaint(net, bits, 2, { known });
    const viaBound = await inpaint(net, bits, 2, { known, method: meanFieldMeans() });
    const bound = meanFieldBound(net, evidence).means;
    for (let b = 0; b < 2; b++) {
      net.visibleIndices.forEach((u, k) => {
        expect(viaExact[b * 5 + k]).toBeCloseTo(exact[b * 10 + u], 6);
        expect(viaAttractor[b * 5 + k]).toBeCloseTo(relaxed.means[b * 10 + u], 6);
        expect(viaBound[b * 5 + k]).toBeCloseTo(bound[b * 10 + u], 6);
      });
    }
  });

  it('refuses a mask of the wrong length', async () => {
    const net = randomLayeredNetwork([2, 3], 1);
    await expect(inpaint(net, Uint8Array.of(1, 0, 1), 1, { known: [1, 0] })).rejects.toThrow(/mask has 2 entries but the network has 3 visible units/);
  });
});
