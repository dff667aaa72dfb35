/**
 * One live run: follows its worker's messages, keeps the run record current, and stores progress behind the job
 * (write-behind): metric rows are batched into one transaction at most every flushMs, checkpoints, outputs and status
 * changes are stored at once, and a batch never waits for more than the write in flight. A killed process therefore
 * loses at most the steps of the last flushMs; everything stored is consistent (metrics 1..lastStep, checkpoints ≤ lastStep).
 */
import { freshId } from '../../engine/diagram/ids';
import { EVALUATION_METRIC, RunEta } from './runEta';
import { diagramWithParameters } from '../../engine/model/parameters';
import type { Diagram } from '../../engine/diagram/types';
import type { ProjectStore, StoredCheckpoint, StoredMetric, StoredOutputInput, StoredRun } from '../../projects/types';
import type { OutputSummary, RunProgress, RunSummary } from '../api/contract';
import type { JobHandle } from '../jobs/jobRunner';
import type { FromWorker, PlainParameters } from '../jobs/messages';
import type { ApiEventBus } from './eventBus';
import { ProgressThrottle } from './progressThrottle';
import type { OpenProject } from './projectSession';
import type { RunHost } from './runHost';
import { outputSummary, runSummaryOf, summarizeRun } from './runViews';

export interface ActiveRunOptions {
  host: RunHost;
  events: ApiEventBus;
  project: OpenProject;
  run: StoredRun;
  /** Examples one step processes (data rows per epoch for training), for examples/s. */
  examplesPerStep: (totalSteps: number) => number;
  /** Minimum time between two run:progress events (≤ 10/s at the default 100 ms). */
  progressIntervalMs: number;
  /** Longest wait before stored metric rows follow the job. */
  flushMs: number;
  /** Called once the final state is stored and run:ended emitted. */
  onEnded: (active: ActiveRun) => void;
}

/** Consecutive failed writes after which the job is stopped (the disk is full or the file became unwritable). */
const MAX_FAILED_WRITES = 3;

/** What is waiting to be stored. */
interface Pending {
  metrics: StoredMetric[];
  checkpoints: StoredCheckpoint[];
  outputs: StoredOutputInput[];
}

const emptyPending = (): Pending => ({ metrics: [], checkpoints: [], outputs: [] });

export class ActiveRun {
  readonly run: StoredRun;
  readonly project: OpenProject;
  handle?: JobHandle;
  /** Settles once the final state is stored and run:ended emitted. */
  readonly ended: Promise<void>;
  private markEnded!: () => void;
  private pending = emptyPending();
  private readonly throttle: ProgressThrottle<RunProgress>;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> | undefined;
  private urgent = false;
  private finished = false;
  private failedWrites = 0;
  private storageError: string | undefined;
  /** Compute time before the current running stretch, and when that stretch began (performance.now()). */
  private activeBefore: number;
  private runningSince: number | undefined;
  /** Step and compute time when this attempt started, for examples/s and the ETA. */
  private readonly attemptStartStep: number;
  private readonly attemptActiveStart: number;
  private pauseRequested = false;
  /** Whether the worker reported 'started' (a run resumed before that is queued again, not running). */
  private workerStarted = false;
  /** pause() and resume() callers waiting for the worker's answer. */
  private readonly acknowledgementWaiters: (() => void)[] = [];
  private readonly eta: RunEta;

  constructor(private readonly options: ActiveRunOptions) {
    this.run = options.run;
    this.project = options.project;
    this.activeBefore = options.run.activeSeconds;
    this.attemptStartStep = options.run.lastStep;
    this.attemptActiveStart = options.run.activeSeconds;
    const aisEvery = options.run.config.aisEvery;
    this.eta = new RunEta(options.run.lastStep, options.run.kind === 'train' && typeof aisEvery === 'number' ? aisEvery : 0, options.run.activeSeconds);
    this.throttle = new ProgressThrottle(options.progressIntervalMs, (p) => options.events.emit('run:progress', p));
    this.ended = new Promise((resolve) => (this.markEnded = resolve));
  }

  /** Whether a pause was asked for and not yet answered by resume(). */
  get pausing(): boolean {
    return this.pauseRequested;
  }

  /**
   * Holds the run and resolves once it holds (its worker's acknowledgement), so the reply reports 'paused'; a run still
   * queued for a worker is 'paused' at once and holds before its first step.
   */
  pause(): Promise<void> {
    this.pauseRequested = true;
    this.handle?.pause();
    if (this.run.status === 'queued') {
      this.run.status = 'paused';
      this.statusChanged();
    }
    return this.run.status === 'running' ? this.nextAcknowledgement() : Promise.resolve();
  }

