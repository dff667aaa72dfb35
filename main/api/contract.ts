/**
 * The one typed API contract between the renderer and the main-process services.
 * Implemented by the Electron preload (ipcRenderer.invoke per channel) and by the browser-mode
 * WebSocket bridge. Every call resolves to an ApiResult: errors cross as values, never thrown strings.
 */
import type { Diagram } from '../../engine/diagram/types';
import type { LikelihoodSummary } from '../../engine/likelihood/estimate';
import type { AlgorithmInfo } from '../../engine/train/algorithm';
import type { TrainChoice } from '../../projects/types';
import type {
  TrajectoryArgs,
  TrajectoryFrame as EngineTrajectoryFrame,
  TrajectoryMethod as EngineTrajectoryMethod,
  TrajectoryOutcome,
} from '../../engine/trajectory/computeTrajectory';

export type { TrainChoice };

/** An error a user can act on: what went wrong and what to do. */
export interface ApiError {
  code:
    | 'not-found'
    | 'invalid-argument'
    | 'invalid-diagram'
    | 'invalid-data'
    | 'io'
    | 'project-refused'
    | 'damaged'
    | 'read-only'
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

/** A dataset as the dataset panel lists it: its summary plus labels, train/test split and how it was made. */
export interface DatasetInfo extends DatasetSummary {
  /** Rows marked as test rows (0 when the dataset has no split: every row trains). */
  testCount: number;
  /** Bytes its packed bits take in the project file. */
  storedBytes: number;
  hasLabels: boolean;
  /** Display names of the label values (label k is labelNames[k]). */
  labelNames?: string[];
  /** Generator or import method and its settings. */
  origin?: { method: string; settings: Record<string, string | number | boolean> };
  /** Labels of the preview rows. */
  previewLabels?: number[];
}

/** A built-in dataset generator and its options, from which the panel builds its form. */
export interface DatasetGeneratorInfo {
  name: string;
  label: string;
  description: string;
  /** Makes copies of an existing dataset (noisy, shifted): dataset:generate needs sourceDatasetId. */
  needsSource: boolean;
  options: { key: string; label: string; kind: 'number' | 'boolean'; default: number | boolean; min?: number; max?: number; integer?: boolean }[];
}

/** An image file sent to main: its name and bytes (base64), and optionally its class label. */
export interface ImageFilePayload {
  name: string;
  base64: string;
  label?: string;
}

/** How thresholded images are made: threshold in [0, 1] (default 0.5), 'dark' (default) or 'light' pixels as 1, optional resize. */
export interface ImageThresholdSettings {
  threshold?: number;
  ink?: 'dark' | 'light';
  size?: { rows: number; cols: number };
}

/**
 * What to import. CSV: the text, or a path on the machine running main (for files too large to send; a regular file of
 * at most 256 MB); optional label
 * column ('first', 'last', 1-based number or header name). Images: PNG/JPEG files thresholded. MNIST: the mnist package's
 * digits at size × size with its fixed train/test split. testFraction marks that share of rows as test rows (seeded).
 */
export type DatasetImportRequest =
  | {
      source: 'csv';
      fileName: string;
      text?: string;
      path?: string;
      name?: string;
      labelColumn?: 'first' | 'last' | number | string;
      imageShape?: { rows: number; cols: number };
      testFraction?: number;
      seed?: number;
    }
  | ({ source: 'images'; files: ImageFilePayload[]; name?: string; requireBinary?: boolean; testFraction?: number; seed?: number } & ImageThresholdSettings)
  | { source: 'mnist'; size: number; name?: string; threshold?: number; trainPerClass?: number; testPerClass?: number; digits?: number[] };

/** One image thresholded as an import would, for the preview. */
export interface ImagePreviewResult {
  sourceShape: { rows: number; cols: number };
  shape: { rows: number; cols: number };
  /** 0/1 per pixel of shape, row-major, as a string of '0' and '1'. */
  bits: string;
  /** Grey levels 0–255 of the (resized) image, row-major, base64. */
  grayBase64: string;
  /** Otsu's threshold for this image. */
  suggestedThreshold: number;
  threshold: number;
}

/** An exported dataset: the file's bytes (base64) to download, or the path main wrote it to. */
export interface DatasetExportResult {
  fileName: string;
  mime: 'text/csv' | 'image/png';
  byteLength: number;
  base64?: string;
  path?: string;
}

export type RunStatus = 'queued' | 'running' | 'paused' | 'completed' | 'failed' | 'cancelled' | 'interrupted';

/** What a run computes: training, or inference, sampling or evaluation with a model's parameters. */
export type JobKind = 'train' | 'infer' | 'sample' | 'evaluate';

/** A checkpoint of a run, named by run id and step. */
export interface CheckpointRef {
  runId: string;
  step: number;
}

/** A stored checkpoint's step and time (its parameters stay in the project). */
export interface CheckpointInfo {
  step: number;
  createdAt: number;
}

/** RunSummary.metrics holds at most this many points of a run's series (M4-downsampled); run:metrics reads any range in full. */
export const RUN_SUMMARY_POINTS = 1000;

export interface MetricPoint {
  step: number;
  /** Metric name → value, e.g. { kl: 0.31, logLikelihood: -2.1 }. */
  values: Record<string, number>;
}

export interface RunSummary {
  id: string;
  kind: JobKind;
  diagramId: string;
  /** '' for jobs that read no data (sampling). */
  datasetId: string;
  /** Training algorithm, or the method of an inference, sampling or evaluation job. */
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
  /** The checkpoint this run continued from (resumed from another run's checkpoint) or whose parameters it used. */
  parent?: CheckpointRef;
  /** Seconds spent computing (queued and paused time excluded), over every resumption. */
  activeSeconds: number;
  /** When progress was last stored (ms since the epoch). */
  updatedAt?: number;
  /** The metric series downsampled to at most RUN_SUMMARY_POINTS points: per step bucket, each metric's first, min, max and last row. */
  metrics: MetricPoint[];
  /** The user's note on the run ('' or absent when none). */
  note?: string;
}

export interface ProjectSnapshot {
  /** Absolute path of the SQLite file, or null while untitled (kept in a scratch file). */
  path: string | null;
  name: string;
  /** True when edits since the last explicit save exist (untitled projects are always dirty). */
  dirty: boolean;
  /** Whether anything was changed since the project was opened (or it was recovered): replacing an edited untitled project asks first. */
  edited?: boolean;
  readOnly: boolean;
  /** Why it is read-only, as one line to show ("read-only: the file is read-only", "damaged: opened read-only — …"). */
  readOnlyNotice?: string;
  diagrams: Diagram[];
  /** The Train panel's last choice per diagram id (diagram:setTrainChoice). */
  trainChoices?: Record<string, TrainChoice>;
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

/** What a folder entry is: a folder, an Attractor Studio project (`.attractor`) or any other file. */
export type FolderEntryKind = 'folder' | 'project' | 'file';

/** One entry of a folder listing (fs:list). */
export interface FolderEntry {
  name: string;
  kind: FolderEntryKind;
  /** Bytes (0 for folders). */
  size: number;
  /** Last modification, ms since the epoch. */
  modifiedAt: number;
}

/** A folder's entries for the browser-mode file dialogs: folders first, then files, each by name. */
export interface FolderListing {
  /** Absolute, canonical path of the folder. */
  path: string;
  /** Its parent folder, or null at the root. */
  parent: string | null;
  entries: FolderEntry[];
  /** True when the folder holds more entries than a listing returns (FOLDER_LIST_MAX_ENTRIES). */
  truncated: boolean;
}

/** fs:list returns at most this many entries of one folder. */
export const FOLDER_LIST_MAX_ENTRIES = 5000;

export interface ExampleInfo {
  id: string;
  name: string;
  description: string;
  /** One line saying what to do first once it is open. */
  tryThis: string;
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
  /**
   * What the run starts from: 'fresh' — the algorithm's initialisation drawn from `seed`, ignoring trained values the
   * diagram carries; 'current' — the diagram's parameters (when they are the final ones of the diagram's latest completed
   * run, the new run continues that run: it records it as parent and counts `epochs` on from its last epoch). Default
   * 'current' (the CLI's behaviour); the Train panel sends 'fresh' unless the user chooses to continue. Recorded in the
   * run's config as `init`.
   */
  init?: TrainInit;
}

/** What a training run starts from (TrainRequest.init). */
export type TrainInit = 'fresh' | 'current';

/** An inference, sampling or evaluation job: a method applied to a diagram's parameters (or a checkpoint's). */
export interface JobRequest {
  kind: Exclude<JobKind, 'train'>;
  diagramId: string;
  /** The data to read (inference, evaluation); sampling reads none. */
  datasetId?: string;
  /** Method name, e.g. 'exact' (see job:methods). */
  method: string;
  seed: number;
  /** Method settings (sample count, …); defaults fill the rest. */
  config: Record<string, number | string | boolean>;
  /** Use this checkpoint's parameters; default: the parameters stored in the diagram. */
  checkpoint?: CheckpointRef;
}

/** An inference, sampling or evaluation method as offered for a diagram. */
export interface MethodInfo {
  kind: Exclude<JobKind, 'train'>;
  name: string;
  label: string;
  description: string;
  /** Whether it reads a dataset. */
  needsData: boolean;
  hyperparameters: AlgorithmInfo['hyperparameters'];
  choices?: AlgorithmInfo['choices'];
  /** Settings given as text and read against the model (an annealing schedule, a clamp); absent ones are unset unless required. */
  texts?: MethodTextInfo[];
}

/** A text setting of a method, e.g. { key: 'schedule', label: 'Annealing schedule', description: 'geometric:FROM,TO,STEPS,SWEEPS …' }. */
export interface MethodTextInfo {
  key: string;
  label: string;
  /** The accepted forms, with an example. */
  description: string;
  required?: boolean;
}

/** Branches a new training run off a checkpoint: same algorithm, seed and data; settings may change. */
export interface ResumeFromRequest {
  runId: string;
  step: number;
  /** Total epochs of the new run, counting the parent's `step`; default the parent's total. */
  epochs?: number;
  /** Settings overriding the parent's (e.g. a lower learningRate after divergence). */
  config?: Record<string, number | string | boolean>;
}

export interface RunProgress {
  runId: string;
  kind: JobKind;
  step: number;
  totalSteps: number;
  /** Epochs done (training: one step is one epoch). */
  epoch?: number;
  metrics: Record<string, number>;
  examplesPerSecond: number;
  /** Time left: training epochs at their measured pace plus the evaluation epochs (AIS) left at theirs. */
  etaSeconds: number;
  /** Evaluation epochs (AIS) still to come whose time is not yet known (none measured so far): etaSeconds leaves them out. */
  etaUntimedEvaluations?: number;
  /** Seconds computed so far, over every resumption. */
  activeSeconds: number;
}

/** What a job produced (samples, completions, inference rows, evaluation figures), without its array. */
export interface OutputSummary {
  id: string;
  runId: string;
  kind: 'samples' | 'completions' | 'inference' | 'evaluation';
  name: string;
  step?: number;
  createdAt: number;
  /** Figures and settings: method, means, column names, …. */
  summary: Record<string, unknown>;
  arrayShape?: number[];
}

/** output:get returns at most this many rows of an output's array per call unless rowCount says otherwise. */
export const OUTPUT_ROWS_PER_CALL = 10_000;

/** An output with rows of its array: float32 values or 0/1 bits, row-major in `shape`, as plain numbers. */
export interface OutputData extends Omit<OutputSummary, 'arrayShape'> {
  array?: { dtype: 'float32' | 'bits'; shape: number[]; values: number[] };
  /** Which rows `array` holds: from, count, and the total of the full array. */
  rows?: { from: number; count: number; total: number };
}

/** Largest number of frames probe:trajectory returns (steps are recorded every `every` steps to stay below it). */
export const TRAJECTORY_MAX_FRAMES = 2000;

/** How probe:trajectory moves the units: Gibbs sampling, mean-field relaxation, Hopfield dynamics, or Saul & Jordan attractor dynamics. */
export type TrajectoryMethod = EngineTrajectoryMethod;

/**
 * One relaxation or sampling run of a stored diagram's model, recorded frame by frame for animation (small models,
 * seconds at most); the fields after diagramId are the engine's TrajectoryArgs (engine/trajectory/computeTrajectory.ts).
 * Visible-unit vectors (clamp, start, patterns) are 0/1 over the model's visible units in compiled order.
 */
export interface TrajectoryRequest extends TrajectoryArgs {
  diagramId: string;
}

/** One recorded frame: per-unit values (P(on) or the 0/1 state), the traced figure and the overlaps m_µ(t). */
export type TrajectoryFrame = EngineTrajectoryFrame;

/** The frames with what the trace is (e.g. 'Energy H(s)', 'Lyapunov function L'), unit count and compute time. */
export type TrajectoryResult = TrajectoryOutcome;

/** Most rows of the all-states table probe:exact returns (the most probable first). */
export const EXACT_TABLE_MAX_ROWS = 4096;

/** Most units probe:exact enumerates (engine MAX_TABLE_UNITS, tested equal); larger models are refused. */
export const EXACT_TABLE_MAX_UNITS = 24;

/** One joint state: its 0/1 string over all units (compiled order), energy H(s) (or −ln P(s) for belief networks) and P(s). */
export interface ExactStateRow {
  state: string;
  energy: number;
  probability: number;
}

/** A visible pattern's probability under the model and, with a dataset, its frequency in the data. */
export interface ExactVisibleRow {
  pattern: string;
  model: number;
  data?: number;
}

/** All states of a small model by enumeration: the state table, the visible distribution next to the data's, and KL. */
export interface ExactTableResult {
  unitNames: string[];
  visibleIndices: number[];
  /** ln Z for energy models (0 for belief networks, which are normalised). */
  logPartition: number;
  /** The most probable states first, at most EXACT_TABLE_MAX_ROWS of them. */
  states: ExactStateRow[];
  totalStates: number;
  /** Every visible pattern with P(v) (and data frequency), most probable first, at most EXACT_TABLE_MAX_ROWS. */
  visible: ExactVisibleRow[];
  /** KL(P_data‖P_model) in nats, with a dataset. */
  kl?: number;
}

/** What a comparison row's estimate is: ln P(V), an estimate of it, a lower bound on it, or −L (engine InferenceQuantity). */
export type CompareQuantity = 'logProbability' | 'logProbabilityEstimate' | 'lowerBound' | 'negativeLyapunov';

/** One method of a comparison, as stored in an `evaluate compare` output's summary (plain JSON). */
export interface CompareRow {
  /** As passed to the facade: exact, gibbs, meanfield, attractor, mixture:M, ais. */
  method: string;
  label: string;
  /** What `estimate` is: ln P(V), its estimate, a lower bound or −L; absent for methods giving posterior means only. */
  quantity?: CompareQuantity;
  /** Σ_v P_data(v) · value(v), nats. */
  estimate?: number;
  /** estimate − the exact mean ln P(V) (needs exact; negative for lower bounds). */
  errorVsExact?: number;
  /** Mean over patterns (weighted by P_data) and hidden units of |⟨h⟩_method − ⟨h⟩_exact|. */
  posteriorError?: number;
  /** Standard error of `estimate` (AIS: the error bar of log Ẑ, shared by every pattern). */
  standardError?: number;
  /** Mean standard error of the hidden posterior means (Gibbs: from independent chains). */
  posteriorStandardError?: number;
  /** Wall time of the method over every pattern, seconds. */
  seconds: number;
  /** Sweeps used and whether the method converged, where it says. */
  sweeps?: number;
  converged?: boolean;
  /** Why the method does not apply to this model (then no figures). */
  refusal?: string;
  /** AIS and importance sampling: the full estimate (forward and reverse sides, interval, provenance, warnings). */
  likelihood?: LikelihoodSummary;
}

/** Which rows of a dataset a job reads: all, or one part of its train/test split. */
export type ClassifyRowPart = 'all' | 'train' | 'test';

/** The class models, data and rows of a generative classification (one trained model per class). */
export interface ClassifyCheckRequest {
  diagramIds: string[];
  /** One labelled joint model (diagramIds holds it alone): its visible units are the data's columns, then one label unit per class. */
  joint?: boolean;
  datasetId?: string;
  rows?: ClassifyRowPart;
}

/** What main found: the data's classes in the chosen rows, the methods giving a per-row score, and what blocks a run. */
export interface ClassifyCheckResult {
  /** Label values present in the chosen rows with their names (the data's label names, else the number) and counts. */
  classes: { label: number; name: string; rowCount: number }[];
  /** Rows in the chosen part. */
  rowCount: number;
  imageShape?: { rows: number; cols: number };
  /** Inference methods of the first model with a per-row score; `syntax` is 'mixture:M' for mixtures. */
  methods: { name: string; syntax: string; label: string; quantity: CompareQuantity }[];
  /** Why classification cannot run as chosen (untrained model, width mismatch, unlabelled data…), each with its fix. */
  problems: { diagramId?: string; message: string }[];
  /** A joint model's label units (one per class) after the data's columns. */
  labelUnits?: number;
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
  /** Lists a folder on the machine running main (default: the home folder), for the browser-mode Open and Save As dialogs. */
  'fs:list': { arg: { path?: string }; result: FolderListing };
  /** Creates one folder (its parent must exist); returns its absolute path. */
  'fs:mkdir': { arg: { path: string }; result: string };
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
  /** Keeps (or with null forgets) the Train panel's choice for a diagram in the project: no diagram edit, no undo entry. */
  'diagram:setTrainChoice': { arg: { diagramId: string; choice: TrainChoice | null }; result: void };
  /** The project's datasets with their first rows, labels, split and origin. */
  'dataset:list': { arg: void; result: DatasetInfo[] };
  /** The built-in generators and their options. */
  'dataset:generators': { arg: void; result: DatasetGeneratorInfo[] };
  /** Makes a dataset with a generator (noisy/shifted copies of sourceDatasetId) and stores it. */
  'dataset:generate': {
    arg: { generator: string; options?: Record<string, number | boolean>; sourceDatasetId?: string; name?: string };
    result: DatasetInfo;
  };
  /** Imports a dataset in one transaction; a bad file is refused ('invalid-data') naming the file, row, column or pixel. */
  'dataset:import': { arg: DatasetImportRequest; result: DatasetInfo };
  /** Thresholds one image as dataset:import would, for the import dialog's preview. */
  'dataset:previewImage': { arg: { file: ImageFilePayload } & ImageThresholdSettings; result: ImagePreviewResult };
  /** A dataset as CSV (labels last) or a PNG contact sheet; with `path`, written there on the machine running main ('exists' for an existing file unless overwrite). */
  'dataset:export': {
    arg: { datasetId: string; format: 'csv' | 'png'; encoding?: '01' | 'pm1'; maxRows?: number; scale?: number; path?: string; overwrite?: boolean };
    result: DatasetExportResult;
  };
  /** Deletes a dataset no run uses. */
  'dataset:delete': { arg: { datasetId: string }; result: void };
  'dataset:rename': { arg: { datasetId: string; name: string }; result: DatasetInfo };
  /** Training algorithms that can train this diagram as it stands (none while it does not compile), defaults specialised to it. */
  'algorithm:list': { arg: { diagram: Diagram }; result: AlgorithmInfo[] };
  /** Adds a diagram from diagram JSON (text, or a file on the machine running main); clashing ids are renamed. */
  'project:importDiagram': { arg: { json?: string; path?: string }; result: Diagram };
  /** A diagram as formatted JSON; with `path`, also written to that file ('exists' for an existing file unless overwrite). */
  'project:exportDiagram': { arg: { diagramId: string; path?: string; overwrite?: boolean }; result: { json: string; path?: string } };
  'run:start': { arg: TrainRequest; result: RunSummary };
  /** Starts an inference, sampling or evaluation job; it is stored as a run of that kind with its outputs. */
  'job:start': { arg: JobRequest; result: RunSummary };
  /** Inference, sampling and evaluation methods that apply to a stored diagram (of one kind, or all). */
  'job:methods': { arg: { diagramId: string; kind?: JobKind }; result: MethodInfo[] };
  /** Holds a running run after its current step. */
  'run:pause': { arg: { runId: string }; result: RunSummary };
  /** Continues a paused run, or restarts an interrupted, cancelled or failed run from its latest checkpoint. */
  'run:resume': { arg: { runId: string }; result: RunSummary };
  /** A new training run continuing from any checkpoint of a run; its metric series starts with the parent's up to that step. */
  'run:resumeFrom': { arg: ResumeFromRequest; result: RunSummary };
  'run:cancel': { arg: { runId: string }; result: void };
  /** Deletes a finished run with its metrics, checkpoints and outputs. */
  'run:delete': { arg: { runId: string }; result: void };
  'run:list': { arg: void; result: RunSummary[] };
  'run:get': { arg: { runId: string }; result: RunSummary };
  /** A run's metric rows in a step range (default: all rows), or with maxPoints its M4 downsampling to at most that many points. */
  'run:metrics': { arg: { runId: string; fromStep?: number; toStep?: number; maxPoints?: number }; result: MetricPoint[] };
  'run:checkpoints': { arg: { runId: string }; result: CheckpointInfo[] };
  /** Outputs of one run, or of every run. */
  'output:list': { arg: { runId?: string }; result: OutputSummary[] };
  /** An output with rows [fromRow, fromRow + rowCount) of its array (defaults 0 and OUTPUT_ROWS_PER_CALL). */
  'output:get': { arg: { outputId: string; fromRow?: number; rowCount?: number }; result: OutputData };
  /** Sets (or clears, with '') the note on a run. */
  'run:setNote': { arg: { runId: string; note: string }; result: RunSummary };
  /** Enumerates a small model (a stored diagram's parameters); with datasetId, the data's distribution and KL too. */
  'probe:exact': { arg: { diagramId: string; datasetId?: string }; result: ExactTableResult };
  /** Records a sampling or relaxation run of a stored diagram's model frame by frame (computed off the main loop). */
  'probe:trajectory': { arg: TrajectoryRequest; result: TrajectoryResult };
  /** Checks class models and labelled data for generative classification (the scoring runs as infer jobs via job:start). */
  'classify:check': { arg: ClassifyCheckRequest; result: ClassifyCheckResult };
  /** The label of every row of a dataset part (−1 unlabelled) and the rows at `indices` within it as 0/1 strings. */
  'classify:rows': { arg: { datasetId: string; rows?: ClassifyRowPart; indices?: number[] }; result: { labels: number[]; rows: string[] } };
}

export type Channel = keyof ApiChannels;
export type ArgOf<C extends Channel> = ApiChannels[C]['arg'];
export type ResultOf<C extends Channel> = ApiChannels[C]['result'];

/** Event name → payload, pushed from main to the renderer. */
export interface ApiEvents {
  'run:progress': RunProgress;
  /** A run ended; `diagram` carries the trained parameters when it completed. */
  'run:ended': { run: RunSummary; diagram?: Diagram; outputs?: OutputSummary[] };
  /** A run's status changed without ending: started, paused or resumed. */
  'run:changed': RunSummary;
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
  'fs:list',
  'fs:mkdir',
  'project:recent',
  'project:close',
  'project:listRecoverable',
  'project:recover',
  'project:discardRecoverable',
  'diagram:put',
  'diagram:delete',
  'diagram:setTrainChoice',
  'dataset:list',
  'dataset:generators',
  'dataset:generate',
  'dataset:import',
  'dataset:previewImage',
  'dataset:export',
  'dataset:delete',
  'dataset:rename',
  'algorithm:list',
  'project:importDiagram',
  'project:exportDiagram',
  'run:start',
  'job:start',
  'job:methods',
  'run:pause',
  'run:resume',
  'run:resumeFrom',
  'run:cancel',
  'run:delete',
  'run:list',
  'run:get',
  'run:metrics',
  'run:checkpoints',
  'output:list',
  'output:get',
  'run:setNote',
  'probe:exact',
  'probe:trajectory',
  'classify:check',
  'classify:rows',
];

export const EVENTS: readonly EventName[] = ['run:progress', 'run:ended', 'run:changed', 'project:changed'];
