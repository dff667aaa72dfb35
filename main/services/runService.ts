import { freshId } from '../../engine/diagram/ids';
import type { BinaryDataset } from '../../engine/data/dataset';
import type { Diagram } from '../../engine/diagram/types';
import { diagramWithParameters } from '../../engine/model/parameters';
import type { ProjectStore, StoredMetric, StoredRun } from '../../projects/types';
import type { RunProgress, RunSummary, TrainRequest } from '../api/contract';
import type { JobHandle, JobRunner } from '../jobs/jobRunner';
import type { FromWorker, PlainParameters, TrainJob } from '../jobs/messages';
import { ServiceError } from './errors';
import type { ApiEventBus } from './eventBus';
import { ProgressThrottle } from './progressThrottle';
import type { OpenProject, ProjectSession } from './projectSession';
import { summarizeRun } from './snapshot';
import {
  CHECKPOINT_EVERY_KEY,
  checkDatasetFits,
  checkEpochsAndSeed,
  compileForTraining,
  engineConfig,
  resolveAlgorithm,
  resolveRunConfig,
} from './trainingInputs';

export interface RunServiceOptions {
  session: ProjectSession;
  runner: JobRunner;
  events: ApiEventBus;
  /** Backend the workers ask for first. */
  preferredBackend?: TrainJob['preferredBackend'];
  /** Backend name recorded on a queued run until its worker reports the one it got. */
  backendName: () => Promise<string>;
  /** Minimum time between two run:progress events of one run (default 100 ms, i.e. ≤ 10/s). */
  progressIntervalMs?: number;
  /** Metrics are written to the project at most this often, and at every checkpoint (default 250 ms). */
  metricsFlushMs?: number;
}

interface ActiveRun {
  run: StoredRun;
  project: OpenProject;
  rowCount: number;
  handle?: JobHandle;
  runningSince?: number;
  pendingMetrics: StoredMetric[];
  flushTimer?: ReturnType<typeof setTimeout>;
  /** Store writes of this run, in order. */
  writes: Promise<void>;
  throttle: ProgressThrottle<RunProgress>;
  /** Settles once the run's final state is stored and run:ended emitted. */
  ended: Promise<void>;
  markEnded: () => void;
}

/** run:start / run:cancel / run:list: queues training jobs and persists their progress into the project. */
export class RunService {
  private readonly active = new Map<string, ActiveRun>();
  /** Projects being closed or replaced: they start no new run. */
  private readonly closing = new WeakSet<OpenProject>();

  constructor(private readonly options: RunServiceOptions) {}

  async start(request: TrainRequest): Promise<RunSummary> {
    if (typeof request !== 'object' || request === null) throw new ServiceError('invalid-argument', 'run:start needs a TrainRequest.');
    checkEpochsAndSeed(request.epochs, request.seed);
    const { session } = this.options;
    const project = session.requireProject();
    return session.withProject(project, async (store) => {
      if (this.closing.has(project)) throw new ServiceError('no-project', 'The project is being closed.');
      const diagram = (await store.listDiagrams()).find((d) => d.id === request.diagramId);
      if (!diagram) throw new ServiceError('not-found', `No diagram with id '${request.diagramId}' in this project.`);
      const model = compileForTraining(diagram);
      const info = resolveAlgorithm(model, request.algorithm);
      const dataset = await store.getDataset(request.datasetId);
      if (!dataset) throw new ServiceError('not-found', `No dataset with id '${request.datasetId}' in this project.`);
      checkDatasetFits(model, dataset, diagram.name);
      const config = resolveRunConfig(info, request.config ?? {});
      const run: StoredRun = {
        id: freshId('run'),
        diagramId: diagram.id,
        datasetId: dataset.id,
        algorithm: info.name,
        config,
        seed: request.seed,
        backend: await this.options.backendName(),
        status: 'queued',
        startedAt: Date.now(),
        totalSteps: request.epochs,
        lastStep: 0,
      };
      await store.putRun(run);
      // Registered inside the store task, so endRunsOf (which waits for the tasks queued before it) always sees it.
      this.launch(project, run, diagram, dataset);
      return summarizeRun(run, []);
    });
  }

  async cancel(runId: string): Promise<void> {
    const active = this.active.get(runId);
    if (active) {
      active.handle?.cancel();
      return;
    }
    const project = this.options.session.requireProject();
    const known = await this.options.session.withProject(project, async (store) => (await store.listRuns()).some((r) => r.id === runId));
    if (!known) throw new ServiceError('not-found', `No run with id '${runId}' in this project.`);
  }

  async list(): Promise<RunSummary[]> {
    const project = this.options.session.requireProject();
    return this.options.session.withProject(project, async (store) => {
      const runs = await store.listRuns();
      return Promise.all(runs.map(async (run) => summarizeRun(run, await store.listMetrics(run.id))));
    });
  }

  /** Refuses new runs of a project, cancels its runs and waits until their final state is stored (before it closes). */
  async endRunsOf(project: OpenProject): Promise<void> {
    this.closing.add(project);
    // A run:start already queued on the project's store registers its run before this barrier passes.
    await this.options.session.withProject(project, async () => undefined).catch(() => undefined);
    const runs = [...this.active.values()].filter((a) => a.project === project);
    for (const active of runs) active.handle?.cancel();
    await Promise.all(runs.map((a) => a.ended));
  }

