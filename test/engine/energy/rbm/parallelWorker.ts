/** Worker thread running one hidden-unit shard of CD-k (engine/energy/rbm/shard.ts); used by shard.test.ts and test/bench/rbm.ts. */
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend, type BackendName } from '../../../../engine/backend/selectBackend';
import type { CdArgs } from '../../../../engine/energy/rbm/cdArgs';
import { columnBatch } from '../../../../engine/energy/rbm/layers';
import { createUniformNoise } from '../../../../engine/energy/rbm/noise';
import { createCdShard } from '../../../../engine/energy/rbm/shard';
import type { RbmView } from '../../../../engine/energy/rbm/view';
import { createRandom } from '../../../../engine/random/seeded';
import { batchRows } from './shards';

/** What the parent sends: the shard's slice, data and shared buffers. */
export interface ShardJob {
  kind: 'rbm-shard';
  shard: number;
  shards: number;
  slice: RbmView;
  args: CdArgs;
  noiseSeed: number;
  orderSeed: number;
  /** rowCount × width bits. */
  bits: SharedArrayBuffer;
  rowCount: number;
  batchSize: number;
  /** Minibatches to run (consecutive rows of a fresh shuffle every epoch). */
  batches: number;
  /** 2 parities × shards × width × batchSize float32 partial fields. */
  exchange: SharedArrayBuffer;
  /** Int32 [arrived, generation] of the barrier. */
  control: SharedArrayBuffer;
  backend?: BackendName;
}

/** Reusable barrier on shared memory: the last arrival bumps the generation and wakes the others. */
function barrier(control: Int32Array, parties: number): void {
  const generation = Atomics.load(control, 1);
  if (Atomics.add(control, 0, 1) === parties - 1) {
    Atomics.store(control, 0, 0);
    Atomics.add(control, 1, 1);
    Atomics.notify(control, 1);
  } else {
    while (Atomics.load(control, 1) === generation) Atomics.wait(control, 1, generation);
  }
}

async function run(job: ShardJob): Promise<void> {
  const backend = await selectBackend(job.backend);
  const root = createRandom(job.noiseSeed);
  const shard = createCdShard(job.slice, job.args, {
    hidden: createUniformNoise(root.fork(`hidden-${job.shard}`)),
    visible: createUniformNoise(root.fork('visible')),
  });
  const width = job.slice.visibleCount;
  const bits = new Uint8Array(job.bits);
  const control = new Int32Array(job.control);
  const size = width * job.batchSize;
  const slots = [0, 1].map((parity) => Array.from({ length: job.shards }, (_, s) => new Float32Array(job.exchange, ((parity * job.shards + s) * size) * 4, size)));
  const total = new Float32Array(size);
  let parity = 0;
  const exchange = (partial: Float32Array): Float32Array => {
    // Alternate two sets of slots so a shard that runs ahead never overwrites partials another shard is still reading.
    const mine = slots[parity];
    mine[job.shard].set(partial);
    barrier(control, job.shards);
    total.set(mine[0]);
    for (let s = 1; s < job.shards; s++) for (let k = 0; k < size; k++) total[k] += mine[s][k];
    parity ^= 1;
    return total;
  };
  const batch = new Float32Array(size);
  parentPort!.postMessage({ type: 'ready', backend });
  await new Promise<void>((resolve) => parentPort!.once('message', () => resolve()));
  const started = performance.now();
  for (const rows of batchRows(job.rowCount, job.batchSize, job.batches, job.orderSeed)) {
    shard.step(columnBatch(bits, width, rows, job.slice.encoding, batch), job.batchSize, exchange);
  }
  const view = shard.view();
  const seconds = (performance.now() - started) / 1000;
  shard.dispose();
  parentPort!.postMessage({ type: 'done', view, seconds });
}

if (parentPort && (workerData as ShardJob | undefined)?.kind === 'rbm-shard') void run(workerData as ShardJob);
