import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUN_SUMMARY_POINTS, type ProjectSnapshot, type RunProgress } from '../../../main/api/contract';
import { openProject } from '../../../projects/storage/openProject';
import { errorOf, nextEvent, openXorExample, servicesPerTest, sharedRunnerPerFile, valueOf, xorRequest } from '../helpers';

const makeServices = servicesPerTest();
const runner = sharedRunnerPerFile();
const setup = (overrides: Parameters<typeof makeServices>[0] = {}) => makeServices({ runner: overrides.jobs ? undefined : runner(), ...overrides });

describe('training runs', () => {
  it('trains the XOR example: throttled progress, stored metrics and checkpoint, parameters written into the diagram', async () => {
    const { services, dataDir } = setup();
    const example = await openXorExample(services);
    const epochs = 1500;
    const progress: { at: number; event: RunProgress }[] = [];
    services.on('run:progress', (event) => progress.push({ at: performance.now(), event }));
    const ended = nextEvent(services, 'run:ended');
    const queued = valueOf(await services.handle('run:start', xorRequest(example, { epochs, config: { checkpointEvery: 100 } })));
    expect(queued).toMatchObject({ status: 'queued', seed: 7, totalSteps: epochs, algorithm: 'boltzmann-exact' });
    expect(queued.config).toEqual({ checkpointEvery: 100, init: 'current', learningRate: 0.2, initScale: 0.3, weightDecay: 0, divergenceFactor: 2 });
    const { run, diagram } = await ended;

    expect(run.status).toBe('completed');
    expect(run.lastStep).toBe(epochs);
    expect(['tensorflow', 'wasm', 'cpu']).toContain(run.backend);
    // The summary carries the series thinned to RUN_SUMMARY_POINTS; run:metrics reads all of it.
    expect(run.metrics.length).toBeLessThanOrEqual(RUN_SUMMARY_POINTS);
    expect([run.metrics[0].step, run.metrics[run.metrics.length - 1].step]).toEqual([1, epochs]);
    const series = valueOf(await services.handle('run:metrics', { runId: run.id }));
    expect(series.map((m) => m.step)).toEqual(Array.from({ length: epochs }, (_, i) => i + 1));
    expect(run.metrics.every((m) => series[m.step - 1].values.kl === m.values.kl)).toBe(true);
    expect(run.activeSeconds).toBeGreaterThan(0);
    expect(run.activeSeconds).toBeLessThanOrEqual((run.endedAt! - run.startedAt) / 1000);
    expect(valueOf(await services.handle('run:checkpoints', { runId: run.id })).map((c) => c.step)).toEqual(
      Array.from({ length: epochs / 100 }, (_, i) => 100 * (i + 1)),
    );
    const kl = series.map((m) => m.values.kl);
    expect(kl[kl.length - 1]).toBeLessThan(kl[0] / 2);
    // Every stored step carries the weight norm; the throughput comes once per batch of steps the worker sends, last step included.
    expect(series.every((m) => m.values.weightNorm > 0)).toBe(true);
    const rates = series.filter((m) => m.values.examplesPerSecond !== undefined);
    expect(rates.length).toBeGreaterThan(1);
    expect(rates.every((m) => m.values.examplesPerSecond > 0)).toBe(true);
    expect(series[series.length - 1].values.examplesPerSecond).toBeGreaterThan(0);

    // ≤ 10 events per second (100 ms apart, 5 ms timer slack) and the last step always delivered.
    expect(progress.length).toBeGreaterThan(1);
    for (let i = 1; i < progress.length; i++) expect(progress[i].at - progress[i - 1].at).toBeGreaterThanOrEqual(95);
    expect(progress[progress.length - 1].event).toMatchObject({ runId: run.id, step: epochs, totalSteps: epochs });
    expect(progress[progress.length - 1].event.metrics.kl).toBe(kl[kl.length - 1]);

    expect(diagram?.id).toBe(example.diagrams[0].id);
    expect(Object.keys(diagram?.parameters?.weights ?? {})).toHaveLength(21);
    const snapshot = valueOf(await services.handle('project:get', undefined)) as ProjectSnapshot;
    expect(snapshot.diagrams[0].parameters).toEqual(diagram?.parameters);

    const saved = valueOf(await services.handle('project:saveAs', { path: join(dataDir, 'trained') }));
    const reader = await openProject(saved.path as string, { readOnly: true });
    try {
      const checkpoint = await reader.latestCheckpoint(run.id);
      expect(checkpoint?.step).toBe(epochs);
      const stored = diagram?.parameters?.weights[example.diagrams[0].edges[0].id].values;
      expect(Array.from(checkpoint?.weights[example.diagrams[0].edges[0].id] ?? [])).toEqual(stored);
      const squares = Object.values(checkpoint?.weights ?? {}).reduce((sum, block) => sum + block.reduce((a, w) => a + w * w, 0), 0);
      expect(series[epochs - 1].values.weightNorm).toBeCloseTo(Math.sqrt(squares), 6);
      expect((await reader.listRuns())[0]).toMatchObject({ id: run.id, status: 'completed', seed: 7 });
    } finally {
      await reader.close();
    }
  });

  it('refuses diagrams that do not compile, listing the diagnostics', async () => {
    const { services } = setup();
    const example = await openXorExample(services);
    const allHidden = { ...example.diagrams[0], nodes: example.diagrams[0].nodes.map((n) => ({ ...n, role: 'hidden' as const })) };
    valueOf(await services.handle('diagram:put', { diagram: allHidden }));
    const error = errorOf(await services.handle('run:start', xorRequest(example)));
    expect(error.code).toBe('invalid-diagram');
    expect(error.message).toContain('no-visible-units');
  });

  it('refuses a dataset whose width differs from the visible units, naming both numbers', async () => {
    const { services } = setup();
    const example = await openXorExample(services);
    const fourVisible = {
      ...example.diagrams[0],
      nodes: example.diagrams[0].nodes.map((n) => (n.id === 'h1' ? { ...n, role: 'visible' as const } : n)),
    };
    valueOf(await services.handle('diagram:put', { diagram: fourVisible }));
    const error = errorOf(await services.handle('run:start', xorRequest(example)));
    expect(error.code).toBe('invalid-data');
    expect(error.message).toContain('3 columns');
    expect(error.message).toContain('4 visible units');
  });

  it('refuses unknown algorithms, settings and out-of-range values', async () => {
    const { services } = setup();
    const example = await openXorExample(services);
    const algorithm = errorOf(await services.handle('run:start', xorRequest(example, { algorithm: 'cd-1' })));
    expect(algorithm).toMatchObject({ code: 'invalid-argument' });
    expect(algorithm.message).toContain("'boltzmann-exact'");
    expect(errorOf(await services.handle('run:start', xorRequest(example, { config: { momentum: 0.5 } }))).message).toContain('momentum');
    expect(errorOf(await services.handle('run:start', xorRequest(example, { config: { learningRate: -1 } }))).message).toMatch(/learningRate.*\[0, 1000\]/);
    expect(errorOf(await services.handle('run:start', xorRequest(example, { epochs: 0 }))).code).toBe('invalid-argument');
    expect(errorOf(await services.handle('run:start', xorRequest(example, { datasetId: 'nope' }))).code).toBe('not-found');
    expect(valueOf(await services.handle('run:list', undefined))).toEqual([]);
  });

  it('cancels a run: stored as cancelled with a checkpoint of the last good parameters', async () => {
    const { services, dataDir } = setup();
    const example = await openXorExample(services);
    const started = valueOf(await services.handle('run:start', xorRequest(example, { epochs: 1_000_000 })));
    await nextEvent(services, 'run:progress', (p) => p.step >= 10);
    const ended = nextEvent(services, 'run:ended');
    valueOf(await services.handle('run:cancel', { runId: started.id }));
    const { run, diagram } = await ended;
    expect(run.status).toBe('cancelled');
    expect(diagram).toBeUndefined();
    expect(run.lastStep).toBeGreaterThanOrEqual(10);
    expect(run.metrics).toHaveLength(run.lastStep);
    expect(valueOf(await services.handle('run:list', undefined))[0]).toMatchObject({ id: run.id, status: 'cancelled' });
    expect(errorOf(await services.handle('run:cancel', { runId: 'run-unknown' })).code).toBe('not-found');

    const path = valueOf(await services.handle('project:saveAs', { path: join(dataDir, 'cancelled') })).path as string;
    const reader = await openProject(path, { readOnly: true });
    try {
      expect((await reader.latestCheckpoint(run.id))?.step).toBe(run.lastStep);
    } finally {
      await reader.close();
    }
  });

  it('keeps writing a running training into the file chosen with Save As', async () => {
    const { services, dataDir } = setup();
    const example = await openXorExample(services);
    const epochs = 2000;
    valueOf(await services.handle('run:start', xorRequest(example, { epochs })));
    await nextEvent(services, 'run:progress', (p) => p.step >= 1);
    const ended = nextEvent(services, 'run:ended');
    const path = valueOf(await services.handle('project:saveAs', { path: join(dataDir, 'during-run') })).path as string;
    const { run } = await ended;
    expect(run.status).toBe('completed');
    valueOf(await services.handle('project:close', undefined));
    const reopened = valueOf(await services.handle('project:open', { path }));
    expect(reopened.runs[0]).toMatchObject({ id: run.id, status: 'completed', lastStep: epochs });
    expect(valueOf(await services.handle('run:metrics', { runId: run.id }))).toHaveLength(epochs);
    expect(reopened.diagrams[0].parameters).toBeDefined();
  });

  it('cancels the runs of a project that is replaced, storing them as cancelled in its file', async () => {
    const { services, dataDir } = setup();
    const example = await openXorExample(services);
    const path = valueOf(await services.handle('project:saveAs', { path: join(dataDir, 'replaced') })).path as string;
    const started = valueOf(await services.handle('run:start', xorRequest(example, { epochs: 1_000_000 })));
    await nextEvent(services, 'run:progress');
    const ended = nextEvent(services, 'run:ended');
    valueOf(await services.handle('project:new', undefined));
    expect((await ended).run).toMatchObject({ id: started.id, status: 'cancelled' });
    const reopened = valueOf(await services.handle('project:open', { path }));
    expect(reopened.runs[0]).toMatchObject({ id: started.id, status: 'cancelled' });
  });

  it('cancels a run started while its project closes: the run is stored as cancelled and never outlives the project', async () => {
    const { services, dataDir } = setup();
    const example = await openXorExample(services);
    const path = valueOf(await services.handle('project:saveAs', { path: join(dataDir, 'closing') })).path as string;
    const ended = nextEvent(services, 'run:ended');
    // run:start's store task is already queued when the close begins, so the run starts and the close must end it.
    const [started, closed] = await Promise.all([
      services.handle('run:start', xorRequest(example, { epochs: 1_000_000 })),
      services.handle('project:close', undefined),
    ]);
    valueOf(closed);
    const run = valueOf(started);
    expect((await ended).run).toMatchObject({ id: run.id, status: 'cancelled' });
    const reopened = valueOf(await services.handle('project:open', { path }));
    expect(reopened.runs.map((r) => [r.id, r.status])).toEqual([[run.id, 'cancelled']]);
    expect(errorOf(await services.handle('run:start', xorRequest(example, { diagramId: 'gone' }))).code).toBe('not-found');
  });

  it('marks a run failed with the reason when its worker cannot run', async () => {
    const { services } = setup({ jobs: { workerUrl: new URL('file:///nonexistent/attractor/jobWorker.js') } });
    const example = await openXorExample(services);
    const ended = nextEvent(services, 'run:ended');
    valueOf(await services.handle('run:start', xorRequest(example)));
    const { run } = await ended;
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/job worker/);
    expect(valueOf(await services.handle('run:list', undefined))[0]).toMatchObject({ status: 'failed', error: run.error });
  });
});
