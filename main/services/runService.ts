/**
 * Runs and jobs of the open project: starts training (run:start) and inference, sampling or evaluation (job:start) as
 * worker jobs, pauses, resumes and cancels them, continues runs from checkpoints, and answers queries. Live runs are
 * ActiveRun objects that store their own progress; everything else is read from the project.
 */
import { compile } from '../../engine/compiler/compile';
import type { CompiledModel } from '../../engine/compiler/types';
import type { BinaryDataset } from '../../engine/data/dataset';
import { freshId } from '../../engine/diagram/ids';
import type { Diagram } from '../../engine/diagram/types';
import type { ProjectStore, StoredRun } from '../../projects/types';
import { OUTPUT_ROWS_PER_CALL, type CheckpointInfo, type JobRequest, type MethodInfo, type MetricPoint, type OutputData, type OutputSummary, type ResumeFromRequest, type RunSummary, type TrainRequest } from '../api/contract';
import type { JobRunner } from '../jobs/jobRunner';
import type { JobSpec, PlainParameters, TrainJobSpec } from '../jobs/messages';
import { methodsFor } from '../jobs/methods';
import { ActiveRun } from './activeRun';
import { ServiceError } from './errors';
import type { ApiEventBus } from './eventBus';
import { checkParametersFit, checkpointParameters, datasetPart, LABEL_UNITS_KEY, resolveMethod, resolveMethodConfig, ROW_PARTS, ROWS_KEY, withJobLabel, type RowPart } from './jobInputs';
import type { OpenProject } from './projectSession';
import type { RunHost } from './runHost';
import { outputData, outputSummary, runSummaryOf } from './runViews';
import {
  CHECKPOINT_EVERY_KEY,
  checkDatasetFits,
  checkEpochsAndSeed,
  compileForTraining,
  describeDiagnostics,
  engineConfig,
  resolveAlgorithm,
  INIT_KEY,
  readTrainInit,
  resolveRunConfig,
} from './trainingInputs';
import { continuedRun, withoutParameters } from './runLineage';

export interface RunServiceOptions {
  host: RunHost;
  runner: JobRunner;
  events: ApiEventBus;
  /** Backend the workers ask for first. */
  preferredBackend?: TrainJobSpec['preferredBackend'];
  /** Backend name recorded on a queued run until its worker reports the one it got. */
  backendName: () => Promise<string>;
  /** Minimum time between two run:progress events of one run (default 100 ms, i.e. ≤ 10/s). */
  progressIntervalMs?: number;
  /** Stored metrics follow a running job within this time (default 100 ms); checkpoints and status changes at once. */
  metricsFlushMs?: number;
}

/** What launch() needs besides the stored run record. */
interface Launch {
  diagram: Diagram;
  model: CompiledModel;
  dataset?: BinaryDataset;
  /** Parameters a training run continues from, or a job's checkpoint parameters. */
  parameters?: PlainParameters;
}

function requireRunId(arg: { runId?: unknown } | undefined, channel: string): string {
  const runId = arg?.runId;
  if (typeof runId !== 'string' || runId === '') throw new ServiceError('invalid-argument', `${channel} needs { runId: string }.`);
  return runId;
}

/** run:* and job:* channels over one RunHost. */
export class RunService {
  private readonly active = new Map<string, ActiveRun>();
  /** Projects being closed or replaced: they start no new run. */
  private readonly closing = new WeakSet<OpenProject>();

  constructor(private readonly options: RunServiceOptions) {}

