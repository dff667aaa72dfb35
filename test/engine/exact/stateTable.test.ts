import { beforeAll, describe, expect, it } from 'vitest';
import { beliefLogJoints } from '../../../engine/belief/jointTable';
import { beliefNetwork } from '../../../engine/belief/network';
import { layeredBeliefSpec, randomBeliefParameters } from '../../../engine/belief/randomNetworks';
import { exactStateTable } from '../../../engine/exact/stateTable';
import { topIndices } from '../../../engine/exact/topIndices';
import { bruteForce } from '../helpers/bruteForce';
import { datasetFromRows, fullyCoupledModel, layeredModel, randomDataset, randomParameters, useTestBackend } from '../helpers/models';
import { noLeak } from '../helpers/noLeak';
import { logJoint64 } from '../belief/reference';

beforeAll(async () => {
  await useTestBackend();
});

const bitsOf = (state: string) => Array.from(state, Number);
const indexOf = (state: string) => bitsOf(state).reduce((sum, bit, i) => sum + bit * 2 ** i, 0);

describe('topIndices', () => {
  it('returns the largest values first, lower index first on ties, as a full sort would', () => {
    const scores = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
    const sorted = scores.map((_, k) => k).sort((a, b) => scores[b] - scores[a] || a - b);
    expect(topIndices(scores, 4)).toEqual(sorted.slice(0, 4));
    expect(topIndices(scores, 100)).toEqual(sorted);
    expect(topIndices(scores, 0)).toEqual([]);
  });
});

describe('beliefLogJoints', () => {
  it('gives ln P(s) of every state across several chunks (18 units), matching float64 sums and normalised', async () => {
    const model = layeredBeliefSpec([3, 15]);
    const network = beliefNetwork(model, randomBeliefParameters(model, 8, { scale: 1.5 }));
    const logJoints = await noLeak(async () => beliefLogJoints(network));
    expect(logJoints).toHaveLength(2 ** 18);
    for (const index of [0, 1, 65535, 65536, 100_003, 2 ** 18 - 1]) {
      expect(logJoints[index]).toBeCloseTo(logJoint64(network, Array.from({ length: 18 }, (_, i) => Math.floor(index / 2 ** i) % 2)), 4);
    }
    expect(logJoints.reduce((sum, l) => sum + Math.exp(l), 0)).toBeCloseTo(1, 4);
  });
});

describe('exactStateTable', () => {
  it('energy model: H(s), P(s), ln Z, P(v) and KL equal a float64 brute-force enumeration', async () => {
    const model = fullyCoupledModel(3, 4, 'pm1');
    const params = randomParameters(model, 11, 0.8);
    const data = datasetFromRows([[0, 0, 0], [1, 1, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]]);
    const table = await noLeak(async () => exactStateTable(model, params, { data }));
    const reference = bruteForce(model, params);
    expect(table.totalStates).toBe(128);
    expect(table.states).toHaveLength(128);
    expect(table.logPartition).toBeCloseTo(reference.logZ, 5);
    for (const row of table.states) {
      const k = indexOf(row.state);
      expect(row.energy).toBeCloseTo(reference.energies[k], 9);
      expect(row.probability).toBeCloseTo(reference.probabilities[k], 6);
    }
    for (let r = 1; r < table.states.length; r++) expect(table.states[r].probability).toBeLessThanOrEqual(table.states[r - 1].probability);
    expect(table.states.reduce((s, r) => s + r.probability, 0)).toBeCloseTo(1, 5);
    expect(table.visible).toHaveLength(8);
    let kl = 0;
    for (const row of table.visible) {
      expect(row.model).toBeCloseTo(Math.exp(reference.logProbabilityOf(bitsOf(row.pattern))), 6);
      const expected = { '000': 0.2, '110': 0.4, '011': 0.2, '101': 0.2 }[row.pattern] ?? 0;
      expect(row.data).toBeCloseTo(expected, 12);
      if (expected > 0) kl += expected * Math.log(expected / Math.exp(reference.logProbabilityOf(bitsOf(row.pattern))));
    }
    expect(table.kl).toBeCloseTo(kl, 5);
  });

  it('keeps the most probable maxRows states and the patterns the data holds, 0/1 models with hidden units first', async () => {
    const model = layeredModel(4, 6, 'binary01', true);
    const params = randomParameters(model, 5, 1.2);
    const data = randomDataset(4, 30, 2);
    const table = exactStateTable(model, params, { data, maxRows: 10 });
    const reference = bruteForce(model, params);
    const best = Array.from(reference.probabilities.keys()).sort((a, b) => reference.probabilities[b] - reference.probabilities[a]).slice(0, 10);
    expect(table.states.map((r) => indexOf(r.state))).toEqual(best);
    expect(table.totalStates).toBe(1024);
    expect(table.visible.length).toBe(10);
    const model16 = Array.from({ length: 16 }, (_, p) => Math.exp(reference.logProbabilityOf(Array.from({ length: 4 }, (_, k) => (p >> k) & 1))));
    for (const row of table.visible) expect(row.model).toBeCloseTo(model16[indexOf(row.pattern)], 6);
  });

  it('sigmoid belief network: P(s) = Π P(s_i | parents), energy −ln P(s), ln Z 0, P(v) and KL against float64 sums', async () => {
    const model = layeredBeliefSpec([2, 3, 4]);
    const params = randomBeliefParameters(model, 3, { scale: 2 });
    const network = beliefNetwork(model, params);
    const data = randomDataset(4, 25, 9);
    const table = await noLeak(async () => exactStateTable(model, params, { data }));
    expect(table.logPartition).toBe(0);
    expect(table.totalStates).toBe(512);
    const visible = new Float64Array(16);
    for (let k = 0; k < 512; k++) {
      const s = Array.from({ length: 9 }, (_, i) => (k >> i) & 1);
      visible[model.visibleIndices.reduce((p, unit, j) => p + s[unit] * 2 ** j, 0)] += Math.exp(logJoint64(network, s));
    }
    for (const row of table.states) {
      const logP = logJoint64(network, bitsOf(row.state));
      expect(row.energy).toBeCloseTo(-logP, 9);
      expect(row.probability).toBeCloseTo(Math.exp(logP), 9);
    }
    expect(table.states.reduce((s, r) => s + r.probability, 0)).toBeCloseTo(1, 9);
    let kl = 0;
    for (const row of table.visible) {
      expect(row.model).toBeCloseTo(visible[indexOf(row.pattern)], 6);
      if (row.data) kl += row.data * Math.log(row.data / visible[indexOf(row.pattern)]);
    }
    expect(table.kl).toBeCloseTo(kl, 5);
  });

  it('refuses models beyond 24 units and data of the wrong width, naming the fix', () => {
    const model = fullyCoupledModel(3, 4);
    const params = randomParameters(model, 1);
    expect(() => exactStateTable(model, params, { data: randomDataset(5, 3, 1) })).toThrow(/5 columns but the model has 3 visible units; use a dataset with 3 columns/);
    const big = layeredModel(20, 5);
    expect(() => exactStateTable(big, randomParameters(big, 1))).toThrow(/at most 24 units; this model has 25/);
  });
});
