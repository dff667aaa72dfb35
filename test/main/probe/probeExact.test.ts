import { describe, expect, it } from 'vitest';
import { beliefNetwork } from '../../../engine/belief/network';
import { layeredBeliefDiagram, layeredBeliefSpec, randomBeliefParameters } from '../../../engine/belief/randomNetworks';
import { compile } from '../../../engine/compiler/compile';
import type { EnergyModelSpec } from '../../../engine/compiler/types';
import type { Diagram } from '../../../engine/diagram/types';
import { diagramWithParameters, parametersFromModel } from '../../../engine/model/parameters';
import { EXACT_TABLE_MAX_UNITS } from '../../../main/api/contract';
import { MAX_TABLE_UNITS } from '../../../engine/exact/stateTable';
import type { AppServices } from '../../../main/services/appServices';
import { unitNames } from '../../../main/jobs/methods/exactShared';
import { logJoint64 } from '../../engine/belief/reference';
import { bruteForce } from '../../engine/helpers/bruteForce';
import { errorOf, nextEvent, openXorExample, servicesPerTest, sharedRunnerPerFile, valueOf, xorRequest } from '../helpers';

const makeServices = servicesPerTest();
const runner = sharedRunnerPerFile();
const setup = () => makeServices({ runner: runner(), progressIntervalMs: 20 });

const bitsOf = (state: string) => Array.from(state, Number);
const indexOf = (state: string) => bitsOf(state).reduce((sum, bit, i) => sum + bit * 2 ** i, 0);

async function waitForEnd(services: AppServices, start: () => Promise<unknown>) {
  const ended = nextEvent(services, 'run:ended');
  await start();
  return ended;
}

