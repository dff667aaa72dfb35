import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { selectBackend } from '../../engine/backend/selectBackend';
import { compile } from '../../engine/compiler/compile';
import { parseDiagram } from '../../engine/diagram/parse';
import type { Diagram } from '../../engine/diagram/types';
import { algorithmsFor } from '../../engine/train/catalog';
import { listExamples } from '../../projects/examples/index';
import { readTrainChoice } from '../../projects/storage/trainChoiceStore';
import packageJson from '../../package.json';
import { CHANNELS, type ApiResult, type ArgOf, type Channel, type ResultOf } from '../api/contract';
import { JobRunner, type JobRunnerOptions } from '../jobs/jobRunner';
import type { TrainJobSpec } from '../jobs/messages';
import { classifyHandlers } from './classifyService';
import { createDatasetHandlers } from './datasetService';
import { ServiceError, toApiError } from './errors';
import { ApiEventBus } from './eventBus';
import { listFolder, makeFolder } from './fileBrowser';
import { ProjectSession, type ProjectDialogs } from './projectSession';
import { RecentProjects } from './recentProjects';
import { diagramTransferHandlers } from './diagramTransfer';
import { createProbeService } from '../probe/probeHandlers';
import type { ProbeWorkerOptions } from '../probe/probeWorkerHost';
import { runHandlers } from './runHandlers';
import { RunService } from './runService';
import { ScratchRecovery } from './scratchRecovery';
import { quoteCell } from '../../engine/text/boundedText';

export interface AppServicesOptions {
  mode: 'electron' | 'browser';
  /** App data folder: scratch projects and the recent list. */
  dataDir: string;
  /** Backend to try first ('tensorflow', 'wasm' or 'cpu'); default: the engine's order. */
  backendName?: TrainJobSpec['preferredBackend'];
  /** Native file dialogs (Electron only); without them open/saveAs need a path. */
  dialogs?: ProjectDialogs;
  /** Folder proposed by the browser-mode save dialog; default ~/Documents (or the home folder). */
  defaultProjectDir?: string;
  /** Job runner settings (worker script when bundled, concurrency). */
  jobs?: JobRunnerOptions;
  /** Probe worker settings (its script when bundled). */
  probes?: Pick<ProbeWorkerOptions, 'workerUrl'>;
  /** A job runner shared with other services (tests): used instead of making one, and not stopped by dispose(). */
  runner?: JobRunner;
  /** Minimum time between two progress events of one run (ms). */
  progressIntervalMs?: number;
}

/** The transport-agnostic implementation of every channel of the API contract. */
export interface AppServices {
  handle<C extends Channel>(channel: C, arg: ArgOf<C>): Promise<ApiResult<ResultOf<C>>>;
  on: ApiEventBus['on'];
  /** Ends runs (stored as cancelled), closes the project (an untitled one's scratch file is kept) and stops the workers. */
  dispose(): Promise<void>;
}

type Handlers = { [C in Channel]: (arg: ArgOf<C>) => Promise<ResultOf<C>> };

function requireObject<T>(arg: unknown, channel: Channel, shape: string): T {
  if (typeof arg !== 'object' || arg === null) throw new ServiceError('invalid-argument', `${channel} needs an argument ${shape}.`);
  return arg as T;
}

function optionalPath(arg: unknown, channel: Channel): string | undefined {
  const { path } = (arg ?? {}) as { path?: unknown };
  if (path === undefined || path === null || path === '') return undefined;
  if (typeof path !== 'string') throw new ServiceError('invalid-argument', `${channel}: path must be a string.`);
  return path;
}