  /** Lets a held run go on; resolves once it runs again ('running'), or at once when its worker has not started ('queued'). */
  resume(): Promise<void> {
    this.pauseRequested = false;
    this.handle?.resume();
    this.settleWaiters();
    if (this.run.status === 'paused' && !this.workerStarted) {
      this.run.status = 'queued';
      this.statusChanged();
    }
    return this.run.status === 'paused' ? this.nextAcknowledgement() : Promise.resolve();
  }

  private nextAcknowledgement(): Promise<void> {
    return new Promise((resolve) => this.acknowledgementWaiters.push(resolve));
  }

  /** Wakes pause() and resume() callers: the worker answered, the request was overtaken, or the run ended. */
  private settleWaiters(): void {
    for (const wake of this.acknowledgementWaiters.splice(0)) wake();
  }

  /** The run as it stands in memory (ahead of the store by at most one flush). */
  summary(metrics: RunSummary['metrics'] = []): RunSummary {
    return summarizeRun(this.snapshotRecord(), metrics.map((m) => ({ step: m.step, values: m.values })));
  }

  onMessage(message: FromWorker): void {
    const { run } = this;
    switch (message.type) {
      case 'started':
        this.workerStarted = true;
        this.runningSince = performance.now();
        run.status = this.pauseRequested ? 'paused' : 'running';
        run.backend = message.backend;
        this.statusChanged();
        return;
      case 'paused':
        this.stopClock();
        run.status = 'paused';
        this.statusChanged();
        this.settleWaiters();
        return;
      case 'resumed':
        this.runningSince = performance.now();
        run.status = 'running';
        this.statusChanged();
        this.settleWaiters();
        return;
      case 'progress': {
        const last = message.steps[message.steps.length - 1];
        this.eta.record(this.activeSeconds(), message.steps.length, message.steps.filter((s) => EVALUATION_METRIC in s.metrics).length);
        const progress = this.progress(last.step, last.totalSteps, last.metrics);
        // Training series also keep the throughput (this attempt's average at the batch's arrival), on the batch's last
        // step only: stored on every step it doubled the metric rows' size and the main loop's time per call.
        const rate: Record<string, number> = run.kind === 'train' ? { examplesPerSecond: progress.examplesPerSecond } : {};
        for (const step of message.steps) {
          this.pending.metrics.push({ step: step.step, values: step === last ? { ...step.metrics, ...rate } : step.metrics });
          if (step.parameters) this.addCheckpoint(step.step, step.parameters);
        }
        run.lastStep = last.step;
        run.totalSteps = last.totalSteps;
        this.throttle.push(progress);
        this.schedule();
        return;
      }
      case 'output':
        this.pending.outputs.push({ id: freshId('output'), runId: run.id, createdAt: Date.now(), ...message.output });
        this.schedule(true);
        return;
      case 'done':
        if (run.kind === 'train') run.lastStep = run.totalSteps;
        if (message.parameters) this.addCheckpoint(run.lastStep, message.parameters);
        void this.finish({ status: 'completed' }, message.parameters);
        return;
      case 'error': {
        // A run whose objective diverged stops back at its best epoch: that checkpoint is kept even off the schedule, and
        // the diagram takes its values (the last finite ones of a NaN or runaway run are only kept as a checkpoint).
        const best = message.lastGood && message.lastGoodStep !== undefined ? message.lastGood : undefined;
        if (message.lastGood) this.addCheckpoint(message.lastGoodStep ?? run.lastStep, message.lastGood);
        if (this.storageError) void this.finish({ status: 'failed', error: this.storageError });
        else if (message.code === 'cancelled') void this.finish({ status: 'cancelled' });
        else void this.finish({ status: 'failed', error: message.message }, best);
        return;
      }
    }
  }

  private addCheckpoint(step: number, parameters: PlainParameters): void {
    this.pending.checkpoints.push({ runId: this.run.id, step, ...parameters, createdAt: Date.now() });
    this.urgent = true;
  }

  private statusChanged(): void {
    this.schedule(true);
    this.options.events.emit('run:changed', this.summary());
  }

  private activeSeconds(): number {
    return this.activeBefore + (this.runningSince === undefined ? 0 : (performance.now() - this.runningSince) / 1000);
  }

  private stopClock(): void {
    this.activeBefore = this.activeSeconds();
    this.runningSince = undefined;
  }

  private snapshotRecord(): StoredRun {
    return { ...this.run, activeSeconds: this.activeSeconds(), updatedAt: Date.now() };
  }

