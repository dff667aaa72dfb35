import { Worker } from 'node:worker_threads';
import type { BackendName } from '../../../../engine/backend/selectBackend';
import { shuffledRows } from '../../../../engine/energy/rbm/cd';
import type { CdArgs } from '../../../../engine/energy/rbm/cdArgs';
import { hiddenSlice } from '../../../../engine/energy/rbm/parallel';
import type { RbmView } from '../../../../engine/energy/rbm/view';
import { createRandom } from '../../../../engine/random/seeded';
import type { ParallelJob } from './parallelWorker';

/** Result of a parallel run: each worker's final view, and the wall time from the common start to the last worker's end. */
export interface ParallelRun {
  views: RbmView[];
  seconds: number;
  backend: string;
}

/** Settings of a parallel run. */
export interface ParallelOptions {
  mode: 'hidden' | 'data';
  workers: number;
  args: CdArgs;
  batchSize: number;
  batches: number;
  noiseSeed: number;
  orderSeed: number;
  backend?: BackendName;
}

/**
 * Runs CD-k on `workers` worker threads, each with its own TensorFlow.js backend: 'hidden' splits the hidden units
 * (engine createCdShard), 'data' splits every minibatch and averages the increments (engine createCdReplica).
 */
export async function runParallel(view: RbmView, bits: Uint8Array, rowCount: number, options: ParallelOptions): Promise<ParallelRun> {
  const { workers: parts, batchSize, mode } = options;
  if (mode === 'data' && batchSize % parts !== 0) throw new Error(`Data-parallel CD needs a batch size divisible by ${parts}, got ${batchSize}`);
  const shared = new SharedArrayBuffer(bits.length);
  new Uint8Array(shared).set(bits);
  const slot = mode === 'hidden' ? view.visibleCount * batchSize : view.visibleCount * view.hiddenCount + view.visibleCount + view.hiddenCount;
  const exchange = new SharedArrayBuffer(2 * parts * slot * 4);
  const control = new SharedArrayBuffer(8);
  const bounds = Array.from({ length: parts + 1 }, (_, p) => Math.round((p * view.hiddenCount) / parts));
  const workers = Array.from({ length: parts }, (_, part) => {
    const job: ParallelJob = {
      kind: 'rbm-parallel',
      mode,
      part,
      parts,
      view: mode === 'hidden' ? hiddenSlice(view, bounds[part], bounds[part + 1]) : view,
      args: options.args,
      noiseSeed: options.noiseSeed,
      orderSeed: options.orderSeed,
      bits: shared,
      rowCount,
      batchSize,
      batches: options.batches,
      exchange,
      slot,
      control,
      backend: options.backend,
    };
    return new Worker(new URL('./parallelWorkerBoot.mjs', import.meta.url), { workerData: job });
  });
  const message = (worker: Worker, type: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onMessage = (m: Record<string, unknown>) => {
        if (m.type !== type) return;
        worker.off('message', onMessage);
        resolve(m);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  try {
    const ready = await Promise.all(workers.map((w) => message(w, 'ready')));
    const started = performance.now();
    const done = workers.map((w) => message(w, 'done'));
    for (const w of workers) w.postMessage('go');
    const results = await Promise.all(done);
    return { views: results.map((r) => r.view as RbmView), seconds: (performance.now() - started) / 1000, backend: String(ready[0].backend) };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** The minibatches every worker sees, in order: rows of successive seeded shuffles. */
export function* batchRows(rowCount: number, batchSize: number, batches: number, orderSeed: number): Generator<Int32Array> {
  const random = createRandom(orderSeed);
  let order = shuffledRows(rowCount, random);
  let first = 0;
  for (let b = 0; b < batches; b++) {
    if (first + batchSize > rowCount) {
      order = shuffledRows(rowCount, random);
      first = 0;
    }
    yield order.subarray(first, first + batchSize);
    first += batchSize;
  }
}
