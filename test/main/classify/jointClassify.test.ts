import { beforeAll, describe, expect, it } from 'vitest';
import { layeredBeliefDiagram, layeredBeliefSpec, randomBeliefParameters } from '../../../engine/belief/randomNetworks';
import type { BinaryDataset } from '../../../engine/data/dataset';
import { diagramId } from '../../../engine/diagram/ids';
import { inferRows } from '../../../engine/infer/runInference';
import { diagramWithParameters } from '../../../engine/model/parameters';
import { sampleModel } from '../../../engine/sample/runSampling';
import type { AttractorApi } from '../../../main/api/contract';
import type { AppServices } from '../../../main/services/appServices';
import { loadOutcome } from '../../../renderer/src/classify/storedClassification';
import { useTestBackend } from '../../engine/helpers/models';
import { errorOf, nextEvent, servicesPerTest, sharedRunnerPerFile, valueOf } from '../helpers';

// A labelled joint model: one belief network over 4 data bits followed by 2 label units. The Classify view's joint
// path (one infer job per label, each with that label's units appended by main) must decide every row as the argmax of
// ln P(x, y = k) computed from rows built here by hand.

beforeAll(useTestBackend);
const makeServices = servicesPerTest();
const runner = sharedRunnerPerFile();
const setup = () => makeServices({ runner: runner(), progressIntervalMs: 20 });

const SIZES = [2, 3, 6];
const DATA_BITS = 4;
const spec = layeredBeliefSpec(SIZES);
const params = randomBeliefParameters(spec, 5, { scale: 2.5 });
const NAMES = ['even', 'odd'];

const apiOf = (services: AppServices): AttractorApi => ({ call: (channel, ...arg) => services.handle(channel, arg[0] as never), on: (event, listener) => services.on(event, listener) });

/** The first 40 ancestral samples of the joint network whose label units are one-hot: their 4 data bits and that label. */
async function samples(): Promise<{ rows: number[][]; labels: number[] }> {
  const drawn = await sampleModel(spec, params, { method: 'ancestral', count: 400, seed: 11 });
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let r = 0; r < 400 && rows.length < 40; r++) {
    const bits = Array.from(drawn.samples.subarray(r * 6, (r + 1) * 6));
    if (bits[DATA_BITS] + bits[DATA_BITS + 1] !== 1) continue;
    rows.push(bits.slice(0, DATA_BITS));
    labels.push(bits[DATA_BITS + 1]);
  }
  if (rows.length < 40) throw new Error('too few one-hot samples: choose other parameters');
  return { rows, labels };
}

async function project(services: AppServices) {
  valueOf(await services.handle('project:new', undefined));
  valueOf(await services.handle('diagram:put', { diagram: { ...diagramWithParameters(layeredBeliefDiagram(SIZES), params), id: diagramId('joint'), name: 'joint model' } }));
  const { rows, labels } = await samples();
  const text = `${rows.map((row, r) => `${row.join(',')},${NAMES[labels[r]]}`).join('\n')}\n`;
  const dataset = valueOf(await services.handle('dataset:import', { source: 'csv', fileName: 'parity.csv', text, labelColumn: 'last' }));
  return { dataset, rows, labels: labels.map((l) => (dataset.labelNames ?? NAMES).indexOf(NAMES[l])) };
}

describe('classification with one labelled joint model', () => {
  it('label-units data, classify:check in joint mode, and its refusals name the fix', async () => {
    const { services } = setup();
    const { dataset } = await project(services);
    const joint = valueOf(await services.handle('dataset:generate', { generator: 'label-units', sourceDatasetId: dataset.id }));
    expect([joint.width, joint.rowCount, joint.hasLabels]).toEqual([6, 40, true]);

    const check = valueOf(await services.handle('classify:check', { diagramIds: ['joint'], datasetId: dataset.id, joint: true }));
    expect(check.problems).toEqual([]);
    expect(check.labelUnits).toBe(2);
    expect(check.classes.map((c) => c.name)).toEqual(dataset.labelNames);

    const onJointData = valueOf(await services.handle('classify:check', { diagramIds: ['joint'], datasetId: joint.id, joint: true }));
    expect(onJointData.problems.map((p) => p.message)).toEqual([
      `Diagram 'joint model' has 6 visible units; a joint model of '${joint.name}' needs 8: its 6 columns, then 2 label units (one per class). '${joint.name}' already has 6 columns: classify the dataset its label units were made from.`,
    ]);
    const two = valueOf(await services.handle('classify:check', { diagramIds: ['joint', 'joint'], datasetId: dataset.id, joint: true }));
    expect(two.problems.map((p) => p.message)).toContain('A labelled joint model is one diagram: choose the one trained on the data with its label units.');
    const wrongLabel = errorOf(await services.handle('job:start', { kind: 'infer', diagramId: 'joint', datasetId: dataset.id, method: 'exact', seed: 1, config: { labelUnits: 2 } }));
    expect(wrongLabel.message).toBe("labelUnits must be a label from 0 to 1 (diagram 'joint model' has 2 label units after the 4 data columns); got 2.");
  });

  it('the stored per-label scores are ln P(x, y) of hand-built rows, and each row takes their argmax', async () => {
    const { services } = setup();
    const { dataset, rows, labels } = await project(services);
    const runIds: string[] = [];
    for (const label of [0, 1]) {
      const ended = nextEvent(services, 'run:ended');
      runIds.push(valueOf(await services.handle('job:start', { kind: 'infer', diagramId: 'joint', datasetId: dataset.id, method: 'exact', seed: 1, config: { rows: 'all', labelUnits: label } })).id);
      expect((await ended).run.status).toBe('completed');
    }
    const classes = [0, 1].map((label) => ({ label, name: dataset.labelNames![label], diagramId: 'joint' }));
    const outcome = await loadOutcome(apiOf(services), { datasetId: dataset.id, rows: 'all', method: 'exact', quantity: 'logProbability', seed: 1, joint: true, classes }, runIds);

    // Reference: x followed by the one-hot units of k, written out here, scored exactly by the engine.
    const scores: Float64Array[] = [];
    for (const k of [0, 1]) {
      const bits = Uint8Array.from(rows.flatMap((row) => [...row, k === 0 ? 1 : 0, k === 1 ? 1 : 0]));
      const data: BinaryDataset = { id: `x${k}`, name: `x${k}`, width: 6, rowCount: rows.length, bits };
      scores.push((await inferRows(spec, params, data, { method: 'exact', seed: 1 })).values!);
    }
    const predicted = rows.map((_, r) => (scores[1][r] > scores[0][r] ? 1 : 0));
    expect(Array.from(outcome.result.predictedClass)).toEqual(predicted);
    const errors = predicted.filter((p, r) => p !== labels[r]).length;
    expect(outcome.result.errors).toBe(errors);
    expect(outcome.result.total).toBe(40);
    // A noisy class: the joint model gets most rows right and some wrong, so the comparison above is not vacuous.
    expect(errors).toBeGreaterThan(0);
    expect(errors).toBeLessThan(20);
  });
});