  /** Registers a stored run as active and submits its training job. */
  private launch(project: OpenProject, run: StoredRun, diagram: Diagram, dataset: BinaryDataset): void {
    let markEnded!: () => void;
    const active: ActiveRun = {
      run,
      project,
      rowCount: dataset.rowCount,
      pendingMetrics: [],
      writes: Promise.resolve(),
      throttle: new ProgressThrottle(this.options.progressIntervalMs ?? 100, (p) => this.options.events.emit('run:progress', p)),
      ended: new Promise((resolve) => (markEnded = resolve)),
      markEnded: () => markEnded(),
    };
    this.active.set(run.id, active);
    const job: TrainJob = {
      diagram,
      dataset,
      algorithm: run.algorithm,
      epochs: run.totalSteps,
      seed: run.seed,
      config: engineConfig(run.config),
      preferredBackend: this.options.preferredBackend,
      checkpointEvery: run.config[CHECKPOINT_EVERY_KEY] as number,
    };
    active.handle = this.options.runner.submit(job, (message) => this.onMessage(active, message));
  }

  private onMessage(active: ActiveRun, message: FromWorker): void {
    const { run } = active;
    switch (message.type) {
      case 'started':
        active.runningSince = performance.now();
        run.status = 'running';
        run.backend = message.backend;
        this.write(active, (store) => store.putRun({ ...run }));
        return;
      case 'epoch': {
        run.lastStep = message.step;
        active.pendingMetrics.push({ step: message.step, values: message.metrics });
        active.throttle.push(this.progress(active, message.step, message.totalSteps, message.metrics));
        if (message.parameters) this.checkpoint(active, message.step, message.parameters);
        else active.flushTimer ??= setTimeout(() => this.flushMetrics(active), this.options.metricsFlushMs ?? 250);
        return;
      }
      case 'done':
        run.lastStep = run.totalSteps;
        this.checkpoint(active, run.lastStep, message.parameters);
        this.finish(active, { status: 'completed' }, message.parameters);
        return;
      case 'error':
        if (message.lastGood) this.checkpoint(active, run.lastStep, message.lastGood);
        else this.flushMetrics(active);
        if (message.code === 'cancelled') this.finish(active, { status: 'cancelled' });
        else this.finish(active, { status: 'failed', error: message.message });
        return;
    }
  }

  private progress(active: ActiveRun, step: number, totalSteps: number, metrics: Record<string, number>): RunProgress {
    const elapsed = (performance.now() - (active.runningSince ?? performance.now())) / 1000;
    const perStep = step > 0 ? elapsed / step : 0;
    return {
      runId: active.run.id,
      step,
      totalSteps,
      metrics,
      examplesPerSecond: elapsed > 0 ? (active.rowCount * step) / elapsed : 0,
      etaSeconds: perStep * (totalSteps - step),
    };
  }

  private flushMetrics(active: ActiveRun): void {
    clearTimeout(active.flushTimer);
    active.flushTimer = undefined;
    const metrics = active.pendingMetrics.splice(0);
    if (metrics.length === 0) return;
    const lastStep = active.run.lastStep;
    this.write(active, async (store) => {
      await store.appendMetrics(active.run.id, metrics);
      await store.putRun({ ...active.run, lastStep });
    });
  }

  private checkpoint(active: ActiveRun, step: number, parameters: PlainParameters): void {
    this.flushMetrics(active);
    this.write(active, (store) => store.putCheckpoint({ runId: active.run.id, step, ...parameters, createdAt: Date.now() }));
  }

  private finish(active: ActiveRun, outcome: Pick<StoredRun, 'status' | 'error'>, trained?: PlainParameters): void {
    const { run, project } = active;
    Object.assign(run, outcome, { endedAt: Date.now() });
    let diagram: Diagram | undefined;
    this.write(active, async (store) => {
      if (trained) diagram = await this.storeTrainedDiagram(store, run.diagramId, trained);
      await store.putRun({ ...run });
      await this.options.session.markDirty(project);
    });
    void Promise.all([active.writes, active.throttle.drain()]).then(async () => {
      this.active.delete(run.id);
      const metrics = await this.options.session
        .withProject(project, (store) => store.listMetrics(run.id))
        .catch(() => [] as StoredMetric[]);
      this.options.events.emit('run:ended', { run: summarizeRun(run, metrics), ...(diagram ? { diagram } : {}) });
      active.markEnded();
    });
  }

  /** Writes trained parameters into the diagram as it is now (it may have been edited while training ran). */
  private async storeTrainedDiagram(store: ProjectStore, diagramId: string, trained: PlainParameters): Promise<Diagram | undefined> {
    const current = (await store.listDiagrams()).find((d) => d.id === diagramId);
    if (!current) return undefined;
    const updated = diagramWithParameters(current, trained);
    await store.putDiagram(updated);
    return updated;
  }

  /** Queues a store write for this run; a failed write is logged and does not stop later ones. */
  private write(active: ActiveRun, task: (store: ProjectStore) => Promise<void>): void {
    active.writes = active.writes
      .then(() => this.options.session.withProject(active.project, task))
      .catch((error: unknown) => console.error(`run ${active.run.id}: could not store progress:`, error));
  }
}
