import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../../engine/compiler/compile';
import type { EnergyModelSpec } from '../../../engine/compiler/types';
import { parametersFromModel } from '../../../engine/model/parameters';
import type { Diagram } from '../../../engine/diagram/types';
import { MAX_ABS_PARAMETER } from '../../../engine/train/train';
import type { AppServices } from '../../../main/services/appServices';
import type { ProjectSnapshot, RunSummary } from '../../../main/api/contract';
import { openProject } from '../../../projects/storage/openProject';
import { bruteForce } from '../../engine/helpers/bruteForce';
import { errorOf, nextEvent, openXorExample, servicesPerTest, sharedRunnerPerFile, valueOf, xorRequest } from '../helpers';

const makeServices = servicesPerTest();
const runner = sharedRunnerPerFile();
const setup = () => makeServices({ runner: runner(), progressIntervalMs: 20 });

/** Starts a training run and waits for its end. */
async function train(services: AppServices, example: ProjectSnapshot, overrides: Parameters<typeof xorRequest>[1] = {}) {
  const ended = nextEvent(services, 'run:ended');
  const started = valueOf(await services.handle('run:start', xorRequest(example, overrides)));
  const end = await ended;
  expect(end.run.id).toBe(started.id);
  return end;
}

/** Starts a job and waits for its end. */
async function job(services: AppServices, request: Parameters<AppServices['handle']>[1] & object) {
  const ended = nextEvent(services, 'run:ended');
  valueOf(await services.handle('job:start', request as never));
  return ended;
}

function energyModelOf(diagram: Diagram): EnergyModelSpec {
  const compiled = compile(diagram);
  if (!compiled.ok || compiled.model.type !== 'energy') throw new Error('expected an energy model');
  return compiled.model;
}

/** The stored metric series of a run. */
const seriesOf = async (services: AppServices, runId: string) => valueOf(await services.handle('run:metrics', { runId }));

