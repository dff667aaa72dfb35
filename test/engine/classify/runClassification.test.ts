import { beforeAll, describe, expect, it } from 'vitest';
import { beliefNetwork } from '../../../engine/belief/network';
import { layeredBeliefSpec, randomBeliefParameters } from '../../../engine/belief/randomNetworks';
import { classifyRows, formatConfusionMatrix, type ClassModel } from '../../../engine/classify/runClassification';
import type { CompiledModel } from '../../../engine/compiler/types';
import type { BinaryDataset } from '../../../engine/data/dataset';
import type { ModelParameters } from '../../../engine/model/parameters';
import { sampleModel } from '../../../engine/sample/runSampling';
import { reference64 } from '../belief/reference';
import { bruteForce } from '../helpers/bruteForce';
import { fullyCoupledModel, randomParameters, useTestBackend } from '../helpers/models';
import { noLeak } from '../helpers/noLeak';

beforeAll(useTestBackend);

/** `perClass` samples from each model, labelled by the model's position. */
async function labelledSamples(models: { model: CompiledModel; params: ModelParameters }[], perClass: number, method: string): Promise<BinaryDataset> {
  const parts = await Promise.all(models.map(({ model, params }, k) => sampleModel(model, params, { method, count: perClass, seed: 10 + k, ...(method === 'gibbs' ? { sweeps: 30 } : {}) })));
  const width = parts[0].width;
  const bits = new Uint8Array(perClass * models.length * width);
  parts.forEach((p, k) => bits.set(p.samples, k * perClass * width));
  const labels = Int32Array.from({ length: perClass * models.length }, (_, r) => Math.floor(r / perClass));
  return { id: 'mix', name: 'mixed samples', width, rowCount: labels.length, bits, labels, labelNames: models.map((_, k) => `class ${k}`) };
}

/** Class index of the highest reference score per row. */
const argmax = (scores: number[][]): number[] => scores[0].map((_, b) => scores.reduce((best, s, k) => (s[b] > scores[best][b] ? k : best), 0));

function expectConsistent(result: Awaited<ReturnType<typeof classifyRows>>, data: BinaryDataset): void {
  const counts = result.confusion!.counts;
  let errors = 0;
  for (let b = 0; b < data.rowCount; b++) if (result.predicted[b] !== data.labels![b]) errors++;
  expect(result.errorRate).toBeCloseTo(errors / data.rowCount, 12);
  expect(counts.reduce((a, n) => a + n, 0)).toBe(data.rowCount);
  for (let t = 0; t < result.classCount; t++) {
    const row = Array.from(counts.subarray(t * result.classCount, (t + 1) * result.classCount));
    expect(row.reduce((a, n) => a + n, 0)).toBe(data.labels!.filter((l) => l === t).length);
  }
}

describe('classifyRows with belief networks', () => {
  const spec = layeredBeliefSpec([2, 3, 4]);
  const models = [1, 2, 3].map((seed) => ({ model: spec, params: randomBeliefParameters(spec, seed, { scale: 2 }) }));

  it('exact: labels each row by the highest exact ln P(V), with the confusion matrix and error rate', async () => {
    const data = await labelledSamples(models, 12, 'ancestral');
    const result = await noLeak(() => classifyRows(models, data, { method: 'exact' }));
    const reference = models.map(({ params }) => {
      const net = beliefNetwork(spec, params);
      return Array.from({ length: data.rowCount }, (_, b) => reference64(net, spec.visibleIndices, data.bits.subarray(b * 4, b * 4 + 4)).logLikelihood);
    });
    reference.forEach((scores, k) => scores.forEach((s, b) => expect(result.scores[k * data.rowCount + b]).toBeCloseTo(s, 4)));
    expect(Array.from(result.predicted)).toEqual(argmax(reference));
    expect(result.classNames).toEqual(['class 0', 'class 1', 'class 2']);
    expect(result.quantity).toBe('logProbability');
    expectConsistent(result, data);
    expect(formatConfusionMatrix(result.confusion!, result.classNames)).toMatch(/error rate/);
  });

  it('meanfield, attractor and mixture:2 scores: bounds below the exact ln P(V), decisions by their argmax', async () => {
    const data = await labelledSamples(models, 4, 'ancestral');
    const exact = await classifyRows(models, data, { method: 'exact' });
    for (const [method, extra] of [['meanfield', {}], ['attractor', {}], ['mixture:2', { tolerance: 1e-4, maxSweeps: 100 }]] as const) {
      const result = await noLeak(() => classifyRows(models, data, { method, ...extra }));
      const scores = [0, 1, 2].map((k) => Array.from(result.scores.subarray(k * data.rowCount, (k + 1) * data.rowCount)));
      expect(Array.from(result.predicted)).toEqual(argmax(scores));
      if (method !== 'attractor') result.scores.forEach((s, k) => expect(s).toBeLessThanOrEqual(exact.scores[k] + 1e-5));
      expectConsistent(result, data);
    }
  });

  it('refuses gibbs, which gives no score', async () => {
    const data = await labelledSamples(models, 2, 'ancestral');
    await expect(classifyRows(models, data, { method: 'gibbs' })).rejects.toThrow(/no per-row score.*classify with exact, meanfield, attractor or mixture:M/);
  });

  it('maps models to given labels and names', async () => {
    const data = await labelledSamples(models.slice(0, 2), 5, 'ancestral');
    const relabelled = { ...data, labels: Int32Array.from(data.labels!, (l) => (l === 0 ? 7 : 3)), labelNames: undefined };
    const named = models.slice(0, 2).map((m, k) => ({ ...m, name: `net${k}` }));
    const result = await classifyRows(named, relabelled, { method: 'exact', labels: [7, 3] });
    const plain = await classifyRows(models.slice(0, 2), data, { method: 'exact' });
    expect(Array.from(result.predicted)).toEqual(Array.from(plain.predicted, (k) => (k === 0 ? 7 : 3)));
    expect(result.classNames).toEqual(['net0', 'net1']);
    expect(Array.from(result.confusion!.counts)).toEqual(Array.from(plain.confusion!.counts));
    await expect(classifyRows(models.slice(0, 2), relabelled, { method: 'exact' })).rejects.toThrow(/Row 0 is labelled 7, which no model stands for/);
  });
});

