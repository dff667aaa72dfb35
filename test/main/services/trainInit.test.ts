import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagram } from '../../../engine/diagram/types';
import type { ProjectSnapshot, TrainRequest } from '../../../main/api/contract';
import type { AppServices } from '../../../main/services/appServices';
import { openProject } from '../../../projects/storage/openProject';
import { errorOf, nextEvent, openXorExample, servicesPerTest, sharedRunnerPerFile, valueOf, xorRequest } from '../helpers';

// What a training run starts from: 'fresh' ignores the values the diagram carries, 'current' trains on from them and,
// when they are its latest run's final values, continues that run (parent, metrics and epoch numbers carried on).

const makeServices = servicesPerTest();
const runner = sharedRunnerPerFile();
const setup = () => makeServices({ runner: runner(), progressIntervalMs: 20 });

async function train(services: AppServices, example: ProjectSnapshot, overrides: Partial<TrainRequest>) {
  const started = valueOf(await services.handle('run:start', xorRequest(example, overrides)));
  const end = await nextEvent(services, 'run:ended', (e) => e.run.id === started.id, 120_000);
  expect(end.run.status).toBe('completed');
  return { started, run: end.run, diagram: end.diagram as Diagram, series: valueOf(await services.handle('run:metrics', { runId: started.id })) };
}

describe('run:start init', () => {
  it("'fresh' ignores the trained values; 'current' continues the run that wrote them, counting its epochs on", async () => {
    const { services } = setup();
    const example = await openXorExample(services);
    const first = await train(services, example, { epochs: 300, seed: 7, init: 'fresh', config: { checkpointEvery: 100 } });
    expect(first.started).toMatchObject({ totalSteps: 300, lastStep: 0, config: { init: 'fresh' } });
    expect(first.started.parent).toBeUndefined();
    const firstKl = first.series.map((m) => m.values.kl);
    expect(firstKl.at(-1)).toBeLessThan(firstKl[0] / 2);
    expect(Object.keys(first.diagram.parameters?.weights ?? {})).toHaveLength(21);

    // The diagram now carries the trained values; a fresh run with the same seed repeats the first exactly.
    const fresh = await train(services, example, { epochs: 300, seed: 7, init: 'fresh', config: { checkpointEvery: 100 } });
    expect(fresh.started.parent).toBeUndefined();
    expect(fresh.series.map((m) => m.step)).toEqual(first.series.map((m) => m.step));
    fresh.series.forEach((m, i) => expect(m.values.kl).toBeCloseTo(firstKl[i], 6));

    // Continued from the fresh run's final values (which the diagram holds): its parent, its steps 301…400, its series prefixed by the parent's.
    const continued = await train(services, example, { epochs: 100, seed: 7, init: 'current', config: { checkpointEvery: 100 } });
    expect(continued.started).toMatchObject({ parent: { runId: fresh.run.id, step: 300 }, lastStep: 300, totalSteps: 400, config: { init: 'current' } });
    expect(continued.run).toMatchObject({ lastStep: 400, totalSteps: 400 });
    expect(continued.series.map((m) => m.step)).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    expect(continued.series.slice(0, 300)).toEqual(fresh.series);
    const resumedKl = continued.series[300].values.kl;
    // One more epoch from the parent's end: near its final KL, far below where a fresh start is.
    expect(Math.abs(resumedKl - firstKl[299])).toBeLessThan(0.05 * firstKl[0]);
    expect(resumedKl).toBeLessThan(firstKl[0] / 2);
    expect(valueOf(await services.handle('run:checkpoints', { runId: continued.run.id })).map((c) => c.step)).toEqual([300, 400]);
  });

  it("'current' on values that are no run's final ones trains on from them without a parent; unknown init is refused", async () => {
    const { services, dataDir } = setup();
    const example = await openXorExample(services);
    const trained = await train(services, example, { epochs: 200, seed: 3, init: 'fresh' });
    // Halved couplings: still the diagram's own values, but no longer the run's.
    const halved: Diagram = structuredClone(trained.diagram);
    for (const block of Object.values(halved.parameters!.weights)) block.values = block.values.map((w) => w / 2);
    valueOf(await services.handle('diagram:put', { diagram: halved }));
    const current = await train(services, example, { epochs: 5, seed: 3, init: 'current' });
    expect(current.started.parent).toBeUndefined();
    expect(current.series.map((m) => m.step)).toEqual([1, 2, 3, 4, 5]);
    const fresh = await train(services, example, { epochs: 5, seed: 3, init: 'fresh' });
    // Neither the fresh start nor the trained end: halved weights fit XOR worse than trained, better than random.
    const startKl = current.series[0].values.kl;
    expect(startKl).toBeLessThan(fresh.series[0].values.kl - 0.05);
    expect(startKl).toBeGreaterThan(trained.series.at(-1)!.values.kl + 0.01);

    // A fresh run killed before its first checkpoint starts over fresh on resume, not from the values the diagram carries.
    const path = valueOf(await services.handle('project:saveAs', { path: join(dataDir, 'killed') })).path as string;
    valueOf(await services.handle('project:close', undefined));
    const store = await openProject(path);
    await store.putRun({
      id: 'run-killed', kind: 'train', diagramId: fresh.run.diagramId, datasetId: fresh.run.datasetId, algorithm: fresh.run.algorithm, config: fresh.run.config, seed: 3,
      backend: 'cpu', status: 'running', startedAt: Date.now(), totalSteps: 5, lastStep: 2, activeSeconds: 1,
    });
    await store.close();
    valueOf(await services.handle('project:open', { path }));
    const resumed = nextEvent(services, 'run:ended', (e) => e.run.id === 'run-killed', 120_000);
    valueOf(await services.handle('run:resume', { runId: 'run-killed' }));
    expect((await resumed).run.status).toBe('completed');
    const restarted = valueOf(await services.handle('run:metrics', { runId: 'run-killed' }));
    expect(restarted.map((m) => m.step)).toEqual([1, 2, 3, 4, 5]);
    restarted.forEach((m, i) => expect(m.values.kl).toBeCloseTo(fresh.series[i].values.kl, 6));

    const error = errorOf(await services.handle('run:start', { ...xorRequest(example), init: 'warm' as never }));
    expect(error.code).toBe('invalid-argument');
    expect(error.message).toMatch(/init must be 'fresh'.*or 'current'.*got 'warm'/);
  });
});
