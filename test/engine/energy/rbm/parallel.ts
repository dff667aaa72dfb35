import { Worker } from 'node:worker_threads';
import type { BackendName } from '../../../../engine/backend/selectBackend';
import type { CdArgs } from '../../../../engine/energy/rbm/cdArgs';
import { hiddenSlice } from '../../../../engine/energy/rbm/shard';
import type { RbmView } from '../../../../engine/energy/rbm/view';
import { shuffledRows } from '../../../../engine/energy/rbm/cd';
import { createRandom } from '../../../../engine/random/seeded';
import type { ShardJob } from './shardWorker';

/** Result of a sharded run: each shard's final slice, and the wall time from the common start to the last shard's end. */
export interface ShardedRun {
  views: RbmView[];
  seconds: number;
  backend: string;
}

/** Runs CD-k split over `shards` worker threads (equal hidden slices), each with its own TensorFlow.js backend. */
export async function runShards(
  view: RbmView,
  bits: Uint8Array,
  rowCount: number,
  options: { shards: number; args: CdArgs; batchSize: number; batches: number; noiseSeed: number; orderSeed: number; backend?: BackendName },
): Promise<ShardedRun> {
  const { shards, batchSize } = options;
  const shared = new SharedArrayBuffer(bits.length);
  new Uint8Array(shared).set(bits);
  const exchange = new SharedArrayBuffer(2 * shards * view.visibleCount * batchSize * 4);
  const control = new SharedArrayBuffer(8);
  const bounds = Array.from({ length: shards + 1 }, (_, s) => Math.round((s * view.hiddenCount) / shards));
  const workers = Array.from({ length: shards }, (_, shard) => {
    const job: ShardJob = {
      kind: 'rbm-shard',
      shard,
      shards,
      slice: hiddenSlice(view, bounds[shard], bounds[shard + 1]),
      args: options.args,
      noiseSeed: options.noiseSeed,
      orderSeed: options.orderSeed,
      bits: shared,
      rowCount,
      batchSize,
      batches: options.batches,
      exchange,
      control,
      backend: options.backend,
    };
    return new Worker(new URL('./shardWorkerBoot.mjs', import.meta.url), { workerData: job });
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

/** The minibatches every shard sees, in order: rows of successive seeded shuffles. */
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
