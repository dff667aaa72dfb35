import { beforeAll, describe, expect, it } from 'vitest';
import { layeredBeliefDiagram, layeredBeliefSpec, randomBeliefParameters } from '../../../engine/belief/randomNetworks';
import { classifyRows } from '../../../engine/classify/runClassification';
import type { BinaryDataset } from '../../../engine/data/dataset';
import { diagramId } from '../../../engine/diagram/ids';
import type { Diagram } from '../../../engine/diagram/types';
import { diagramWithParameters } from '../../../engine/model/parameters';
import { sampleModel } from '../../../engine/sample/runSampling';
import type { AttractorApi, ClassifyRowPart } from '../../../main/api/contract';
import type { AppServices } from '../../../main/services/appServices';
import { loadOutcome } from '../../../renderer/src/classify/storedClassification';
import { useTestBackend } from '../../engine/helpers/models';
import { errorOf, nextEvent, servicesPerTest, sharedRunnerPerFile, valueOf } from '../helpers';

// The Classify view's path: one stored infer job per class model (job:start), its per-row scores read back from the
// stored outputs and decided against classify:rows' labels, must equal the engine's classifyRows on the same models.

beforeAll(useTestBackend);
const makeServices = servicesPerTest();
const runner = sharedRunnerPerFile();
const setup = () => makeServices({ runner: runner(), progressIntervalMs: 20 });

const SIZES = [2, 3, 5];
const spec = layeredBeliefSpec(SIZES);
const classParams = [3, 8].map((seed) => randomBeliefParameters(spec, seed, { scale: 2.5 }));
const NAMES = ['left', 'right'];

/** The class diagrams with their parameters under their own ids and names. */
const classDiagrams = (): Diagram[] => classParams.map((params, k) => ({ ...diagramWithParameters(layeredBeliefDiagram(SIZES), params), id: diagramId(`class-${k}`), name: `model ${NAMES[k]}` }));

/** 20 ancestral samples of each class model as a labelled CSV (label column last), interleaved so both parts hold both. */
async function labelledCsv(): Promise<string> {
  const parts = await Promise.all(classParams.map((params, k) => sampleModel(spec, params, { method: 'ancestral', count: 20, seed: 40 + k })));
  const lines: string[] = [];
  for (let r = 0; r < 20; r++) {
    parts.forEach((p, k) => lines.push(`${Array.from(p.samples.subarray(r * 5, (r + 1) * 5)).join(',')},${NAMES[k]}`));
  }
  return `${lines.join('\n')}\n`;
}

/** The services as the renderer's window.api. */
const apiOf = (services: AppServices): AttractorApi => ({ call: (channel, ...arg) => services.handle(channel, arg[0] as never), on: (event, listener) => services.on(event, listener) });

async function project(services: AppServices) {
  valueOf(await services.handle('project:new', undefined));
  for (const diagram of classDiagrams()) valueOf(await services.handle('diagram:put', { diagram }));
  return valueOf(await services.handle('dataset:import', { source: 'csv', fileName: 'samples.csv', text: await labelledCsv(), labelColumn: 'last', testFraction: 0.25, seed: 2 }));
}

/** Runs one infer job per class as the view does and reads the classification back from the stored outputs. */
async function classifyByJobs(services: AppServices, datasetId: string, method: string, quantity: string, rows: ClassifyRowPart, labels: number[]) {
  const runIds: string[] = [];
  for (let k = 0; k < 2; k++) {
    const ended = nextEvent(services, 'run:ended');
    runIds.push(valueOf(await services.handle('job:start', { kind: 'infer', diagramId: `class-${k}`, datasetId, method, seed: 1, config: { rows } })).id);
    expect((await ended).run.status).toBe('completed');
  }
  const classes = labels.map((label, k) => ({ label, name: NAMES[k], diagramId: `class-${k}` }));
  return loadOutcome(apiOf(services), { datasetId, rows, method, quantity, seed: 1, classes }, runIds);
}

