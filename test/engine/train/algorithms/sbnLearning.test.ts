import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { exactMeanLogLikelihood } from '../../../../engine/belief/learning/common';
import { beliefNetwork } from '../../../../engine/belief/network';
import { layeredBeliefSpec } from '../../../../engine/belief/randomNetworks';
import { hintonBars } from '../../../../engine/data/generators';
import { algorithmsFor, findAlgorithm } from '../../../../engine/train/catalog';
import { trainModel, type EpochReport } from '../../../../engine/train/train';
import { fullyCoupledModel, useTestBackend } from '../../helpers/models';

beforeAll(useTestBackend);

const SBN_ALGORITHMS = ['sbn-gibbs', 'sbn-meanfield', 'sbn-mixture'];

describe('sigmoid belief network training algorithms', () => {
  it('are offered for belief networks only, with metrics fitted to the network size', () => {
    const small = layeredBeliefSpec([1, 8, 16]);
    const names = algorithmsFor(small).map((a) => a.name);
    for (const name of SBN_ALGORITHMS) expect(names).toContain(name);
    for (const name of SBN_ALGORITHMS) expect(findAlgorithm(name)!.refuses(fullyCoupledModel(3, 2))).toMatch(/sigmoid belief networks/);
    expect(findAlgorithm('sbn-meanfield')!.infoFor!(small).metrics).toEqual(['bound', 'logLikelihood']);
    expect(findAlgorithm('sbn-meanfield')!.infoFor!(layeredBeliefSpec([4, 20, 16])).metrics).toEqual(['bound']);
    expect(findAlgorithm('sbn-gibbs')!.infoFor!(layeredBeliefSpec([4, 20, 16])).metrics).toEqual(['sampledLogJoint']);
  });

  it('each trains the 1-8-16 bars network through trainModel: listed metrics every epoch, likelihood up, no tensors left', async () => {
    const spec = layeredBeliefSpec([1, 8, 16]);
    const data = hintonBars(100, 3);
    const configs: Record<string, Record<string, number | string>> = {
      'sbn-gibbs': { statistics: 'sampled' },
      'sbn-meanfield': {},
      'sbn-mixture': { components: 2, batchSize: 50 },
    };
    for (const algorithm of SBN_ALGORITHMS) {
      const reports: EpochReport[] = [];
      const before = tf.memory().numTensors;
      const params = await trainModel(spec, data, { algorithm, epochs: 4, seed: 1, config: configs[algorithm] }, undefined, {
        onEpoch: (e) => void reports.push(e),
      });
      expect(tf.memory().numTensors, algorithm).toBe(before);
      const metrics = findAlgorithm(algorithm)!.infoFor!(spec).metrics;
      for (const r of reports) expect(Object.keys(r.metrics).sort(), algorithm).toEqual([...metrics].sort());
      expect(reports[3].metrics.logLikelihood, algorithm).toBeGreaterThan(reports[0].metrics.logLikelihood);
      // The reported likelihood is that of the returned parameters.
      expect(exactMeanLogLikelihood(beliefNetwork(spec, params), data)).toBeCloseTo(reports[3].metrics.logLikelihood, 4);
    }
  });

  it('refuses exact statistics beyond 24 hidden units, naming the way out', async () => {
    const spec = layeredBeliefSpec([5, 20, 4]);
    const data = hintonBars(4, 1, 2);
    await expect(trainModel(spec, data, { algorithm: 'sbn-gibbs', epochs: 1, seed: 1, config: { statistics: 'exact' } }, undefined, { onEpoch: () => {} })).rejects.toThrow(
      /at most 24.*use sampled statistics/,
    );
  });
});
