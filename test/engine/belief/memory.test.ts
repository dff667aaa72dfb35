import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { meanFieldBound } from '../../../engine/belief/bound/meanField';
import { mixtureBound } from '../../../engine/belief/bound/mixture';
import { boundStudy } from '../../../engine/belief/bound/study';
import { exactBeliefInference, exactLogLikelihoodGradient } from '../../../engine/belief/exact';
import { gibbsPosterior } from '../../../engine/belief/gibbs';
import { createBoundTrainer } from '../../../engine/belief/learning/boundLearning';
import { createGibbsTrainer } from '../../../engine/belief/learning/gibbsLearning';
import { randomDagNetwork, randomLayeredNetwork } from '../../../engine/belief/randomNetworks';
import { ancestralSample } from '../../../engine/belief/sampling';
import { hintonBars } from '../../../engine/data/generators';
import { useTestBackend } from '../helpers/models';

beforeAll(useTestBackend);

describe('tensor bookkeeping of the belief-network engine', () => {
  it('leaves tf.memory().numTensors unchanged after every public function, including warm starts and refusals', () => {
    const { network } = randomDagNetwork(8, 3, 2);
    const layered = randomLayeredNetwork([2, 4, 6], 1);
    const evidence = { units: [1, 4, 6], values: Uint8Array.of(1, 0, 1, 0, 0, 1), count: 2 };
    const visible = { units: layered.visibleIndices, values: new Uint8Array(12), count: 2 };
    const bars = hintonBars(20, 1, 2);
    const calls: [string, () => unknown][] = [
      ['ancestralSample', () => ancestralSample(network, { count: 5 })],
      ['exactBeliefInference', () => exactBeliefInference(network, evidence)],
      ['exactLogLikelihoodGradient', () => exactLogLikelihoodGradient(network, evidence)],
      ['gibbsPosterior', () => gibbsPosterior(network, evidence, { chains: 4, burnIn: 2, sweeps: 3 })],
      ['meanFieldBound', () => meanFieldBound(network, evidence, { withGradient: true })],
      ['meanFieldBound (uniform start)', () => meanFieldBound(layered, visible, { init: 'uniform', seed: 3 })],
      [
        'mixtureBound (and a warm start from its state)',
        () => {
          const first = mixtureBound(layered, visible, { components: 3, maxSweeps: 5, withGradient: true });
          return mixtureBound(layered, visible, { components: 3, maxSweeps: 5, mixtureStart: first.state });
        },
      ],
      ['boundStudy', () => boundStudy({ networks: 10, components: [1, 2], maxSweeps: 5 })],
      [
        'trainers',
        () => {
          const small = randomLayeredNetwork([2, 4], 3);
          createBoundTrainer(small, bars, { components: 2, sweeps: 3 }).epoch();
          createGibbsTrainer(small, bars).epoch();
        },
      ],
      ['refused exact inference', () => expect(() => exactBeliefInference(randomLayeredNetwork([10, 20], 1), { units: [], values: new Uint8Array(0), count: 1 })).toThrow()],
      ['refused evidence', () => expect(() => meanFieldBound(network, { units: [99], values: Uint8Array.of(1), count: 1 })).toThrow(/outside/)],
    ];
    for (const [name, call] of calls) {
      const before = tf.memory().numTensors;
      call();
      expect(tf.memory().numTensors, name).toBe(before);
    }
  });
});