describe('inference, sampling and evaluation jobs', () => {
  it('infer, sample and evaluate the trained XOR machine, each stored as a run of its kind with its outputs', async () => {
    const { services } = setup();
    const example = await openXorExample(services);
    const diagramId = example.diagrams[0].id;
    const datasetId = example.datasets[0].id;
    expect(errorOf(await services.handle('job:start', { kind: 'infer', diagramId, datasetId, method: 'exact', seed: 1, config: {} })).message).toMatch(
      /no trained parameters.*train it first/,
    );
    const trained = await train(services, example, { epochs: 300, config: { checkpointEvery: 100 } });
    const diagram = trained.diagram as Diagram;
    const model = energyModelOf(diagram);
    const reference = bruteForce(model, parametersFromModel(model)!);
    expect(valueOf(await services.handle('job:methods', { diagramId })).map((m) => `${m.kind}:${m.name}`)).toEqual([
      // AIS applies to every energy model, the XOR machine (hidden units coupled to each other) among them.
      'infer:exact', 'infer:gibbs', 'infer:meanfield', 'infer:ais', 'sample:exact', 'sample:gibbs', 'sample:metropolis', 'sample:anneal', 'sample:tempering', 'evaluate:exact', 'evaluate:meanfield', 'evaluate:ais', 'evaluate:compare',
    ]);

    const inferred = await job(services, { kind: 'infer', diagramId, datasetId, method: 'exact', seed: 1, config: {} });
    expect(inferred.run).toMatchObject({ kind: 'infer', algorithm: 'exact', status: 'completed', datasetId, config: { rows: 'all' }, lastStep: 4 });
    expect(inferred.outputs).toHaveLength(1);
    const table = valueOf(await services.handle('output:get', { outputId: inferred.outputs![0].id }));
    expect(table.array?.shape).toEqual([4, 5]);
    const xorRows = [[0, 0, 0], [1, 1, 0], [0, 1, 1], [1, 0, 1]];
    xorRows.forEach((bits, row) => expect(table.array!.values[row * 5]).toBeCloseTo(reference.logProbabilityOf(bits), 4));

    const atCheckpoint = await job(services, { kind: 'infer', diagramId, datasetId, method: 'exact', seed: 1, config: {}, checkpoint: { runId: trained.run.id, step: 100 } });
    expect(atCheckpoint.run.parent).toEqual({ runId: trained.run.id, step: 100 });
    expect(atCheckpoint.outputs![0]).toMatchObject({ step: 100, arrayShape: [4, 5] });
    const early = valueOf(await services.handle('output:get', { outputId: atCheckpoint.outputs![0].id }));
    expect(early.array?.values[0]).not.toBeCloseTo(table.array!.values[0], 3);

    const sampled = await job(services, { kind: 'sample', diagramId, method: 'exact', seed: 4, config: { count: 500, units: 'visible' } });
    expect(sampled.run).toMatchObject({ kind: 'sample', datasetId: '', status: 'completed', config: { count: 500, beta: 1, units: 'visible' } });
    const samples = valueOf(await services.handle('output:get', { outputId: sampled.outputs![0].id }));
    expect(samples.array).toMatchObject({ dtype: 'bits', shape: [500, 3] });
    // The trained machine puts most of its mass on the four XOR patterns.
    const onXor = Array.from({ length: 500 }, (_, s) => samples.array!.values.slice(3 * s, 3 * s + 3)).filter(([a, b, y]) => (a ^ b) === y).length;
    expect(onXor / 500).toBeGreaterThan(0.8);
    const page = valueOf(await services.handle('output:get', { outputId: sampled.outputs![0].id, fromRow: 490, rowCount: 20 }));
    expect(page.rows).toEqual({ from: 490, count: 10, total: 500 });
    expect(page.array?.values).toEqual(samples.array!.values.slice(3 * 490));

    const evaluated = await job(services, { kind: 'evaluate', diagramId, datasetId, method: 'exact', seed: 1, config: {} });
    const [figures] = valueOf(await services.handle('run:metrics', { runId: evaluated.run.id }));
    const finalTraining = (await seriesOf(services, trained.run.id)).at(-1)!.values;
    expect(figures.values.kl).toBeCloseTo(finalTraining.kl, 5);
    expect(figures.values.logPartition).toBeCloseTo(reference.logZ, 4);

    expect(valueOf(await services.handle('output:list', {})).map((o) => o.kind)).toEqual(['inference', 'inference', 'samples', 'evaluation']);
    expect(valueOf(await services.handle('output:list', { runId: sampled.run.id }))).toHaveLength(1);
    expect(valueOf(await services.handle('run:list', undefined)).map((r) => r.kind)).toEqual(['train', 'infer', 'infer', 'sample', 'evaluate']);
  });

  it('refuses jobs that cannot run, naming what to change', async () => {
    const { services } = setup();
    const example = await openXorExample(services);
    const trained = await train(services, example, { epochs: 5 });
    const base = { kind: 'infer' as const, diagramId: example.diagrams[0].id, datasetId: example.datasets[0].id, method: 'exact', seed: 1, config: {} };
    expect(errorOf(await services.handle('job:start', { ...base, method: 'bogus' }))).toMatchObject({ code: 'invalid-argument', message: expect.stringMatching(/no infer method 'bogus'.*'exact', 'gibbs', 'meanfield', 'ais'\./) });
    expect(errorOf(await services.handle('job:start', { ...base, method: 'mixture:2' })).message).toMatch(/applies to sigmoid belief networks, not to this energy model/);
    expect(errorOf(await services.handle('job:start', { ...base, config: { clamp: 'x9' } })).message).toMatch(/'x9' is neither a visible position.*visible units: x1, x2, y/);
    expect(errorOf(await services.handle('job:start', { ...base, kind: 'sample', method: 'anneal', config: {} })).message).toMatch(/needs the setting schedule/);
    expect(errorOf(await services.handle('job:start', { ...base, kind: 'train' as never })).message).toMatch(/use run:start to train/);
    expect(errorOf(await services.handle('job:start', { ...base, datasetId: undefined })).message).toMatch(/give a datasetId/);
    expect(errorOf(await services.handle('job:start', { ...base, config: { rows: 'half' } })).message).toMatch(/rows must be one of all, train, test/);
    expect(errorOf(await services.handle('job:start', { ...base, kind: 'sample', config: { count: 0 } })).message).toMatch(/Samples \(count\) must lie in \[1/);
    expect(errorOf(await services.handle('job:start', { ...base, checkpoint: { runId: trained.run.id, step: 3 } })).code).toBe('not-found');
    expect(errorOf(await services.handle('job:methods', { diagramId: example.diagrams[0].id, kind: 'dream' as never })).code).toBe('invalid-argument');
    expect(errorOf(await services.handle('output:get', { outputId: 'nope' })).code).toBe('not-found');
    expect(errorOf(await services.handle('run:metrics', { runId: trained.run.id, maxPoints: -1 })).code).toBe('invalid-argument');
  });
});

describe('pause, resume, continuation and divergence of training runs', () => {
  it('pauses and resumes a running run: paused is stored and the pause is not counted as compute time', async () => {
    const { services } = setup();
    const example = await openXorExample(services);
    const run = valueOf(await services.handle('run:start', xorRequest(example, { epochs: 1_000_000 })));
    await nextEvent(services, 'run:progress', (p) => p.step >= 10);
    const paused = nextEvent(services, 'run:changed', (r) => r.status === 'paused');
    valueOf(await services.handle('run:pause', { runId: run.id }));
    const atPause = await paused;
    await new Promise((resolve) => setTimeout(resolve, 600));
    const held = valueOf(await services.handle('run:get', { runId: run.id }));
    expect(held).toMatchObject({ status: 'paused', lastStep: atPause.lastStep });
    expect(held.activeSeconds).toBeCloseTo(atPause.activeSeconds, 3);
    const running = nextEvent(services, 'run:changed', (r) => r.status === 'running');
    valueOf(await services.handle('run:resume', { runId: run.id }));
    await running;
    await nextEvent(services, 'run:progress', (p) => p.step > atPause.lastStep);
    const ended = nextEvent(services, 'run:ended');
    valueOf(await services.handle('run:cancel', { runId: run.id }));
    const end = (await ended).run;
    expect(end.status).toBe('cancelled');
    expect(end.activeSeconds).toBeLessThan((end.endedAt! - end.startedAt) / 1000 - 0.5);
    expect(errorOf(await services.handle('run:pause', { runId: run.id })).message).toMatch(/is cancelled; only a queued or running run can be paused/);
  });

  it('resumes a cancelled run from its last checkpoint: the metric series continues exactly as an uninterrupted run', async () => {
    const { services } = setup();
    const example = await openXorExample(services);
    const epochs = 1000;
    const started = valueOf(await services.handle('run:start', xorRequest(example, { epochs, seed: 21 })));
    await nextEvent(services, 'run:progress', (p) => p.runId === started.id);
    valueOf(await services.handle('run:pause', { runId: started.id }));
    const cancelled = nextEvent(services, 'run:ended');
    valueOf(await services.handle('run:cancel', { runId: started.id }));
    const stopped = (await cancelled).run;
    expect(stopped.status).toBe('cancelled');
    expect(stopped.lastStep).toBeLessThan(epochs);
    const checkpoints = valueOf(await services.handle('run:checkpoints', { runId: started.id }));
    expect(checkpoints.at(-1)?.step).toBe(stopped.lastStep);

    const ended = nextEvent(services, 'run:ended');
    const resumed = valueOf(await services.handle('run:resume', { runId: started.id }));
    expect(resumed).toMatchObject({ id: started.id, status: 'queued', lastStep: stopped.lastStep });
    const finished = (await ended).run;
    expect(finished).toMatchObject({ id: started.id, status: 'completed', lastStep: epochs });
    expect(finished.activeSeconds).toBeGreaterThanOrEqual(stopped.activeSeconds);
    // The uninterrupted reference starts from the same untrained diagram (the finished run wrote its parameters into it).
    valueOf(await services.handle('diagram:put', { diagram: example.diagrams[0] }));
    const reference = await train(services, example, { epochs, seed: 21 });
    const series = await seriesOf(services, started.id);
    const expected = await seriesOf(services, reference.run.id);
    expect(series.map((m) => m.step)).toEqual(expected.map((m) => m.step));
    series.forEach((m, i) => expect(m.values.kl).toBeCloseTo(expected[i].values.kl, 6));
    expect(errorOf(await services.handle('run:resume', { runId: started.id })).message).toMatch(/is completed.*run:resumeFrom/);
  });

  it('continues any checkpoint into a new run with changed settings; the parent stays as it was', async () => {
    const { services } = setup();
    const example = await openXorExample(services);
    const parent = await train(services, example, { epochs: 400, config: { checkpointEvery: 100 } });
    const parentSeries = await seriesOf(services, parent.run.id);
    const ended = nextEvent(services, 'run:ended');
    const branch = valueOf(await services.handle('run:resumeFrom', { runId: parent.run.id, step: 200, epochs: 600, config: { learningRate: 0.1 } }));
    expect(branch).toMatchObject({ parent: { runId: parent.run.id, step: 200 }, lastStep: 200, totalSteps: 600, seed: parent.run.seed, config: { learningRate: 0.1, checkpointEvery: 100 } });
    const done = (await ended).run;
    expect(done).toMatchObject({ id: branch.id, status: 'completed', lastStep: 600 });
    const series = await seriesOf(services, branch.id);
    expect(series.map((m) => m.step)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    expect(series.slice(0, 200)).toEqual(parentSeries.slice(0, 200));
    expect(series[200].values.kl).not.toBeCloseTo(parentSeries[200].values.kl, 6);
    expect(await seriesOf(services, parent.run.id)).toEqual(parentSeries);
    expect(valueOf(await services.handle('run:checkpoints', { runId: branch.id })).map((c) => c.step)).toEqual([200, 300, 400, 500, 600]);
    expect(errorOf(await services.handle('run:resumeFrom', { runId: parent.run.id, step: 150 })).message).toMatch(/no checkpoint at step 150; its checkpoints: 100, 200, 300, 400/);
    expect(errorOf(await services.handle('run:resumeFrom', { runId: parent.run.id, step: 400 })).message).toMatch(/must exceed the checkpoint's step 400/);
  });

  it('stops a diverging run with a clear message and keeps its last good parameters as a checkpoint', async () => {
    const { services, dataDir } = setup();
    const example = await openXorExample(services);
    const { run } = await train(services, example, { epochs: 500, config: { learningRate: 1000, checkpointEvery: 1000 } });
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/diverged at epoch \d+: .*lower the learning rate/);
    expect(run.lastStep).toBeLessThan(500);
    const [checkpoint] = valueOf(await services.handle('run:checkpoints', { runId: run.id }));
    expect(checkpoint.step).toBe(run.lastStep);
    const scratch = join(dataDir, 'scratch', readdirSync(join(dataDir, 'scratch')).find((name) => name.endsWith('.attractor'))!);
    const reader = await openProject(scratch, { readOnly: true });
    try {
      const stored = await reader.getCheckpoint(run.id, checkpoint.step);
      const values = [...Object.values(stored!.weights), ...Object.values(stored!.biases)].flatMap((v) => Array.from(v));
      expect(values.every((v) => Number.isFinite(v) && Math.abs(v) <= MAX_ABS_PARAMETER)).toBe(true);
    } finally {
      await reader.close();
    }
    // Continuing the last good checkpoint with a lower learning rate recovers.
    const ended = nextEvent(services, 'run:ended');
    valueOf(await services.handle('run:resumeFrom', { runId: run.id, step: checkpoint.step, epochs: checkpoint.step + 50, config: { learningRate: 0.01 } }));
    expect((await ended).run.status).toBe('completed');
  });

  it('deletes a finished run with its metrics, checkpoints and outputs, and refuses to delete a running one', async () => {
    const { services } = setup();
    const example = await openXorExample(services);
    const done = await train(services, example, { epochs: 20 });
    const running = valueOf(await services.handle('run:start', xorRequest(example, { epochs: 1_000_000 })));
    expect(errorOf(await services.handle('run:delete', { runId: running.id })).code).toBe('busy');
    valueOf(await services.handle('run:delete', { runId: done.run.id }));
    expect(valueOf(await services.handle('run:list', undefined)).map((r: RunSummary) => r.id)).toEqual([running.id]);
    expect(errorOf(await services.handle('run:metrics', { runId: done.run.id })).code).toBe('not-found');
    expect(errorOf(await services.handle('run:delete', { runId: done.run.id })).code).toBe('not-found');
  });
});
