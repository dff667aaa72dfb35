import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { meanFieldBound, meanFieldBoundAsync } from '../../../engine/belief/bound/meanField';
import { mixtureBound, mixtureBoundAsync } from '../../../engine/belief/bound/mixture';
import type { BeliefEvidence } from '../../../engine/belief/evidence';
import { randomLayeredBatch } from '../../../engine/belief/randomNetworks';
import { createRandom } from '../../../engine/random/seeded';
import { useTestBackend } from '../helpers/models';

beforeAll(useTestBackend);

// Strongly coupled 3-8-12 networks need many sweeps, so the fits yield often.
const batch = randomLayeredBatch([3, 8, 12], 20, 4, { scale: 3 });
const random = createRandom(8);
const evidence: BeliefEvidence = { units: batch.visibleIndices, values: Uint8Array.from({ length: 3 * 12 }, () => random.int(2)), count: 3 };

describe('the bounds driven asynchronously (progress, pause and cancel between sweeps)', () => {
  it('give exactly the synchronous results, calling between() once per sweep after the first', async () => {
    let calls = 0;
    const sync = meanFieldBound(batch, evidence, { maxSweeps: 200 });
    const driven = await meanFieldBoundAsync(batch, evidence, { maxSweeps: 200 }, () => void calls++);
    expect(Array.from(driven.bound)).toEqual(Array.from(sync.bound));
    expect(Array.from(driven.means)).toEqual(Array.from(sync.means));
    expect(calls).toBe(sync.sweeps - 1);

    const mixture = mixtureBound(batch, evidence, { components: 3, maxSweeps: 200, seed: 2 });
    const mixtureDriven = await mixtureBoundAsync(batch, evidence, { components: 3, maxSweeps: 200, seed: 2 }, async () => undefined);
    expect(Array.from(mixtureDriven.bound)).toEqual(Array.from(mixture.bound));
    expect(Array.from(mixtureDriven.weights)).toEqual(Array.from(mixture.weights));
  });

  it('a throw from between() stops the fit at once and frees every tensor', async () => {
    const before = tf.memory().numTensors;
    for (const stopAt of [1, 5]) {
      let calls = 0;
      const stop = () => {
        if (++calls === stopAt) throw new Error('stopped');
      };
      await expect(meanFieldBoundAsync(batch, evidence, { maxSweeps: 200 }, stop)).rejects.toThrow('stopped');
      expect(calls).toBe(stopAt);
      calls = 0;
      await expect(mixtureBoundAsync(batch, evidence, { components: 2, maxSweeps: 200 }, stop)).rejects.toThrow('stopped');
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});