  /** Queues a training run. */
  async start(request: TrainRequest): Promise<RunSummary> {
    if (typeof request !== 'object' || request === null) throw new ServiceError('invalid-argument', 'run:start needs a TrainRequest.');
    checkEpochsAndSeed(request.epochs, request.seed);
    const init = readTrainInit(request.init);
    return this.withOpenProject(async (store, project) => {
      const stored = await this.diagramOf(store, request.diagramId);
      // Fresh: the worker compiles a diagram without values, so the algorithm draws its seeded initialisation.
      const diagram = init === 'fresh' ? withoutParameters(stored) : stored;
      const model = compileForTraining(diagram);
      const info = resolveAlgorithm(model, request.algorithm);
      const dataset = await this.trainingRows(store, request.datasetId, model, diagram);
      const lineage = init === 'current' ? await continuedRun(store, stored, model) : undefined;
      const run = this.newRecord({
        kind: 'train', diagramId: diagram.id, datasetId: request.datasetId, algorithm: info.name, seed: request.seed,
        config: resolveRunConfig(info, request.config ?? {}, init), totalSteps: (lineage?.parent.step ?? 0) + request.epochs,
      }, await this.options.backendName());
      if (!lineage) {
        await store.putRun(run);
        return this.launch(project, run, { diagram, model, dataset });
      }
      // The diagram's values are the final ones of its latest run: this run continues it, as run:resumeFrom would.
      const branch = { ...run, lastStep: lineage.parent.step, parent: lineage.parent };
      await store.branchRun(branch);
      return this.launch(project, branch, { diagram, model, dataset, parameters: lineage.parameters });
    });
  }

  /** Queues an inference, sampling or evaluation job. */
  async startJob(request: JobRequest): Promise<RunSummary> {
    if (typeof request !== 'object' || request === null) throw new ServiceError('invalid-argument', 'job:start needs a JobRequest.');
    if (!['infer', 'sample', 'evaluate'].includes(request.kind)) {
      throw new ServiceError('invalid-argument', `job:start kind must be 'infer', 'sample' or 'evaluate'; got '${String(request.kind)}' (use run:start to train).`);
    }
    checkEpochsAndSeed(1, request.seed);
    const { [ROWS_KEY]: rows = 'all', [LABEL_UNITS_KEY]: label, ...settings } = request.config ?? {};
    if (!ROW_PARTS.includes(rows as RowPart)) throw new ServiceError('invalid-argument', `${ROWS_KEY} must be one of ${ROW_PARTS.join(', ')}; got '${String(rows)}'.`);
    return this.withOpenProject(async (store, project) => {
      const diagram = await this.diagramOf(store, request.diagramId);
      const model = compileForJob(diagram);
      const resolved = resolveMethod(model, request.kind, request.method);
      const info = resolved.info;
      const kept = { [ROWS_KEY]: rows, ...(label !== undefined ? { [LABEL_UNITS_KEY]: label } : {}) };
      const config = { ...resolveMethodConfig(resolved, model, settings), ...(info.needsData ? kept : {}) };
      let dataset: BinaryDataset | undefined;
      if (info.needsData) {
        if (typeof request.datasetId !== 'string') throw new ServiceError('invalid-argument', `${info.label} reads data: give a datasetId.`);
        dataset = withJobLabel(datasetPart(await this.datasetOf(store, request.datasetId), rows as RowPart), label, model, diagram.name);
        checkDatasetFits(model, dataset, diagram.name);
      }
      let parameters: PlainParameters | undefined;
      if (request.checkpoint) {
        const checkpoint = await store.getCheckpoint(String(request.checkpoint.runId), Number(request.checkpoint.step));
        if (!checkpoint) throw new ServiceError('not-found', `Run '${request.checkpoint.runId}' has no checkpoint at step ${request.checkpoint.step}; see run:checkpoints.`);
        parameters = checkpointParameters(checkpoint);
        checkParametersFit(model, parameters, `The checkpoint at step ${checkpoint.step}`, diagram.name);
      } else if (!hasAllParameters(model)) {
        throw new ServiceError('invalid-argument', `Diagram '${diagram.name}' carries no trained parameters for every block; train it first, or use a checkpoint.`);
      }
      const run = this.newRecord({
        kind: request.kind, diagramId: diagram.id, datasetId: dataset ? String(request.datasetId) : '', algorithm: info.name, seed: request.seed,
        config, totalSteps: 1, ...(request.checkpoint ? { parent: { runId: request.checkpoint.runId, step: request.checkpoint.step } } : {}),
      }, await this.options.backendName());
      await store.putRun(run);
      return this.launch(project, run, { diagram, model, dataset, parameters });
    });
  }

