/** Worker thread running one part of parallel CD-k (engine/energy/rbm/parallel.ts); used by parallel.test.ts and test/bench/rbm.ts. */
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend, type BackendName } from '../../../../engine/backend/selectBackend';
import type { CdArgs } from '../../../../engine/energy/rbm/cdArgs';
import { columnBatch } from '../../../../engine/energy/rbm/layers';
import { createUniformNoise } from '../../../../engine/energy/rbm/noise';
import { createCdReplica, createCdShard } from '../../../../engine/energy/rbm/parallel';
import type { RbmView } from '../../../../engine/energy/rbm/view';
import { createRandom } from '../../../../engine/random/seeded';
import { batchRows } from './parallel';

/** What the parent sends: the worker's part of the model, the data and the shared buffers. */
export interface ParallelJob {
  kind: 'rbm-parallel';
  /** 'hidden': this worker holds a slice of the hidden units for the whole minibatch; 'data': all units for a slice of the minibatch. */
  mode: 'hidden' | 'data';
  part: number;
  parts: number;
  /** The hidden slice ('hidden') or the whole RBM ('data'). */
  view: RbmView;
  args: CdArgs;
  noiseSeed: number;
  orderSeed: number;
  /** rowCount × width bits. */
  bits: SharedArrayBuffer;
  rowCount: number;
  /** Patterns per minibatch over all workers. */
  batchSize: number;
  /** Minibatches to run (consecutive rows of a fresh shuffle every epoch). */
  batches: number;
  /** 2 parities × parts × slot floats: partial fields ('hidden') or increments ('data'). */
  exchange: SharedArrayBuffer;
  slot: number;
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

async function run(job: ParallelJob): Promise<void> {
  const backend = await selectBackend(job.backend);
  const root = createRandom(job.noiseSeed);
  // Hidden shards share the visible noise (so they draw the same visible samples); data replicas draw their own.
  const noise = {
    hidden: createUniformNoise(root.fork(`hidden-${job.part}`)),
    visible: createUniformNoise(root.fork(job.mode === 'hidden' ? 'visible' : `visible-${job.part}`)),
  };
  const worker = job.mode === 'hidden' ? createCdShard(job.view, job.args, noise) : createCdReplica(job.view, job.args, noise);
  const width = job.view.visibleCount;
  const bits = new Uint8Array(job.bits);
  const control = new Int32Array(job.control);
  const slots = [0, 1].map((parity) => Array.from({ length: job.parts }, (_, p) => new Float32Array(job.exchange, (parity * job.parts + p) * job.slot * 4, job.slot)));
  const total = new Float32Array(job.slot);
  let parity = 0;
  const combine = (mine: Float32Array, scale: number): Float32Array => {
    // Two sets of slots, used alternately, so a worker that runs ahead never overwrites values another is still reading.
    const current = slots[parity];
    current[job.part].set(mine);
    barrier(control, job.parts);
    total.set(current[0]);
    for (let p = 1; p < job.parts; p++) for (let k = 0; k < job.slot; k++) total[k] += current[p][k];
    if (scale !== 1) for (let k = 0; k < job.slot; k++) total[k] *= scale;
    parity ^= 1;
    return total;
  };
  const local = job.mode === 'hidden' ? job.batchSize : job.batchSize / job.parts;
  const batch = new Float32Array(width * local);
  parentPort!.postMessage({ type: 'ready', backend });
  await new Promise<void>((resolve) => parentPort!.once('message', () => resolve()));
  const started = performance.now();
  for (const rows of batchRows(job.rowCount, job.batchSize, job.batches, job.orderSeed)) {
    const mine = job.mode === 'hidden' ? rows : rows.subarray(job.part * local, (job.part + 1) * local);
    columnBatch(bits, width, mine, job.view.encoding, batch);
    worker.step(batch, local, (values) => combine(values, job.mode === 'hidden' ? 1 : 1 / job.parts));
  }
  const view = worker.view();
  const seconds = (performance.now() - started) / 1000;
  worker.dispose();
  parentPort!.postMessage({ type: 'done', view, seconds });
}

if (parentPort && (workerData as ParallelJob | undefined)?.kind === 'rbm-parallel') void run(workerData as ParallelJob);
