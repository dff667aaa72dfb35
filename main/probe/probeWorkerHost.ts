import type { Worker } from 'node:worker_threads';
import { spawnJobWorker } from '../jobs/jobRunner';
import { ServiceError } from '../services/errors';
import type { ProbeJob, ProbeReply, ProbeRequest, ProbeResults } from './probeMessages';

/** Where the probe worker's script is and which backend it asks for. */
export interface ProbeWorkerOptions {
  /** Worker script; default probeWorker beside this module (.ts through tsx from source, .js when bundled). */
  workerUrl?: URL;
  /** Backend the worker asks for first. */
  preferredBackend?: ProbeRequest['preferredBackend'];
}

function defaultWorkerUrl(): URL {
  const fromSource = new URL(import.meta.url).pathname.endsWith('.ts');
  return new URL(fromSource ? './probeWorker.ts' : './probeWorker.js', import.meta.url);
}

interface Pending {
  resolve: (value: ProbeResults[keyof ProbeResults]) => void;
  reject: (error: Error) => void;
}

/**
 * One worker thread that computes probes off the main event loop, started on first use and kept (unref'd while idle, so
 * it never holds the process open) to answer later probes without loading TensorFlow.js again. Requests queue in the
 * worker and are answered in order; a worker that crashed is replaced on the next request.
 */
export class ProbeWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private disposed = false;

  constructor(private readonly options: ProbeWorkerOptions = {}) {}

  /** Runs one probe in the worker. */
  run<K extends ProbeJob['kind']>(job: Extract<ProbeJob, { kind: K }>): Promise<ProbeResults[K]> {
    if (this.disposed) return Promise.reject(new ServiceError('cancelled', 'The app is shutting down: no more probes run.'));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<ProbeResults[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as Pending['resolve'], reject });
      worker.ref();
      worker.postMessage({ id, job, preferredBackend: this.options.preferredBackend } satisfies ProbeRequest);
    });
  }

  /** Stops the worker; probes still running fail. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.failAll('cancelled', 'The probe was cancelled: the app is shutting down.');
    await worker?.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = spawnJobWorker(this.options.workerUrl ?? defaultWorkerUrl());
    worker.on('message', (reply: ProbeReply) => {
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(new ServiceError(reply.code, reply.message));
    });
    const lost = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.failAll('internal', why);
    };
    worker.on('error', (error) => lost(`The probe worker crashed: ${error.message}`));
    worker.on('exit', (code) => lost(`The probe worker stopped unexpectedly (exit code ${code}).`));
    this.worker = worker;
    return worker;
  }

  private failAll(code: 'internal' | 'cancelled', message: string): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const { reject } of pending) reject(new ServiceError(code, message));
  }
}
