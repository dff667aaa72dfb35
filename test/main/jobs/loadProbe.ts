/**
 * The API under job load, for the main-loop test (which checks that every call answers correctly) and for `npm run
 * bench` (which prints how fast). Calls go over the WebSocket bridge (JSON both ways), cycling through reads of every kind
 * and a write that queues behind the jobs' progress writes on the same project. Each call's time is measured without the
 * main thread's run-queue wait (Linux's schedstat, see schedstat.ts): on a shared 2-core machine the OS keeps the thread
 * waiting for a CPU for 50–150 ms now and then with none of our code running. No vitest here, so the bench can run it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diagramId, nodeId } from '../../../engine/diagram/ids';
import type { Diagram } from '../../../engine/diagram/types';
import { createRandom } from '../../../engine/random/seeded';
import type { ProjectSnapshot, RunSummary } from '../../../main/api/contract';
import { createAppServices } from '../../../main/services/appServices';
import { startWebServer } from '../../../main/web/server';
import { createProject } from '../../../projects/storage/openProject';
import { connect, type TestClient } from '../web/wsClient';
import { mainThreadRunQueueMs, watchLongTasks } from './schedstat';

/** What a scenario leaves to undo, newest last. */
export type Cleanups = (() => Promise<void> | void)[];

/** Round-trip times (ms, run-queue wait removed) per channel, and the longest stretch our code held the event loop. */
export interface LoadFigures {
  latencies: Map<string, number[]>;
  longestTaskMs: number;
}

interface Session {
  client: TestClient;
  dataDir: string;
}