export function createAppServices(options: AppServicesOptions): AppServices {
  const events = new ApiEventBus();
  const recent = new RecentProjects(join(options.dataDir, 'recent.json'));
  const runner = options.runner ?? new JobRunner(options.jobs);
  const session: ProjectSession = new ProjectSession({
    mode: options.mode,
    dataDir: options.dataDir,
    events,
    recent,
    dialogs: options.dialogs,
    beforeSwitch: (project): Promise<void> => runService.endRunsOf(project),
  });
  const recovery = new ScratchRecovery(options.dataDir, () => session.openScratchFile());
  let backend: Promise<string> | undefined;
  const backendName = () =>
    (backend ??= selectBackend(options.backendName).catch((error: unknown) => `unavailable (${String(error)})`));
  const runService: RunService = new RunService({
    host: session,
    runner,
    events,
    preferredBackend: options.backendName,
    backendName,
    progressIntervalMs: options.progressIntervalMs,
  });
  const probes = createProbeService(session, { ...options.probes, preferredBackend: options.backendName });
  const defaultProjectDir =
    options.defaultProjectDir ?? (existsSync(join(homedir(), 'Documents')) ? join(homedir(), 'Documents') : homedir());

  const handlers: Handlers = {
    'app:info': async () => ({ version: packageJson.version, mode: options.mode, backend: await backendName(), defaultProjectDir }),
    'example:list': async () => listExamples().map(({ id, name, description, tryThis }) => ({ id, name, description, tryThis })),
    'project:new': () => session.newProject(),
    'project:openExample': async (arg) => {
      const { exampleId } = requireObject<{ exampleId: unknown }>(arg, 'project:openExample', '{ exampleId }');
      if (typeof exampleId !== 'string') throw new ServiceError('invalid-argument', 'project:openExample needs { exampleId: string }.');
      return session.openExample(exampleId);
    },
    'project:open': async (arg) => session.open(optionalPath(arg, 'project:open')),
    'project:save': async () => session.save(),
    'project:saveAs': async (arg) => session.saveAs(optionalPath(arg, 'project:saveAs'), (arg as { overwrite?: unknown } | undefined)?.overwrite === true),
    'project:get': () => session.get(),
    'fs:list': async (arg) => listFolder((arg as { path?: unknown } | undefined)?.path),
    'fs:mkdir': async (arg) => makeFolder((arg as { path?: unknown } | undefined)?.path),
    'project:recent': () => recent.list(),
    'project:close': () => session.close(),
    'project:listRecoverable': () => recovery.list(),
    'project:recover': async (arg) => {
      const { path } = requireObject<{ path: unknown }>(arg, 'project:recover', '{ path }');
      return session.recover(await recovery.resolve(path, 'project:recover'));
    },
    'project:discardRecoverable': async (arg) => {
      const { path } = requireObject<{ path: unknown }>(arg, 'project:discardRecoverable', '{ path }');
      return recovery.discard(path);
    },
    'diagram:put': async (arg) => {
      const { diagram } = requireObject<{ diagram: unknown }>(arg, 'diagram:put', '{ diagram }');
      const project = session.requireProject();
      await session.withProject(project, async (store) => {
        await store.putDiagram(diagram as Diagram);
        await session.markDirty(project);
      });
    },
    'diagram:delete': async (arg) => {
      const { diagramId } = requireObject<{ diagramId: unknown }>(arg, 'diagram:delete', '{ diagramId }');
      if (typeof diagramId !== 'string') throw new ServiceError('invalid-argument', 'diagram:delete needs { diagramId: string }.');
      const project = session.requireProject();
      await session.withProject(project, async (store) => {
        if (!(await store.listDiagrams()).some((d) => d.id === diagramId)) {
          throw new ServiceError('not-found', `No diagram with id '${diagramId}' in this project.`);
        }
        await store.deleteDiagram(diagramId);
        await session.markDirty(project);
      });
    },
    'diagram:setTrainChoice': async (arg) => {
      const { diagramId, choice } = requireObject<{ diagramId: unknown; choice: unknown }>(arg, 'diagram:setTrainChoice', '{ diagramId, choice }');
      if (typeof diagramId !== 'string') throw new ServiceError('invalid-argument', 'diagram:setTrainChoice needs { diagramId: string }.');
      const checked = choice === null ? null : readTrainChoice(JSON.stringify(choice ?? null));
      if (checked === undefined) {
        throw new ServiceError('invalid-argument', 'diagram:setTrainChoice needs choice: null or { algorithm, epochs, seed: strings; config: { key: string }; datasetId?: string }.');
      }
      const project = session.requireProject();
      await session.withProject(project, async (store) => {
        if (!(await store.listDiagrams()).some((d) => d.id === diagramId)) throw new ServiceError('not-found', `No diagram with id '${diagramId}' in this project.`);
        await store.putTrainChoice(diagramId, checked);
      });
    },
    'algorithm:list': async (arg) => {
      const { diagram } = requireObject<{ diagram: unknown }>(arg, 'algorithm:list', '{ diagram }');
      const parsed = parseDiagram(diagram);
      if (!parsed.ok) throw new ServiceError('invalid-diagram', `algorithm:list needs a valid diagram: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
      const compiled = compile(parsed.diagram);
      return compiled.ok ? algorithmsFor(compiled.model) : [];
    },
    ...diagramTransferHandlers(session),
    ...createDatasetHandlers(session, events),
    ...runHandlers(runService),
    ...probes.handlers,
    ...classifyHandlers(session),
  };

  void backendName();

  return {
    on: (event, listener) => events.on(event, listener),
    async handle<C extends Channel>(channel: C, arg: ArgOf<C>): Promise<ApiResult<ResultOf<C>>> {
      if (!CHANNELS.includes(channel)) {
        return { ok: false, error: { code: 'invalid-argument', message: `Unknown channel ${quoteCell(String(channel), 60)}.` } };
      }
      try {
        const handler = handlers[channel] as (arg: ArgOf<C>) => Promise<ResultOf<C>>;
        return { ok: true, value: await handler(arg) };
      } catch (error) {
        const apiError = toApiError(error);
        if (apiError.code === 'internal') console.error(`${channel} failed:`, error);
        return { ok: false, error: apiError };
      }
    },
    async dispose() {
      await session.shutdown();
      if (!options.runner) await runner.dispose();
      await probes.dispose();
      events.clear();
    },
  };
}
