import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { jobTransferList, type FromWorker, type JobSpec, type ToWorker } from './messages';

/** The message a job ends with. */
export type JobEnd = Extract<FromWorker, { type: 'done' | 'error' }>;

/** Control of one submitted job. */
export interface JobHandle {
  readonly id: number;
  /** Asks the worker to stop at its next step; a queued job ends at once. Ends with code 'cancelled'. */
  cancel(): void;
  /** Holds the job after its current step until resume(); the worker answers 'paused' once it holds. */
  pause(): void;
  resume(): void;
  /** Settles with the job's last message. */
  readonly finished: Promise<JobEnd>;
}

export interface JobRunnerOptions {
  /** Jobs running at once; default os.availableParallelism(). */
  maxConcurrent?: number;
  /** Worker script; default jobWorker beside this module (.ts through tsx from source, .js when bundled). */
  workerUrl?: URL;
  /** After cancel(), how long the worker may take to stop before it is terminated. */
  cancelGraceMs?: number;
}

interface Entry {
  id: number;
  job: JobSpec;
  listener: (message: FromWorker) => void;
  worker?: Worker;
  ended: boolean;
  paused: boolean;
  resolve: (end: JobEnd) => void;
  cancelTimer?: ReturnType<typeof setTimeout>;
}

/** Main → worker: a job to run (the worker then takes ToWorker control messages until it ends). */
export type WorkerRequest = { type: 'job'; job: JobSpec } | ToWorker;

/** Registers tsx inside a worker, then imports the .ts entry named in workerData.tsxEntry. */
const TSX_BOOTSTRAP = './tsxWorker.mjs';

/** Starts a job worker: .ts scripts go through the tsx bootstrap, built .js scripts run directly. */
export function spawnJobWorker(script: URL): Worker {
  if (script.pathname.endsWith('.ts')) return new Worker(new URL(TSX_BOOTSTRAP, import.meta.url), { workerData: { tsxEntry: script.href } });
  return new Worker(script);
}

function defaultWorkerUrl(): URL {
  const fromSource = new URL(import.meta.url).pathname.endsWith('.ts');
  return new URL(fromSource ? './jobWorker.ts' : './jobWorker.js', import.meta.url);
}

/**
 * A queue of jobs (training, inference, sampling, evaluation), each run in a worker thread, at most maxConcurrent at once.
 * A worker whose job ended normally waits (unref'd) for the next job, so a job starts without loading TensorFlow.js
 * again; a worker that crashed or was terminated after a cancel is never reused.
 */
export class JobRunner {
  readonly maxConcurrent: number;
  private readonly workerUrl: URL;
  private readonly cancelGraceMs: number;
  private readonly queue: Entry[] = [];
  private readonly running = new Set<Entry>();
  private readonly idle: Worker[] = [];
  /** The entry each busy worker runs. */
  private readonly assigned = new Map<Worker, Entry>();
  private readonly endWaiters = new Map<Entry, (() => void)[]>();
  private nextId = 1;
  private disposed = false;

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

  /** Workers waiting for a job. */
  get idleCount(): number {
    return this.idle.length;
  }

  /** Queues a job; the listener receives every worker message, the final one last. The job's arrays move to the worker. */
  submit(job: JobSpec, listener: (message: FromWorker) => void): JobHandle {
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

  /** Cancels every job, waits until all have ended, and stops the idle workers. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const entries = [...this.queue, ...this.running];
    for (const entry of entries) this.cancel(entry);
    await Promise.all(entries.map((entry) => new Promise<void>((done) => (entry.ended ? done() : this.onEnd(entry, done)))));
    await Promise.all(this.idle.splice(0).map((worker) => worker.terminate()));
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
    let worker = this.idle.pop();
    if (!worker) {
      try {
        worker = this.spawn();
      } catch (error) {
        this.finish(entry, { type: 'error', code: 'internal', message: `Could not start a job worker: ${String(error)}` });
        return;
      }
    }
    worker.ref();
    entry.worker = worker;
    this.assigned.set(worker, entry);
    const request: WorkerRequest = { type: 'job', job: entry.job };
    // Transferred, not copied: cloning a large dataset would hold up the main thread.
    worker.postMessage(request, jobTransferList(entry.job));
    if (entry.paused) this.post(entry, { type: 'pause' });
  }

  /** A new worker whose messages go to the entry it runs at the time. */
  private spawn(): Worker {
    const worker = spawnJobWorker(this.workerUrl);
    const forget = () => {
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
    };
    worker.on('message', (message: FromWorker) => {
      const entry = this.assigned.get(worker);
      if (!entry) return;
      if (message.type === 'done' || message.type === 'error') this.finish(entry, message, true);
      else if (!entry.ended) entry.listener(message);
    });
    worker.on('error', (error) => {
      forget();
      const entry = this.assigned.get(worker);
      if (entry) this.finish(entry, { type: 'error', code: 'internal', message: `The job worker crashed: ${error.message}` });
    });
    worker.on('exit', (exitCode) => {
      forget();
      const entry = this.assigned.get(worker);
      if (!entry) return;
      this.finish(
        entry,
        entry.cancelTimer !== undefined
          ? { type: 'error', code: 'cancelled', message: 'The job was cancelled.' }
          : { type: 'error', code: 'internal', message: `The job worker stopped unexpectedly (exit code ${exitCode}).` },
      );
    });
    return worker;
  }

  /** Ends an entry; its worker waits for the next job if it ended the job itself, else it is terminated. */
  private finish(entry: Entry, end: JobEnd, workerFinished = false): void {
    if (entry.ended) return;
    entry.ended = true;
    clearTimeout(entry.cancelTimer);
    const queued = this.queue.indexOf(entry);
    if (queued >= 0) this.queue.splice(queued, 1);
    this.running.delete(entry);
    const worker = entry.worker;
    if (worker) {
      this.assigned.delete(worker);
      if (workerFinished && !this.disposed && this.idle.length < this.maxConcurrent) {
        worker.unref();
        this.idle.push(worker);
      } else {
        void worker.terminate();
      }
    }
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
      this.finish(entry, { type: 'error', code: 'cancelled', message: 'The job was cancelled before it started.' });
      return;
    }
    if (entry.cancelTimer !== undefined) return;
    this.post(entry, { type: 'cancel' });
    entry.cancelTimer = setTimeout(() => {
      this.finish(entry, { type: 'error', code: 'cancelled', message: 'The job was cancelled.' });
    }, this.cancelGraceMs);
  }

  private setPaused(entry: Entry, paused: boolean): void {
    if (entry.ended || entry.paused === paused) return;
    entry.paused = paused;
    if (entry.worker) this.post(entry, { type: paused ? 'pause' : 'resume' });
  }

  private post(entry: Entry, message: ToWorker): void {
    entry.worker?.postMessage(message satisfies WorkerRequest);
  }
}