  /** Methods of `kind` (or every kind) that apply to a stored diagram. */
  async methods(diagramId: string, kind?: JobRequest['kind'] | 'train'): Promise<MethodInfo[]> {
    return this.reading(async (store) => {
      const diagram = await this.diagramOf(store, diagramId);
      const result = compile(diagram);
      return result.ok ? methodsFor(result.model, kind) : [];
    });
  }

  async pause(runId: string): Promise<RunSummary> {
    const active = this.active.get(runId);
    if (!active) throw await this.notLive(runId, 'paused');
    await active.pause();
    return active.summary();
  }

  /** Continues a paused run, or restarts a stopped run at its latest checkpoint (from the start when it has none). */
  async resume(runId: string): Promise<RunSummary> {
    const active = this.active.get(runId);
    if (active) {
      await active.resume();
      return active.summary();
    }
    return this.withOpenProject(async (store, project) => {
      const run = await this.runOf(store, runId);
      // Not live here, so a stored queued/running/paused status is stale (its end could not be stored): it stopped.
      if (!['interrupted', 'cancelled', 'failed', 'queued', 'running', 'paused'].includes(run.status)) {
        const hint = run.status === 'completed' && run.kind === 'train' ? ' To train on, continue from a checkpoint with more epochs (run:resumeFrom).' : '';
        throw new ServiceError('invalid-argument', `Run '${runId}' is ${run.status}; only a paused, interrupted, cancelled or failed run can be resumed.${hint}`);
      }
      const stored = await this.diagramOf(store, run.diagramId);
      // A fresh run stopped before its first checkpoint starts over fresh, not from values the diagram got since.
      const diagram = run.kind === 'train' && run.config[INIT_KEY] === 'fresh' ? withoutParameters(stored) : stored;
      const model = run.kind === 'train' ? compileForTraining(diagram) : compileForJob(diagram);
      let parameters: PlainParameters | undefined;
      let step = 0;
      if (run.kind === 'train') {
        const checkpoint = await store.latestCheckpoint(run.id);
        if (checkpoint && checkpoint.step < run.totalSteps) {
          parameters = checkpointParameters(checkpoint);
          step = checkpoint.step;
          checkParametersFit(model, parameters, `Run '${runId}''s checkpoint at step ${step}`, diagram.name);
        }
      } else if (run.parent) {
        const checkpoint = await store.getCheckpoint(run.parent.runId, run.parent.step);
        if (!checkpoint) throw new ServiceError('not-found', `The checkpoint this ${run.kind} job used (run '${run.parent.runId}', step ${run.parent.step}) is gone; start a new job.`);
        parameters = checkpointParameters(checkpoint);
      }
      const dataset = await this.jobRows(store, run, model, diagram);
      const restarted: StoredRun = { ...run, status: 'queued', lastStep: step };
      delete restarted.endedAt;
      delete restarted.error;
      await store.rewindRun(restarted, step);
      return this.launch(project, restarted, { diagram, model, dataset, parameters });
    });
  }

