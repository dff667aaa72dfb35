import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomLayeredNetwork } from '../../../../engine/belief/randomNetworks';
import { ancestralSample, visibleBits } from '../../../../engine/belief/sampling';
import { attractorScore, classify, exactScore, meanFieldScore } from '../../../../engine/belief/uses/classify';
import { confusionMatrix } from '../../../../engine/belief/uses/confusion';
import { useTestBackend } from '../../helpers/models';

beforeAll(async () => {
  await useTestBackend();
});

/** 60 samples from each of three random 2-4-6 "class" networks (weights in (−2, 2)), rows grouped by class. */
function threeClasses(): { networks: ReturnType<typeof randomLayeredNetwork>[]; bits: Uint8Array; labels: number[] } {
  const networks = [11, 12, 13].map((seed) => randomLayeredNetwork([2, 4, 6], seed, { scale: 2 }));
  const parts = networks.map((net, c) => visibleBits(ancestralSample(net, { count: 60, seed: 100 + c }), net.visibleIndices));
  const bits = new Uint8Array(180 * 6);
  parts.forEach((part, c) => bits.set(part, c * 60 * 6));
  return { networks, bits, labels: Array.from({ length: 180 }, (_, r) => Math.floor(r / 60)) };
}

describe('generative classification (Saul & Jordan §4)', () => {
  it('labels patterns by the class network with the highest −L, nearly as the exact-likelihood (Bayes) classifier does', async () => {
    const { networks, bits, labels } = threeClasses();
    const before = tf.memory().numTensors;
    const byAttractor = await classify(networks, bits, 180, attractorScore(), { chunkSize: 50 });
    const byExact = await classify(networks, bits, 180, exactScore);
    expect(tf.memory().numTensors).toBe(before);
    const exactError = confusionMatrix(labels, byExact.predicted, 3).errorRate;
    const attractorError = confusionMatrix(labels, byAttractor.predicted, 3).errorRate;
    expect(exactError).toBeLessThan(0.4);
    expect(attractorError).toBeLessThan(exactError + 0.05);
    const agree = byAttractor.predicted.filter((c, b) => c === byExact.predicted[b]).length;
    expect(agree).toBeGreaterThanOrEqual(165);
    // −L as the stand-in for ln P(V): below it for every pattern here (0.02–0.28 nats), 0.11 nats (≈ 3 %) on average.
    const gaps = Array.from(byAttractor.scores, (s, k) => byExact.scores[k] - s);
    for (const gap of gaps) expect(gap).toBeGreaterThan(0);
    expect(gaps.reduce((a, b) => a + b, 0) / gaps.length).toBeLessThan(0.2);
  });

  it('takes the SJJ mean-field bound as the score: below ln P(V) for every pattern, nearly the Bayes decisions', async () => {
    const { networks, bits, labels } = threeClasses();
    const byBound = await classify(networks, bits, 180, meanFieldScore());
    const byExact = await classify(networks, bits, 180, exactScore);
    byBound.scores.forEach((f, k) => expect(f).toBeLessThanOrEqual(byExact.scores[k] + 1e-5));
    const agree = byBound.predicted.filter((c, b) => c === byExact.predicted[b]).length;
    expect(agree).toBeGreaterThanOrEqual(165);
    expect(confusionMatrix(labels, byBound.predicted, 3).errorRate).toBeLessThan(confusionMatrix(labels, byExact.predicted, 3).errorRate + 0.05);
  });

  it('takes any score function, scores networks of different structures one by one, and chunks patterns without changing results', async () => {
    const { bits } = threeClasses();
    const networks = [randomLayeredNetwork([2, 4, 6], 1), randomLayeredNetwork([3, 6], 2), randomLayeredNetwork([1, 2, 6], 3)];
    const whole = await classify(networks, bits, 180, exactScore);
    const chunked = await classify(networks, bits, 180, exactScore, { chunkSize: 7 });
    expect(Array.from(chunked.scores)).toEqual(Array.from(whole.scores));
    const constant = await classify(networks.slice(0, 2), bits, 180, (nets, evidence) => new Float32Array(nets.networkCount * evidence.count).fill(-1).fill(2, 0, evidence.count));
    expect(Array.from(new Set(constant.predicted))).toEqual([0]);
    await expect(classify(networks, bits, 179, exactScore)).rejects.toThrow(/179 × 6/);
    await expect(classify([], bits, 180)).rejects.toThrow(/one network per class/);
  });
});