/** The part's rows as the engine reads them, with the labels main stores. */
async function partData(services: AppServices, datasetId: string, rows: ClassifyRowPart): Promise<BinaryDataset> {
  const { labels } = valueOf(await services.handle('classify:rows', { datasetId, rows }));
  const { rows: patterns } = valueOf(await services.handle('classify:rows', { datasetId, rows, indices: labels.map((_, i) => i) }));
  return { id: 'part', name: 'part', width: 5, rowCount: labels.length, bits: Uint8Array.from(patterns.join(''), Number), labels: Int32Array.from(labels) };
}

describe('classification from stored infer jobs', () => {
  it('classify:check lists the classes, the scoring methods, and refuses untrained models and other widths', async () => {
    const { services } = setup();
    const dataset = await project(services);
    expect(dataset.labelNames).toEqual(NAMES);
    const check = valueOf(await services.handle('classify:check', { diagramIds: ['class-0', 'class-1'], datasetId: dataset.id }));
    expect(check.problems).toEqual([]);
    expect(check.classes).toEqual([
      { label: 0, name: 'left', rowCount: 20 },
      { label: 1, name: 'right', rowCount: 20 },
    ]);
    expect(check.methods.map((m) => [m.name, m.quantity])).toEqual([
      ['exact', 'logProbability'],
      ['meanfield', 'lowerBound'],
      ['attractor', 'negativeLyapunov'],
      ['mixture', 'lowerBound'],
      ['importance', 'logProbabilityEstimate'],
    ]);
    const test = valueOf(await services.handle('classify:check', { diagramIds: ['class-0', 'class-1'], datasetId: dataset.id, rows: 'test' }));
    expect(test.rowCount).toBe(dataset.testCount);

    valueOf(await services.handle('diagram:put', { diagram: { ...layeredBeliefDiagram(SIZES), id: diagramId('untrained'), name: 'fresh' } }));
    valueOf(await services.handle('diagram:put', { diagram: { ...diagramWithParameters(layeredBeliefDiagram([2, 4]), randomBeliefParameters(layeredBeliefSpec([2, 4]), 1)), id: diagramId('narrow'), name: 'narrow' } }));
    const refused = valueOf(await services.handle('classify:check', { diagramIds: ['untrained', 'narrow'], datasetId: dataset.id }));
    expect(refused.problems.map((p) => p.message)).toEqual([
      "Diagram 'fresh' is not trained: train it in the Train panel on its class's patterns first.",
      "Diagram 'narrow' has 4 visible units but dataset 'samples' has 5 columns: choose data of 4 columns or change the visible units.",
    ]);
    expect(errorOf(await services.handle('classify:rows', { datasetId: dataset.id, indices: [40] })).message).toBe("classify:rows: row 40 is outside the 40 rows of 'samples'.");
  });

  it.each([
    ['exact', 'all', 'logProbability'],
    ['exact', 'test', 'logProbability'],
    ['attractor', 'all', 'negativeLyapunov'],
  ] as const)('%s on %s rows: the confusion matrix of the stored scores equals classifyRows', async (method, rows, quantity) => {
    const { services } = setup();
    const dataset = await project(services);
    const outcome = await classifyByJobs(services, dataset.id, method, quantity, rows, [0, 1]);
    const data = await partData(services, dataset.id, rows);
    const engine = await classifyRows(
      classParams.map((params) => ({ model: spec, params })),
      data,
      { method, seed: 1, labels: [0, 1] },
    );
    expect(outcome.result.total).toBe(data.rowCount);
    expect(outcome.result.counts).toEqual(Array.from(engine.confusion!.counts));
    expect(outcome.result.errorRate).toBe(engine.errorRate);
    expect(Array.from(outcome.result.predictedClass)).toEqual(Array.from(engine.predicted));
    const e = engine.errorRate!;
    expect(outcome.result.standardError).toBeCloseTo(Math.sqrt((e * (1 - e)) / data.rowCount), 12);
    // Random models overlap: some rows go to the other class, and each shown example is one of them with its pattern.
    expect(outcome.result.errors).toBeGreaterThan(0);
    expect(outcome.examples.map((x) => x.row)).toEqual(outcome.result.misclassified);
    for (const x of outcome.examples) {
      expect(x.bits).toBe(Array.from(data.bits.subarray(x.row * 5, x.row * 5 + 5)).join(''));
      expect(x.trueClass).toBe(data.labels![x.row]);
      expect(x.predictedClass).not.toBe(x.trueClass);
    }
  });
});
