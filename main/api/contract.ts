/**
 * The one typed API contract between the renderer and the main-process services.
 * Implemented by the Electron preload (ipcRenderer.invoke per channel) and by the browser-mode
 * WebSocket bridge. Every call resolves to an ApiResult: errors cross as values, never thrown strings.
 */
import type { Diagram } from '../../engine/diagram/types';
import type { AlgorithmInfo } from '../../engine/train/algorithm';

/** An error a user can act on: what went wrong and what to do. */
export interface ApiError {
  code:
    | 'not-found'
    | 'invalid-argument'
    | 'invalid-diagram'
    | 'invalid-data'
    | 'io'
    | 'project-refused'
    | 'no-project'
    | 'busy'
    | 'exists'
    | 'cancelled'
    | 'internal';
  message: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export interface AppInfo {
  version: string;
  /** 'electron' inside the desktop app, 'browser' behind the WebSocket bridge. */
  mode: 'electron' | 'browser';
  /** TensorFlow.js backend the engine uses: 'tensorflow', 'wasm' or 'cpu'. */
  backend: string;
  /** Folder the browser-mode save dialog proposes. */
  defaultProjectDir: string;
}

export interface DatasetSummary {
  id: string;
  name: string;
  width: number;
  rowCount: number;
  imageShape?: { rows: number; cols: number };
  /** First rows as 0/1 strings, for display. */
  preview: string[];
}

export type RunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted';

export interface MetricPoint {
  step: number;
  /** Metric name → value, e.g. { kl: 0.31, logLikelihood: -2.1 }. */
  values: Record<string, number>;
}

export interface RunSummary {
  id: string;
  diagramId: string;
  datasetId: string;
  algorithm: string;
  config: Record<string, number | string | boolean>;
  seed: number;
  backend: string;
  status: RunStatus;
  startedAt: number;
  endedAt?: number;
  /** Message when status is failed. */
  error?: string;
  totalSteps: number;
  lastStep: number;
  metrics: MetricPoint[];
}

export interface ProjectSnapshot {
  /** Absolute path of the SQLite file, or null while untitled (kept in a scratch file). */
  path: string | null;
  name: string;
  /** True when edits since the last explicit save exist (untitled projects are always dirty). */
  dirty: boolean;
  readOnly: boolean;
  diagrams: Diagram[];
  datasets: DatasetSummary[];
  runs: RunSummary[];
}

/** An untitled project's scratch file left by an earlier session (a crash or a quit without saving). */
export interface RecoverableProject {
  /** Absolute path of the scratch file (inside the app data folder's scratch folder). */
  path: string;
  name: string;
  /** Last write to the file or its WAL, ms since the epoch. */
  modifiedAt: number;
  diagramCount: number;
  runCount: number;
}

export interface ExampleInfo {
  id: string;
  name: string;
  description: string;
}

export interface TrainRequest {
  diagramId: string;
  datasetId: string;
  /** Engine algorithm name, e.g. 'boltzmann-exact'. */
  algorithm: string;
  epochs: number;
  seed: number;
  /** Algorithm hyperparameters (learningRate, …). */
  config: Record<string, number | string | boolean>;
}

export interface RunProgress {
  runId: string;
  step: number;
  totalSteps: number;
  metrics: Record<string, number>;
  examplesPerSecond: number;
  etaSeconds: number;
}

/** Channel → argument and result. */
export interface ApiChannels {
  'app:info': { arg: void; result: AppInfo };
  'example:list': { arg: void; result: ExampleInfo[] };
  'project:new': { arg: void; result: ProjectSnapshot };
  'project:openExample': { arg: { exampleId: string }; result: ProjectSnapshot };
  'project:open': { arg: { path?: string }; result: ProjectSnapshot };
  'project:save': { arg: void; result: ProjectSnapshot };
  /** A typed path that names an existing file is refused with 'exists' unless overwrite is true (native dialogs ask themselves). */
  'project:saveAs': { arg: { path?: string; overwrite?: boolean }; result: ProjectSnapshot };
  'project:get': { arg: void; result: ProjectSnapshot | null };
  'project:recent': { arg: void; result: string[] };
  'project:close': { arg: void; result: void };
  /** Scratch files of earlier sessions, newest first (not the open one, none another running instance holds). */
  'project:listRecoverable': { arg: void; result: RecoverableProject[] };
  /** Opens a scratch file as the current untitled project; its edits continue into the same file. */
  'project:recover': { arg: { path: string }; result: ProjectSnapshot };
  /** Deletes a scratch file and its -wal/-shm/-lock side files. */
  'project:discardRecoverable': { arg: { path: string }; result: void };
  'diagram:put': { arg: { diagram: Diagram }; result: void };
  'diagram:delete': { arg: { diagramId: string }; result: void };
  /** Training algorithms that can train this diagram as it stands (none while it does not compile), defaults specialised to it. */
  'algorithm:list': { arg: { diagram: Diagram }; result: AlgorithmInfo[] };
  'run:start': { arg: TrainRequest; result: RunSummary };
  'run:cancel': { arg: { runId: string }; result: void };
  'run:list': { arg: void; result: RunSummary[] };
}

export type Channel = keyof ApiChannels;
export type ArgOf<C extends Channel> = ApiChannels[C]['arg'];
export type ResultOf<C extends Channel> = ApiChannels[C]['result'];

/** Event name → payload, pushed from main to the renderer. */
export interface ApiEvents {
  'run:progress': RunProgress;
  /** A run ended; `diagram` carries the trained parameters when it completed. */
  'run:ended': { run: RunSummary; diagram?: Diagram };
  'project:changed': ProjectSnapshot;
}

export type EventName = keyof ApiEvents;

/** What the renderer sees as window.api (Electron preload) or the WebSocket client (browser mode). */
export interface AttractorApi {
  call<C extends Channel>(channel: C, ...arg: ArgOf<C> extends void ? [] : [ArgOf<C>]): Promise<ApiResult<ResultOf<C>>>;
  /** Subscribe to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}

export const CHANNELS: readonly Channel[] = [
  'app:info',
  'example:list',
  'project:new',
  'project:openExample',
  'project:open',
  'project:save',
  'project:saveAs',
  'project:get',
  'project:recent',
  'project:close',
  'project:listRecoverable',
  'project:recover',
  'project:discardRecoverable',
  'diagram:put',
  'diagram:delete',
  'algorithm:list',
  'run:start',
  'run:cancel',
  'run:list',
];

export const EVENTS: readonly EventName[] = ['run:progress', 'run:ended', 'project:changed'];