  /** A new training run that continues from a checkpoint of any run; the parent's metrics up to it are copied. */
  async resumeFrom(request: ResumeFromRequest): Promise<RunSummary> {
    const parentId = requireRunId(request, 'run:resumeFrom');
    if (!Number.isInteger(request.step) || request.step < 0) throw new ServiceError('invalid-argument', `run:resumeFrom needs a whole step ≥ 0; got ${String(request.step)}.`);
    return this.withOpenProject(async (store, project) => {
      const parent = await this.runOf(store, parentId);
      if (parent.kind !== 'train') throw new ServiceError('invalid-argument', `Run '${parentId}' is a ${parent.kind} job; only training runs continue from checkpoints.`);
      const checkpoint = await store.getCheckpoint(parentId, request.step);
      if (!checkpoint) {
        const steps = (await store.listCheckpoints(parentId)).map((c) => c.step);
        throw new ServiceError('not-found', `Run '${parentId}' has no checkpoint at step ${request.step}; its checkpoints: ${steps.slice(-10).join(', ') || 'none'}.`);
      }
      const epochs = request.epochs ?? parent.totalSteps;
      checkEpochsAndSeed(epochs, parent.seed);
      if (epochs <= request.step) throw new ServiceError('invalid-argument', `Epochs must exceed the checkpoint's step ${request.step}; got ${epochs}.`);
      const diagram = await this.diagramOf(store, parent.diagramId);
      const model = compileForTraining(diagram);
      const info = resolveAlgorithm(model, parent.algorithm);
      const parameters = checkpointParameters(checkpoint);
      checkParametersFit(model, parameters, `Run '${parentId}''s checkpoint at step ${request.step}`, diagram.name);
      const dataset = await this.trainingRows(store, parent.datasetId, model, diagram);
      const run = {
        ...this.newRecord({
          kind: 'train', diagramId: diagram.id, datasetId: parent.datasetId, algorithm: info.name, seed: parent.seed, totalSteps: epochs,
          config: resolveRunConfig(info, { ...parent.config, ...(request.config ?? {}) }, 'checkpoint'),
        }, await this.options.backendName()),
        lastStep: request.step,
        parent: { runId: parentId, step: request.step },
      };
      await store.branchRun(run);
      return this.launch(project, run, { diagram, model, dataset, parameters });
    });
  }

  /** Stops a live run and replies once its end ('cancelled', or how it ended first) is stored; an ended run is left as it is. */
  async cancel(runId: string): Promise<void> {
    const active = this.active.get(runId);
    if (active) {
      active.handle?.cancel();
      await active.ended;
      return;
    }
    await this.withOpenProject((store) => this.runOf(store, runId));
  }

  async delete(runId: string): Promise<void> {
    if (this.active.has(runId)) throw new ServiceError('busy', `Run '${runId}' is still running; cancel it before deleting it.`);
    await this.withOpenProject(async (store, project) => {
      await this.runOf(store, runId);
      await store.deleteRun(runId);
      await this.options.host.markDirty(project);
    });
  }

  /** Sets (or clears, with '') a run's note; the project becomes dirty. Refused on a project open read-only. */
  async setNote(runId: string, note: string): Promise<RunSummary> {
    if (typeof note !== 'string') throw new ServiceError('invalid-argument', 'run:setNote needs { runId: string, note: string }.');
    if (note.length > RUN_NOTE_MAX_LENGTH) throw new ServiceError('invalid-argument', `A run note holds at most ${RUN_NOTE_MAX_LENGTH} characters; this one has ${note.length}. Shorten it.`);
    return this.withOpenProject(async (store, project) => {
      if (store.readOnly) throw new ServiceError('invalid-argument', 'The project is open read-only; save a copy with Save As to write notes.');
      await this.runOf(store, runId);
      await store.setRunNote(runId, note);
      const active = this.active.get(runId);
      if (active) {
        if (note === '') delete active.run.note;
        else active.run.note = note;
      }
      await this.options.host.markDirty(project);
      const summary = await this.summaryOf(store, (await store.getRun(runId)) as StoredRun);
      this.options.events.emit('run:changed', summary);
      return summary;
    });
  }

  async list(): Promise<RunSummary[]> {
    return this.reading(async (store) => Promise.all((await store.listRuns()).map((run) => this.summaryOf(store, run))));
  }

  async get(runId: string): Promise<RunSummary> {
    return this.reading(async (store) => this.summaryOf(store, await this.runOf(store, runId)));
  }

  async metrics(runId: string, range: { fromStep?: number; toStep?: number; maxPoints?: number }): Promise<MetricPoint[]> {
    for (const key of ['fromStep', 'toStep', 'maxPoints'] as const) {
      const value = range[key];
      if (value !== undefined && !(Number.isInteger(value) && value >= 0)) throw new ServiceError('invalid-argument', `run:metrics ${key} must be a whole number ≥ 0; got ${String(value)}.`);
    }
    return this.reading(async (store) => {
      await this.runOf(store, runId);
      return store.listMetrics(runId, range);
    });
  }