  private progress(step: number, totalSteps: number, metrics: Record<string, number>): RunProgress {
    const active = this.activeSeconds();
    const elapsed = active - this.attemptActiveStart;
    const done = step - this.attemptStartStep;
    const { etaSeconds, untimedEvaluations } = this.eta.estimate(step, totalSteps);
    return {
      runId: this.run.id,
      kind: this.run.kind,
      step,
      totalSteps,
      ...(this.run.kind === 'train' ? { epoch: step } : {}),
      metrics,
      examplesPerSecond: elapsed > 0 ? (this.options.examplesPerStep(totalSteps) * done) / elapsed : 0,
      etaSeconds,
      ...(untimedEvaluations > 0 ? { etaUntimedEvaluations: untimedEvaluations } : {}),
      activeSeconds: active,
    };
  }

  /** Stores pending progress now (urgent) or within flushMs; never two writes at once. */
  private schedule(urgent = false): void {
    if (this.finished) return;
    this.urgent ||= urgent;
    if (this.writing) return;
    if (this.urgent) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.flush();
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, this.options.flushMs);
    }
  }

  private flush(): void {
    this.urgent = false;
    const batch = this.pending;
    this.pending = emptyPending();
    const record = this.snapshotRecord();
    this.writing = this.write((store) => store.saveProgress({ run: record, ...batch }))
      .then(
        () => {
          this.failedWrites = 0;
        },
        (error: unknown) => this.writeFailed(batch, error),
      )
      .finally(() => {
        this.writing = undefined;
        const waiting = this.pending.metrics.length + this.pending.checkpoints.length + this.pending.outputs.length > 0;
        if (waiting || this.urgent) this.schedule();
      });
  }

  /** Puts a failed batch back in front of newer progress; stops the job after MAX_FAILED_WRITES failures in a row. */
  private writeFailed(batch: Pending, error: unknown): void {
    this.pending = {
      metrics: [...batch.metrics, ...this.pending.metrics],
      checkpoints: [...batch.checkpoints, ...this.pending.checkpoints],
      outputs: [...batch.outputs, ...this.pending.outputs],
    };
    this.failedWrites++;
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`run ${this.run.id}: could not store progress (${this.failedWrites}/${MAX_FAILED_WRITES}): ${reason}`);
    if (this.failedWrites >= MAX_FAILED_WRITES && !this.storageError) {
      this.storageError =
        `The run was stopped because its progress could not be stored in the project (${reason}). ` +
        'Free disk space or make the file writable, then resume the run from its last checkpoint.';
      this.handle?.cancel();
    }
  }

  /** Progress goes to the store alongside reads: the store orders the writes, and reads do not wait for them. */
  private write(task: (store: ProjectStore) => Promise<void>): Promise<void> {
    return this.options.host.alongside(this.project, task);
  }

  /** Stores the final state in one transaction (with the trained diagram), then emits run:ended. */
  private async finish(outcome: Pick<StoredRun, 'status' | 'error'>, trained?: PlainParameters): Promise<void> {
    if (this.finished) return;
    this.stopClock();
    Object.assign(this.run, outcome, { endedAt: Date.now() });
    this.settleWaiters();
    clearTimeout(this.timer);
    this.finished = true;
    await this.writing;
    const batch = this.pending;
    this.pending = emptyPending();
    const record = this.snapshotRecord();
    let diagram: Diagram | undefined;
    let outputs: OutputSummary[] = [];
    let summary: RunSummary | undefined;
    try {
      await this.write(async (store) => {
        if (trained && this.run.kind === 'train') diagram = await trainedDiagram(store, this.run.diagramId, trained);
        await store.saveProgress({ run: record, ...batch, diagram });
      });
      // The run's end is in the project file now: the project is edited (an untitled one is kept for recovery) but not unsaved.
      this.project.edited = true;
    } catch (error) {
      diagram = undefined;
      console.error(`run ${this.run.id}: could not store its end:`, error);
      // At least the outcome, without the progress that could not be stored: the run then reads as ended, not as running.
      await this.write((store) => store.putRun(record)).catch(() => undefined);
    }
    await this.throttle.drain();
    try {
      await this.write(async (store) => {
        summary = await runSummaryOf(store, record);
        outputs = (await store.listOutputs(this.run.id)).map(outputSummary);
      });
    } catch {
      summary = summarizeRun(record, batch.metrics);
    }
    this.options.events.emit('run:ended', { run: summary ?? summarizeRun(record, []), ...(diagram ? { diagram } : {}), ...(outputs.length ? { outputs } : {}) });
    this.options.onEnded(this);
    this.markEnded();
  }
}

/** The diagram as it is now (it may have been edited while training ran) with the trained parameters, or undefined if it was deleted. */
async function trainedDiagram(store: ProjectStore, diagramId: string, trained: PlainParameters): Promise<Diagram | undefined> {
  const current = (await store.listDiagrams()).find((d) => d.id === diagramId);
  return current && diagramWithParameters(current, trained);
}