describe('probe:exact', () => {
  it('refuses above the same unit count the renderer asks about (contract EXACT_TABLE_MAX_UNITS = engine MAX_TABLE_UNITS)', () => {
    expect(EXACT_TABLE_MAX_UNITS).toBe(MAX_TABLE_UNITS);
  });

  it('XOR machine: the table equals a float64 brute-force enumeration and its KL the exact evaluation job', async () => {
    const { services } = setup();
    const example = await openXorExample(services);
    const diagramId = example.diagrams[0].id;
    const datasetId = example.datasets[0].id;
    expect(errorOf(await services.handle('probe:exact', { diagramId, datasetId }))).toEqual({
      code: 'invalid-argument',
      message: "Diagram 'XOR Boltzmann machine' has no parameters yet: train it in the Train panel first.",
    });
    const trained = await waitForEnd(services, async () => valueOf(await services.handle('run:start', xorRequest(example, { epochs: 200 }))));
    const compiled = compile(trained.diagram as Diagram);
    if (!compiled.ok || compiled.model.type !== 'energy') throw new Error('expected an energy model');
    const model: EnergyModelSpec = compiled.model;
    const reference = bruteForce(model, parametersFromModel(model)!);

    const table = valueOf(await services.handle('probe:exact', { diagramId, datasetId }));
    expect(table.unitNames).toEqual(unitNames(model));
    expect(table.unitNames.slice(0, 3)).toEqual(['x1', 'x2', 'y']);
    expect(table.visibleIndices).toEqual(model.visibleIndices);
    expect(table.totalStates).toBe(128);
    expect(table.states).toHaveLength(128);
    expect(table.logPartition).toBeCloseTo(reference.logZ, 4);
    for (const row of table.states) {
      expect(row.energy).toBeCloseTo(reference.energies[indexOf(row.state)], 6);
      expect(row.probability).toBeCloseTo(reference.probabilities[indexOf(row.state)], 6);
    }
    expect(table.states.reduce((sum, row) => sum + row.probability, 0)).toBeCloseTo(1, 5);
    expect(table.visible).toHaveLength(8);
    for (const row of table.visible) {
      expect(row.model).toBeCloseTo(Math.exp(reference.logProbabilityOf(bitsOf(row.pattern))), 6);
      const [x1, x2, y] = bitsOf(row.pattern);
      expect(row.data).toBe((x1 ^ x2) === y ? 0.25 : 0);
    }

    const evaluated = await waitForEnd(services, () => services.handle('job:start', { kind: 'evaluate', diagramId, datasetId, method: 'exact', seed: 1, config: {} }));
    const [figures] = valueOf(await services.handle('run:metrics', { runId: evaluated.run.id }));
    expect(table.kl).toBeCloseTo(figures.values.kl, 6);
    const finalTraining = valueOf(await services.handle('run:metrics', { runId: trained.run.id })).at(-1)!.values;
    expect(Math.abs(table.kl! - finalTraining.kl)).toBeLessThan(1e-3);

    const withoutData = valueOf(await services.handle('probe:exact', { diagramId }));
    expect(withoutData.kl).toBeUndefined();
    expect(withoutData.visible.every((row) => row.data === undefined)).toBe(true);
  });

  it('sigmoid belief network: P(s) = Π P(s_i | parents), energy −ln P(s), ln Z 0, KL against float64 sums', async () => {
    const { services } = setup();
    valueOf(await services.handle('project:new', undefined));
    const model = layeredBeliefSpec([2, 3, 4]);
    const params = randomBeliefParameters(model, 5, { scale: 2 });
    const diagram = diagramWithParameters(layeredBeliefDiagram([2, 3, 4]), params);
    valueOf(await services.handle('diagram:put', { diagram }));
    const rows = ['0,1,1,0', '1,1,0,0', '0,1,1,0', '1,0,0,1'];
    const dataset = valueOf(await services.handle('dataset:import', { source: 'csv', fileName: 'four.csv', text: `${rows.join('\n')}\n` }));

    const table = valueOf(await services.handle('probe:exact', { diagramId: diagram.id, datasetId: dataset.id }));
    const network = beliefNetwork(model, params);
    expect(table).toMatchObject({ logPartition: 0, totalStates: 512, visibleIndices: [5, 6, 7, 8] });
    expect(table.states).toHaveLength(512);
    for (const row of table.states) {
      const logP = logJoint64(network, bitsOf(row.state));
      expect(row.energy).toBeCloseTo(-logP, 9);
      expect(row.probability).toBeCloseTo(Math.exp(logP), 9);
    }
    const visible = new Map<string, number>();
    for (let k = 0; k < 512; k++) {
      const s = Array.from({ length: 9 }, (_, i) => (k >> i) & 1);
      const pattern = s.slice(5).join('');
      visible.set(pattern, (visible.get(pattern) ?? 0) + Math.exp(logJoint64(network, s)));
    }
    const frequencies: Record<string, number> = { '0110': 0.5, '1100': 0.25, '1001': 0.25 };
    let kl = 0;
    for (const row of table.visible) {
      expect(row.model).toBeCloseTo(visible.get(row.pattern)!, 6);
      expect(row.data).toBe(frequencies[row.pattern] ?? 0);
      if (row.data) kl += row.data * Math.log(row.data / visible.get(row.pattern)!);
    }
    expect(table.kl).toBeCloseTo(kl, 5);
  });

  it('refuses what it cannot enumerate or read, naming the fix', async () => {
    const { services } = setup();
    const example = await openXorExample(services);
    const xor = example.diagrams[0];
    expect(errorOf(await services.handle('probe:exact', { diagramId: 'nope' })).code).toBe('not-found');
    expect(errorOf(await services.handle('probe:exact', {} as never))).toMatchObject({ code: 'invalid-argument', message: 'probe:exact needs { diagramId: string }.' });
    const big = layeredBeliefDiagram([5, 20]);
    valueOf(await services.handle('diagram:put', { diagram: diagramWithParameters(big, randomBeliefParameters(layeredBeliefSpec([5, 20]), 1)) }));
    expect(errorOf(await services.handle('probe:exact', { diagramId: big.id }))).toMatchObject({
      code: 'invalid-argument',
      message: expect.stringMatching(/at most 24 units; this model has 25: the Generate and Compare views sample larger models instead/),
    });
    const small = layeredBeliefDiagram([2, 4]);
    valueOf(await services.handle('diagram:put', { diagram: diagramWithParameters(small, randomBeliefParameters(layeredBeliefSpec([2, 4]), 1)) }));
    expect(errorOf(await services.handle('probe:exact', { diagramId: small.id, datasetId: example.datasets[0].id }))).toMatchObject({
      code: 'invalid-data',
      message: expect.stringMatching(/has 3 columns but diagram .* has 4 visible units; use a dataset with 4 columns/),
    });
    expect(errorOf(await services.handle('probe:exact', { diagramId: xor.id, datasetId: 'gone' })).code).toBe('not-found');
  });

  it('computes off the main loop: calls made while a 21-unit table is enumerated answer at once', async () => {
    const { services } = setup();
    valueOf(await services.handle('project:new', undefined));
    const sizes = [5, 16];
    const diagram = diagramWithParameters(layeredBeliefDiagram(sizes), randomBeliefParameters(layeredBeliefSpec(sizes), 2));
    valueOf(await services.handle('diagram:put', { diagram }));
    valueOf(await services.handle('probe:exact', { diagramId: diagram.id }));
    let done = false;
    const started = performance.now();
    const probe = services.handle('probe:exact', { diagramId: diagram.id }).then((result) => {
      done = true;
      return result;
    });
    const latencies: number[] = [];
    while (!done) {
      const sent = performance.now();
      valueOf(await services.handle('app:info', undefined));
      latencies.push(performance.now() - sent);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const table = valueOf(await probe);
    const probeMs = performance.now() - started;
    expect(table.totalStates).toBe(2 ** 21);
    expect(table.states).toHaveLength(4096);
    expect(latencies.length).toBeGreaterThan(3);
    expect(Math.max(...latencies)).toBeLessThan(Math.max(50, probeMs / 5));
  });
});