describe('classifyRows with energy models', () => {
  const spec = fullyCoupledModel(4, 2, 'binary01');
  const models: ClassModel[] = [5, 6].map((seed) => ({ model: spec, params: randomParameters(spec, seed, 1.5, 1) }));

  it('exact and meanfield: exact ln P(v) of brute force decides; the mean-field estimate decides by its own scores', async () => {
    const data = await labelledSamples(models, 15, 'gibbs');
    const result = await noLeak(() => classifyRows(models, data, { method: 'exact' }));
    const reference = models.map(({ params }) => {
      const force = bruteForce(spec, params);
      return Array.from({ length: data.rowCount }, (_, b) => force.logProbabilityOf(data.bits.subarray(b * 4, b * 4 + 4)));
    });
    expect(Array.from(result.predicted)).toEqual(argmax(reference));
    expectConsistent(result, data);
    expect(result.errorRate).toBeLessThan(0.5);
    const meanField = await noLeak(() => classifyRows(models, data, { method: 'meanfield' }));
    const scores = [0, 1].map((k) => Array.from(meanField.scores.subarray(k * data.rowCount, (k + 1) * data.rowCount)));
    expect(Array.from(meanField.predicted)).toEqual(argmax(scores));
  });

  it('ais scores every Boltzmann machine (clamped AIS per pattern) within 0.25 nats of brute force and decides by those scores', async () => {
    const data = await labelledSamples(models, 3, 'gibbs');
    const result = await noLeak(() => classifyRows(models, data, { method: 'ais', temperatures: 300, runs: 32, seed: 2 }));
    expect(result.quantity).toBe('logProbabilityEstimate');
    models.forEach(({ params }, k) => {
      const force = bruteForce(spec, params);
      for (let b = 0; b < data.rowCount; b++) expect(Math.abs(result.scores[k * data.rowCount + b] - force.logProbabilityOf(data.bits.subarray(b * 4, b * 4 + 4)))).toBeLessThan(0.25);
    });
    const scores = [0, 1].map((k) => Array.from(result.scores.subarray(k * data.rowCount, (k + 1) * data.rowCount)));
    expect(Array.from(result.predicted)).toEqual(argmax(scores));
  });

  it('refuses methods without a score, mixed families and mismatched widths', async () => {
    const data = await labelledSamples(models, 2, 'gibbs');
    await expect(classifyRows(models, data, { method: 'gibbs' })).rejects.toThrow(/no per-row score.*classify with exact, ais or meanfield/);
    const belief = layeredBeliefSpec([2, 4]);
    await expect(classifyRows([models[0], { model: belief, params: randomBeliefParameters(belief, 1) }], data, { method: 'exact' })).rejects.toThrow(/give one family of models/);
    const narrow = fullyCoupledModel(3, 2, 'binary01');
    await expect(classifyRows([models[0], { model: narrow, params: randomParameters(narrow, 1) }], data, { method: 'exact' })).rejects.toThrow(/Model 1 has 3 visible units but dataset 'mixed samples' has 4 columns/);
    await expect(classifyRows([models[0]], data, { method: 'exact' })).rejects.toThrow(/at least 2/);
  });
});
