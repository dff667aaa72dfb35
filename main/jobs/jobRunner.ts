import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker, TrainJob } from './messages';

/** The message a job ends with. */
export type JobEnd = Extract<FromWorker, { type: 'done' | 'error' }>;

/** Control of one submitted job. */
export interface JobHandle {
  readonly id: number;
  /** Asks the worker to stop at the next epoch; a queued job ends at once. Ends with code 'cancelled'. */
  cancel(): void;
  /** Holds the job after its current epoch until resume(). */
  pause(): void;
  resume(): void;
  /** Settles with the job's last message. */
  readonly finished: Promise<JobEnd>;
}

export interface JobRunnerOptions {
  /** Jobs running at once; default os.availableParallelism(). */
  maxConcurrent?: number;
  /** Worker script; default trainWorker beside this module (.ts through tsx from source, .js when bundled). */
  workerUrl?: URL;
  /** After cancel(), how long the worker may take to stop before it is terminated. */
  cancelGraceMs?: number;
}

interface Entry {
  id: number;
  job: TrainJob;
  listener: (message: FromWorker) => void;
  worker?: Worker;
  ended: boolean;
  paused: boolean;
  resolve: (end: JobEnd) => void;
  cancelTimer?: ReturnType<typeof setTimeout>;
}

/** Registers tsx inside a worker, then imports the .ts entry named in workerData.tsxEntry. */
const TSX_BOOTSTRAP = './tsxWorker.mjs';

/** Starts a worker for a job: .ts scripts go through the tsx bootstrap, built .js scripts run directly. */
export function spawnTrainWorker(script: URL, job: TrainJob): Worker {
  if (script.pathname.endsWith('.ts')) {
    return new Worker(new URL(TSX_BOOTSTRAP, import.meta.url), { workerData: { job, tsxEntry: script.href } });
  }
  return new Worker(script, { workerData: { job } });
}

function defaultWorkerUrl(): URL {
  const fromSource = new URL(import.meta.url).pathname.endsWith('.ts');
  return new URL(fromSource ? './trainWorker.ts' : './trainWorker.js', import.meta.url);
}

/** A queue of training jobs, each run in its own worker thread, at most maxConcurrent at once. */
export class JobRunner {
  readonly maxConcurrent: number;
  private readonly workerUrl: URL;
  private readonly cancelGraceMs: number;
  private readonly queue: Entry[] = [];
  private readonly running = new Set<Entry>();
  private readonly endWaiters = new Map<Entry, (() => void)[]>();
  private nextId = 1;

  constructor(options: JobRunnerOptions = {}) {
    this.maxConcurrent = Math.max(1, options.maxConcurrent ?? availableParallelism());
    this.workerUrl = options.workerUrl ?? defaultWorkerUrl();
    this.cancelGraceMs = options.cancelGraceMs ?? 5000;
  }

  get runningCount(): number {
    return this.running.size;
  }

  get queuedCount(): number {
    return this.queue.length;
  }

  /** Queues a job; the listener receives every worker message, the final one last. */
  submit(job: TrainJob, listener: (message: FromWorker) => void): JobHandle {
    let resolve!: (end: JobEnd) => void;
    const finished = new Promise<JobEnd>((r) => (resolve = r));
    const entry: Entry = { id: this.nextId++, job, listener, ended: false, paused: false, resolve };
    this.queue.push(entry);
    this.pump();
    return {
      id: entry.id,
      finished,
      cancel: () => this.cancel(entry),
      pause: () => this.setPaused(entry, true),
      resume: () => this.setPaused(entry, false),
    };
  }

  /** Cancels every job and waits until all have ended. */
  async dispose(): Promise<void> {
    const entries = [...this.queue, ...this.running];
    for (const entry of entries) this.cancel(entry);
    await Promise.all(entries.map((entry) => new Promise<void>((done) => (entry.ended ? done() : this.onEnd(entry, done)))));
  }

  private onEnd(entry: Entry, done: () => void): void {
    this.endWaiters.set(entry, [...(this.endWaiters.get(entry) ?? []), done]);
  }

  private pump(): void {
    while (this.running.size < this.maxConcurrent && this.queue.length > 0) {
      this.start(this.queue.shift() as Entry);
    }
  }

  private start(entry: Entry): void {
    this.running.add(entry);
    let worker: Worker;
    try {
      worker = spawnTrainWorker(this.workerUrl, entry.job);
    } catch (error) {
      this.finish(entry, { type: 'error', code: 'internal', message: `Could not start a training worker: ${String(error)}` });
      return;
    }
    entry.worker = worker;
    if (entry.paused) this.post(entry, { type: 'pause' });
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'done' || message.type === 'error') this.finish(entry, message);
      else if (!entry.ended) entry.listener(message);
    });
    worker.on('error', (error) => {
      this.finish(entry, { type: 'error', code: 'internal', message: `The training worker crashed: ${error.message}` });
    });
    worker.on('exit', (exitCode) => {
      const cancelled = entry.cancelTimer !== undefined;
      this.finish(
        entry,
        cancelled
          ? { type: 'error', code: 'cancelled', message: 'Training was cancelled.' }
          : { type: 'error', code: 'internal', message: `The training worker stopped unexpectedly (exit code ${exitCode}).` },
      );
    });
  }

  private finish(entry: Entry, end: JobEnd): void {
    if (entry.ended) return;
    entry.ended = true;
    clearTimeout(entry.cancelTimer);
    const queued = this.queue.indexOf(entry);
    if (queued >= 0) this.queue.splice(queued, 1);
    this.running.delete(entry);
    void entry.worker?.terminate();
    try {
      entry.listener(end);
    } finally {
      entry.resolve(end);
      for (const done of this.endWaiters.get(entry) ?? []) done();
      this.endWaiters.delete(entry);
      this.pump();
    }
  }

  private cancel(entry: Entry): void {
    if (entry.ended) return;
    if (!entry.worker) {
      this.finish(entry, { type: 'error', code: 'cancelled', message: 'Training was cancelled before it started.' });
      return;
    }
    if (entry.cancelTimer !== undefined) return;
    this.post(entry, { type: 'cancel' });
    entry.cancelTimer = setTimeout(() => {
      this.finish(entry, { type: 'error', code: 'cancelled', message: 'Training was cancelled.' });
    }, this.cancelGraceMs);
  }

  private setPaused(entry: Entry, paused: boolean): void {
    if (entry.ended || entry.paused === paused) return;
    entry.paused = paused;
    if (entry.worker) this.post(entry, { type: paused ? 'pause' : 'resume' });
  }

  private post(entry: Entry, message: ToWorker): void {
    entry.worker?.postMessage(message);
  }
}
