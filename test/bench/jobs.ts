/** Job runner and project storage figures for `npm run bench`: worker start, progress writes, checkpoint writes. Prints, never asserts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobRunner } from '../../main/jobs/jobRunner';
import type { TrainJobSpec } from '../../main/jobs/messages';
import { loadExample } from '../../projects/examples/index';
import { createProject } from '../../projects/storage/openProject';
import type { StoredRun } from '../../projects/types';

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const p90 = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.9)];

/** Time from submit to the worker's 'started' message: a new worker (loads TensorFlow.js) and a waiting one. */
async function benchWorkerStart(): Promise<void> {
  const example = await loadExample('xor-boltzmann');
  if (!example) return;
  const job = (): TrainJobSpec => ({
    kind: 'train', diagram: example.diagrams[0], dataset: { ...example.datasets[0], bits: example.datasets[0].bits.slice() },
    algorithm: 'boltzmann-exact', totalSteps: 1000, startStep: 0, seed: 1, config: {}, checkpointEvery: 0,
  });
  const runner = new JobRunner({ maxConcurrent: 1 });
  const starts: number[] = [];
  let epochsPerSecond = 0;
  for (let k = 0; k < 4; k++) {
    const submitted = performance.now();
    let started = 0;
    await runner.submit(job(), (m) => {
      if (m.type === 'started') started = performance.now();
      if (m.type === 'done') epochsPerSecond = 1000 / m.seconds;
    }).finished;
    starts.push(started - submitted);
  }
  await runner.dispose();
  console.log(`job start: new worker ${starts[0].toFixed(0)} ms, reused worker ${median(starts.slice(1)).toFixed(1)} ms (median of 3); XOR training in a worker: ${epochsPerSecond.toFixed(0)} epochs/s`);
}

/** One-transaction progress saves into a project: 100 metric rows per save, and a 784 × 500 checkpoint (1.6 MB) per save. */
async function benchProgressWrites(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'attractor-bench-jobs-'));
  try {
    const store = await createProject(join(dir, 'bench.attractor'), 'Bench');
    const run: StoredRun = {
      id: 'r', kind: 'train', diagramId: 'd', datasetId: 'x', algorithm: 'cd', config: {}, seed: 1, backend: 'wasm', status: 'running',
      startedAt: Date.now(), totalSteps: 1_000_000, lastStep: 0, activeSeconds: 0,
    };
    await store.putRun(run);
    const metricSaves: number[] = [];
    for (let save = 0; save < 50; save++) {
      const metrics = Array.from({ length: 100 }, (_, i) => ({ step: save * 100 + i + 1, values: { kl: 1 / (i + 1), logLikelihood: -1 - i } }));
      const t0 = performance.now();
      await store.saveProgress({ run: { ...run, lastStep: (save + 1) * 100 }, metrics });
      metricSaves.push(performance.now() - t0);
    }
    const weights = new Float32Array(784 * 500).map((_, i) => Math.sin(i));
    const checkpointSaves: number[] = [];
    for (let step = 1; step <= 40; step++) {
      const t0 = performance.now();
      await store.saveProgress({
        run: { ...run, lastStep: step },
        metrics: [{ step: 10_000 + step, values: { reconstructionError: 0.1 } }],
        checkpoints: [{ runId: 'r', step, createdAt: Date.now(), weights: { 'rbm#internal': weights }, biases: { rbm: new Float32Array(1284) } }],
      });
      checkpointSaves.push(performance.now() - t0);
    }
    const t0 = performance.now();
    const thinned = await store.listMetrics('r', { maxPoints: 1000 });
    const thinnedMs = performance.now() - t0;
    await store.close();
    console.log(
      `progress saves: 100 metric rows ${median(metricSaves).toFixed(1)} ms (p90 ${p90(metricSaves).toFixed(1)}); ` +
        `a 1.6 MB checkpoint ${median(checkpointSaves).toFixed(1)} ms (p90 ${p90(checkpointSaves).toFixed(1)}); ` +
        `5,000-row series thinned to ${thinned.length} points in ${thinnedMs.toFixed(1)} ms`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchJobs(): Promise<void> {
  console.log('\njobs and project storage');
  await benchWorkerStart();
  await benchProgressWrites();
}
