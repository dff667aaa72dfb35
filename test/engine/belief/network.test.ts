import { describe, expect, it } from 'vitest';
import { asBatch, beliefNetwork, blockParameters, networkAt, parentsOf, stackNetworks } from '../../../engine/belief/network';
import {
  layeredBeliefSpec,
  randomBeliefParameters,
  randomDagNetwork,
  randomLayeredBatch,
  randomLayeredNetwork,
} from '../../../engine/belief/randomNetworks';

describe('dense belief network', () => {
  it('puts block [parent r, child c] at J[child, parent] and round-trips through blockParameters', () => {
    const model = layeredBeliefSpec([2, 3]);
    const params = randomBeliefParameters(model, 3);
    const net = beliefNetwork(model, params);
    const block = params.weights.link0;
    for (let r = 0; r < 2; r++) for (let c = 0; c < 3; c++) expect(net.weights[(2 + c) * 5 + r]).toBe(block[r * 3 + c]);
    expect(net.weights[0 * 5 + 2]).toBe(0);
    const back = blockParameters(model, net.weights, net.biases);
    expect(Array.from(back.weights.link0)).toEqual(Array.from(block));
    expect(Array.from(back.biases.layer1)).toEqual(Array.from(params.biases.layer1));
  });

  it('lists layers, order, visible and hidden units of a 2-4-6 network', () => {
    const net = randomLayeredNetwork([2, 4, 6], 1);
    expect(net.layers).toEqual([[0, 1], [2, 3, 4, 5], [6, 7, 8, 9, 10, 11]]);
    expect(net.order).toEqual(Array.from({ length: 12 }, (_, k) => k));
    expect(net.visibleIndices).toEqual([6, 7, 8, 9, 10, 11]);
    expect(net.hiddenIndices).toEqual([0, 1, 2, 3, 4, 5]);
    expect(parentsOf(net, 7)).toEqual([2, 3, 4, 5]);
    for (let k = 0; k < net.weights.length; k++) expect(net.weights[k] === 0).toBe(net.linkMask[k] === 0);
    for (const v of [...net.weights, ...net.biases]) expect(Math.abs(v)).toBeLessThan(1);
  });

  it('orders the units of a random DAG parents first', () => {
    for (let seed = 0; seed < 20; seed++) {
      const { network } = randomDagNetwork(7, 3, seed);
      const position = new Map(network.order.map((u, k) => [u, k]));
      expect(network.visibleIndices).toHaveLength(3);
      for (let i = 0; i < 7; i++) for (const j of parentsOf(network, i)) expect(position.get(j)!).toBeLessThan(position.get(i)!);
      const layerOf = new Map(network.layers.flatMap((units, l) => units.map((u) => [u, l] as const)));
      for (let i = 0; i < 7; i++) for (const j of parentsOf(network, i)) expect(layerOf.get(j)!).toBeLessThan(layerOf.get(i)!);
    }
  });

  it('stacks networks into a batch and reads them back', () => {
    const nets = [randomLayeredNetwork([2, 3], 1), randomLayeredNetwork([2, 3], 2)];
    const batch = stackNetworks(nets);
    expect(batch.networkCount).toBe(2);
    expect(Array.from(networkAt(batch, 1).weights)).toEqual(Array.from(nets[1].weights));
    expect(asBatch(nets[0]).networkCount).toBe(1);
    expect(() => stackNetworks([nets[0], randomLayeredNetwork([3, 2], 1)])).toThrow(/different structure/);
    const random = randomLayeredBatch([2, 4, 6], 10, 5);
    expect(random.weights).toHaveLength(10 * 144);
    expect(networkAt(random, 3).weights[7 * 12 + 1]).toBe(0);
    expect(networkAt(random, 3).weights[7 * 12 + 2]).not.toBe(0);
  });
});
