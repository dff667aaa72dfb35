import { afterAll, afterEach } from 'vitest';
import { JobRunner } from '../../main/jobs/jobRunner';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiEvents, ApiResult, EventName, ProjectSnapshot, TrainRequest } from '../../main/api/contract';
import { createAppServices, type AppServices, type AppServicesOptions } from '../../main/services/appServices';

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `attractor-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Per-test temporary folders, removed after each test: call once per test file at module level. */
export function tempDirsPerTest(prefix: string): () => string {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  return () => {
    const { dir, cleanup } = tempDir(prefix);
    cleanups.push(cleanup);
    return dir;
  };
}

/** The value of a successful result; fails the test with the error otherwise. */
export function valueOf<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** The error of a failed result; fails the test on success. */
export function errorOf<T>(result: ApiResult<T>): { code: string; message: string } {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error;
}

/** Services with their own data folder (browser mode unless told). */
export function makeServices(overrides: Partial<AppServicesOptions> = {}): { services: AppServices; dataDir: string; cleanup: () => Promise<void> } {
  const { dir, cleanup } = tempDir('services');
  const services = createAppServices({ mode: 'browser', dataDir: dir, ...overrides });
  return {
    services,
    dataDir: dir,
    cleanup: async () => {
      await services.dispose();
      cleanup();
    },
  };
}

/** Per-test services, disposed after each test: call once per test file at module level. */
export function servicesPerTest(): (overrides?: Partial<AppServicesOptions>) => ReturnType<typeof makeServices> {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return (overrides = {}) => {
    const made = makeServices(overrides);
    cleanups.push(made.cleanup);
    return made;
  };
}

/** Resolves with the first payload of `event` that satisfies `accept`. */
export function nextEvent<E extends EventName>(
  services: AppServices,
  event: E,
  accept: (payload: ApiEvents[E]) => boolean = () => true,
  timeoutMs = 30_000,
): Promise<ApiEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = services.on(event, (payload) => {
      if (!accept(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** A request to train the XOR example's diagram on its dataset with Boltzmann learning. */
export function xorRequest(example: ProjectSnapshot, overrides: Partial<TrainRequest> = {}): TrainRequest {
  return {
    diagramId: example.diagrams[0].id,
    datasetId: example.datasets[0].id,
    algorithm: 'boltzmann-exact',
    epochs: 300,
    seed: 7,
    config: {},
    ...overrides,
  };
}

/** Opens the bundled XOR example. */
export async function openXorExample(services: AppServices): Promise<ProjectSnapshot> {
  return valueOf(await services.handle('project:openExample', { exampleId: 'xor-boltzmann' }));
}

/**
 * One job runner for a whole test file, disposed after it: its idle workers are reused, so each test does not pay for
 * loading TensorFlow.js into fresh workers. Call once per test file at module level; pass the result's runner() as
 * AppServicesOptions.runner.
 */
export function sharedRunnerPerFile(): () => JobRunner {
  let runner: JobRunner | undefined;
  afterAll(async () => {
    await runner?.dispose();
  });
  return () => (runner ??= new JobRunner());
}