/** A temporary folder removed by the cleanups. */
export function scratch(prefix: string, cleanups: Cleanups): string {
  const dir = mkdtempSync(join(tmpdir(), `attractor-${prefix}-`));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** App services behind the browser-mode bridge on `dataDir` (a new temporary folder by default), with a connected client. */
export async function startSession(cleanups: Cleanups, dataDir = scratch('services', cleanups)): Promise<Session> {
  const services = createAppServices({ mode: 'browser', dataDir });
  cleanups.push(() => services.dispose());
  const staticDir = join(scratch('loop', cleanups), 'renderer');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html>');
  const server = await startWebServer({ services, staticDir });
  cleanups.push(() => server.close());
  const client = await connect(`ws://127.0.0.1:${server.port}/api?token=${server.token}`);
  cleanups.push(() => client.close());
  return { client, dataDir };
}

export async function value<T>(client: TestClient, channel: string, arg?: unknown): Promise<T> {
  const result = await client.call(channel, arg);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

async function progressTo(client: TestClient, runId: string, step: number): Promise<void> {
  for (;;) {
    const progress = (await client.nextEvent('run:progress', 60_000)) as { runId: string; step: number };
    if (progress.runId === runId && progress.step >= step) return;
  }
}

/** Calls every channel in turn for `ms`; throws naming the first call that fails. */
async function measure(client: TestClient, runId: string, diagram: Diagram, ms: number): Promise<LoadFigures> {
  let edit = 0;
  const calls: [string, () => unknown][] = [
    ['app:info', () => undefined],
    ['project:get', () => undefined],
    ['run:list', () => undefined],
    ['run:get', () => ({ runId })],
    ['run:metrics', () => ({ runId, maxPoints: 200 })],
    ['run:checkpoints', () => ({ runId })],
    ['output:list', () => ({})],
    ['diagram:put', () => ({ diagram: { ...diagram, name: `renamed ${++edit}` } })],
  ];
  const latencies = new Map(calls.map(([channel]) => [channel, [] as number[]]));
  const stop = watchLongTasks();
  const until = performance.now() + ms;
  for (let k = 0; performance.now() < until; k++) {
    const [channel, arg] = calls[k % calls.length];
    const sent = performance.now();
    const waitBefore = mainThreadRunQueueMs() ?? 0;
    const result = await client.call(channel, arg());
    const osWait = (mainThreadRunQueueMs() ?? 0) - waitBefore;
    latencies.get(channel)?.push(performance.now() - sent - osWait);
    if (!result.ok) throw new Error(`${channel} failed under load: ${result.error.message}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return { latencies, longestTaskMs: stop().longestTaskMs };
}

export const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];

/** Per-channel median, p99 and maximum, and the same over all calls. */
export function describeFigures(what: string, { latencies, longestTaskMs }: LoadFigures): string {
  const all = [...latencies.values()].flat().sort((a, b) => a - b);
  const lines = [...latencies].map(([channel, times]) => {
    const sorted = [...times].sort((a, b) => a - b);
    return `  ${channel.padEnd(16)} n=${sorted.length} median ${quantile(sorted, 0.5).toFixed(1)} ms, p99 ${quantile(sorted, 0.99).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`;
  });
  return `${what}: ${all.length} calls, p99 ${quantile(all, 0.99).toFixed(1)} ms (goal < 50), max ${all[all.length - 1].toFixed(1)} ms; longest task on the loop ${longestTaskMs.toFixed(1)} ms\n${lines.join('\n')}`;
}

/** XOR training with a checkpoint every epoch and an exact sampling job beside it; what the jobs did meanwhile. */
export async function xorUnderLoad(cleanups: Cleanups, ms = 4000) {
  const { client } = await startSession(cleanups);
  const example = await value<ProjectSnapshot>(client, 'project:openExample', { exampleId: 'xor-boltzmann' });
  const diagram = example.diagrams[0];
  const run = await value<RunSummary>(client, 'run:start', {
    diagramId: diagram.id, datasetId: example.datasets[0].id, algorithm: 'boltzmann-exact', epochs: 1_000_000, seed: 1, config: { checkpointEvery: 1 },
  });
  await progressTo(client, run.id, 100);
  const sampling = await value<RunSummary>(client, 'job:start', {
    kind: 'sample', diagramId: diagram.id, method: 'exact', seed: 2, config: { count: 1_000_000 }, checkpoint: { runId: run.id, step: 50 },
  });
  const sampled = client.nextEvent('run:ended', 120_000);
  await progressTo(client, sampling.id, 1);
  const figures = await measure(client, run.id, diagram, ms);
  const samplingEnd = (await sampled) as { run: RunSummary };
  const statusBeforeCancel = (await value<RunSummary>(client, 'run:get', { runId: run.id })).status;
  const ended = client.nextEvent('run:ended');
  await value(client, 'run:cancel', { runId: run.id });
  return { figures, samplingId: sampling.id, samplingEnd: samplingEnd.run, runId: run.id, statusBeforeCancel, trainingEnd: ((await ended) as { run: RunSummary }).run };
}

/** A 784 × 500 RBM (392,500 weights: a 1.6 MB float32 checkpoint) and 64 random 28 × 28 patterns. */
async function bigRbmProject(path: string): Promise<void> {
  const diagram: Diagram = {
    format: 'attractor-diagram',
    version: 1,
    id: diagramId('big-rbm'),
    name: 'Big RBM',
    settings: { encoding: 'binary01' },
    nodes: [{ id: nodeId('rbm'), kind: 'rbm', label: 'RBM', position: { x: 0, y: 0 }, visibleSize: 784, hiddenSize: 500, visibleImageShape: { rows: 28, cols: 28 } }],
    edges: [],
  };
  const random = createRandom(3);
  const store = await createProject(path, 'Big RBM');
  await store.putDiagram(diagram);
  await store.putDataset({ id: 'noise', name: 'Noise 28×28', width: 784, rowCount: 64, bits: Uint8Array.from({ length: 784 * 64 }, () => random.int(2)), imageShape: { rows: 28, cols: 28 } });
  await store.close();
}

/** A 784 × 500 RBM training by CD with a 1.6 MB checkpoint every epoch; what the run did meanwhile. */
export async function bigRbmUnderLoad(cleanups: Cleanups, ms = 4000) {
  const { client, dataDir } = await startSession(cleanups);
  const path = join(dataDir, 'big.attractor');
  await bigRbmProject(path);
  const project = await value<ProjectSnapshot>(client, 'project:open', { path });
  const run = await value<RunSummary>(client, 'run:start', {
    diagramId: 'big-rbm', datasetId: 'noise', algorithm: 'cd', epochs: 100_000, seed: 1, config: { checkpointEvery: 1, batchSize: 16 },
  });
  await progressTo(client, run.id, 3);
  const figures = await measure(client, run.id, project.diagrams[0], ms);
  const checkpoints = (await value<unknown[]>(client, 'run:checkpoints', { runId: run.id })).length;
  const ended = client.nextEvent('run:ended');
  await value(client, 'run:cancel', { runId: run.id });
  return { figures, checkpoints, runId: run.id, trainingEnd: ((await ended) as { run: RunSummary }).run };
}

/** Undoes a scenario's set-up, newest first. */
export async function cleanUp(cleanups: Cleanups): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}