  async checkpoints(runId: string): Promise<CheckpointInfo[]> {
    return this.reading(async (store) => {
      await this.runOf(store, runId);
      return store.listCheckpoints(runId);
    });
  }

  async outputs(runId?: string): Promise<OutputSummary[]> {
    return this.reading(async (store) => (await store.listOutputs(runId)).map(outputSummary));
  }

  /** An output with a range of its rows (OUTPUT_ROWS_PER_CALL by default: a large output is read in pieces). */
  async output(outputId: string, fromRow = 0, rowCount = OUTPUT_ROWS_PER_CALL): Promise<OutputData> {
    for (const [key, value] of [['fromRow', fromRow], ['rowCount', rowCount]] as const) {
      if (!Number.isInteger(value) || value < 0) throw new ServiceError('invalid-argument', `output:get ${key} must be a whole number ≥ 0; got ${String(value)}.`);
    }
    return this.reading(async (store) => {
      const output = await store.getOutput(outputId, { from: fromRow, count: rowCount });
      if (!output) throw new ServiceError('not-found', `No output with id '${outputId}' in this project.`);
      return outputData(output, fromRow);
    });
  }

  /** Refuses new runs of a project, cancels its runs and waits until their final state is stored (before it closes). */
  async endRunsOf(project: OpenProject): Promise<void> {
    this.closing.add(project);
    // A run:start already queued on the project's store registers its run before this barrier passes.
    await this.options.host.withProject(project, async () => undefined).catch(() => undefined);
    const runs = [...this.active.values()].filter((a) => a.project === project);
    for (const active of runs) active.handle?.cancel();
    await Promise.all(runs.map((a) => a.ended));
  }

  /**
   * Runs `task` on the open project's store after all tasks before it. Refused once the project has begun closing; a task
   * queued before that runs, and endRunsOf's barrier waits for it (so a run it starts is ended with the project).
   */
  private async withOpenProject<T>(task: (store: ProjectStore, project: OpenProject) => Promise<T>): Promise<T> {
    const { host } = this.options;
    const project = host.requireProject();
    if (this.closing.has(project)) throw new ServiceError('no-project', 'The project is being closed.');
    return host.withProject(project, (store) => task(store, project));
  }

  /** Runs a read-only `task` on the open project's store, alongside other reads and run progress writes. */
  private reading<T>(task: (store: ProjectStore) => Promise<T>): Promise<T> {
    const { host } = this.options;
    const project = host.requireProject();
    return host.alongside(project, task);
  }

  private async summaryOf(store: ProjectStore, run: StoredRun): Promise<RunSummary> {
    const stored = await runSummaryOf(store, run);
    const active = this.active.get(run.id);
    return active ? { ...active.summary(), metrics: stored.metrics } : stored;
  }

  private newRecord(fields: Pick<StoredRun, 'kind' | 'diagramId' | 'datasetId' | 'algorithm' | 'seed' | 'config' | 'totalSteps'> & Partial<StoredRun>, backend: string): StoredRun {
    return { id: freshId('run'), backend, status: 'queued', startedAt: Date.now(), lastStep: 0, activeSeconds: 0, ...fields };
  }

  private async notLive(runId: string, verb: string): Promise<ServiceError> {
    const run = await this.reading((store) => this.runOf(store, runId));
    return new ServiceError('invalid-argument', `Run '${runId}' is ${run.status}; only a queued or running run can be ${verb}.`);
  }

  private async runOf(store: ProjectStore, runId: string): Promise<StoredRun> {
    const run = await store.getRun(runId);
    if (!run) throw new ServiceError('not-found', `No run with id '${runId}' in this project.`);
    return run;
  }

  private async diagramOf(store: ProjectStore, diagramId: unknown): Promise<Diagram> {
    const diagram = (await store.listDiagrams()).find((d) => d.id === diagramId);
    if (!diagram) throw new ServiceError('not-found', `No diagram with id '${String(diagramId)}' in this project.`);
    return diagram;
  }

  private async datasetOf(store: ProjectStore, datasetId: unknown): Promise<BinaryDataset> {
    const dataset = typeof datasetId === 'string' ? await store.getDataset(datasetId) : undefined;
    if (!dataset) throw new ServiceError('not-found', `No dataset with id '${String(datasetId)}' in this project.`);
    return dataset;
  }

  /** A dataset's training rows (all rows without a split), checked against the model. */
  private async trainingRows(store: ProjectStore, datasetId: unknown, model: CompiledModel, diagram: Diagram): Promise<BinaryDataset> {
    const dataset = datasetPart(await this.datasetOf(store, datasetId), 'train');
    checkDatasetFits(model, dataset, diagram.name);
    return dataset;
  }

  /** The rows a stored run reads again when it restarts. */
  private async jobRows(store: ProjectStore, run: StoredRun, model: CompiledModel, diagram: Diagram): Promise<BinaryDataset | undefined> {
    if (run.kind === 'train') return this.trainingRows(store, run.datasetId, model, diagram);
    if (run.datasetId === '') return undefined;
    const part = datasetPart(await this.datasetOf(store, run.datasetId), (run.config[ROWS_KEY] as RowPart | undefined) ?? 'all');
    const dataset = withJobLabel(part, run.config[LABEL_UNITS_KEY], model, diagram.name);
    checkDatasetFits(model, dataset, diagram.name);
    return dataset;
  }

  /** Registers a stored (queued) run as active and submits its job; registered inside the store task, so endRunsOf sees it. */
  private launch(project: OpenProject, run: StoredRun, input: Launch): RunSummary {
    const { options } = this;
    const rowCount = input.dataset?.rowCount ?? 0;
    const sampleCount = typeof run.config.count === 'number' ? run.config.count : 0;
    const active = new ActiveRun({
      host: options.host,
      events: options.events,
      project,
      run,
      examplesPerStep: (totalSteps) => (run.kind === 'train' ? rowCount : (rowCount || sampleCount) / Math.max(1, totalSteps)),
      progressIntervalMs: options.progressIntervalMs ?? 100,
      flushMs: options.metricsFlushMs ?? 100,
      onEnded: (ended) => this.active.delete(ended.run.id),
    });
    this.active.set(run.id, active);
    const summary = active.summary();
    active.handle = options.runner.submit(this.jobSpec(run, input), (message) => active.onMessage(message));
    return summary;
  }

  private jobSpec(run: StoredRun, input: Launch): JobSpec {
    const common = { diagram: input.diagram, seed: run.seed, preferredBackend: this.options.preferredBackend };
    if (run.kind === 'train') {
      return {
        ...common,
        kind: 'train',
        algorithm: run.algorithm,
        config: engineConfig(run.config),
        dataset: input.dataset as BinaryDataset,
        totalSteps: run.totalSteps,
        startStep: run.lastStep,
        ...(input.parameters ? { initial: input.parameters } : {}),
        checkpointEvery: run.config[CHECKPOINT_EVERY_KEY] as number,
      };
    }
    const { [ROWS_KEY]: _rows, [LABEL_UNITS_KEY]: _label, ...config } = run.config;
    return {
      ...common,
      kind: run.kind,
      method: run.algorithm,
      config,
      ...(input.dataset ? { dataset: input.dataset } : {}),
      ...(input.parameters ? { parameters: input.parameters, parameterStep: run.parent?.step } : {}),
    };
  }
}

/** Longest run note accepted (characters). */
export const RUN_NOTE_MAX_LENGTH = 20_000;

/** Whether the diagram carried values for every weight and bias block of its model. */
function hasAllParameters(model: CompiledModel): boolean {
  return model.weightBlocks.every((b) => b.values !== undefined) && model.biasBlocks.every((b) => b.values !== undefined);
}

/** Compiles a diagram for an inference, sampling or evaluation job, or throws 'invalid-diagram'. */
function compileForJob(diagram: Diagram): CompiledModel {
  const result = compile(diagram);
  if (!result.ok) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    throw new ServiceError('invalid-diagram', `Diagram '${diagram.name}' must compile before it can be used: ${describeDiagnostics(errors.length ? errors : result.diagnostics)}.`);
  }
  return result.model;
}
