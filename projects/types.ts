import type { Diagram } from '../engine/diagram/types';
import type { BinaryDataset, DatasetOrigin } from '../engine/data/dataset';
import { summarizeList } from '../engine/text/boundedText';

/** Current project schema version; migrations bring older files up to it. */
export const PROJECT_SCHEMA_VERSION = 6;

/** File extension of project files, registered as the app's document type. */
export const PROJECT_EXTENSION = '.attractor';

export type StoredRunStatus = 'queued' | 'running' | 'paused' | 'completed' | 'failed' | 'cancelled' | 'interrupted';

/** What a run computes: training, or inference, sampling or evaluation with a model's parameters. */
export type JobKind = 'train' | 'infer' | 'sample' | 'evaluate';

/** A checkpoint of a run: where a resumed or branched run started, or whose parameters a job used. */
export interface CheckpointRef {
  runId: string;
  step: number;
}

/** A run's record (training or another job): full config, seed and backend, so it reproduces. */
export interface StoredRun {
  id: string;
  kind: JobKind;
  diagramId: string;
  /** Dataset the job read; '' when it reads none (sampling). */
  datasetId: string;
  /** Training algorithm, or the method of an inference, sampling or evaluation job. */
  algorithm: string;
  config: Record<string, number | string | boolean>;
  seed: number;
  backend: string;
  status: StoredRunStatus;
  /** When the run was requested (ms since the epoch). */
  startedAt: number;
  endedAt?: number;
  error?: string;
  totalSteps: number;
  lastStep: number;
  /** The checkpoint this run continued from (resume, branch) or whose parameters it used (other jobs). */
  parent?: CheckpointRef;
  /** Seconds spent computing, summed over resumptions (time queued or paused excluded). */
  activeSeconds: number;
  /** When progress was last stored (ms since the epoch); for an interrupted run, about when it stopped. */
  updatedAt?: number;
  /** The user's note on the run (absent when empty); putRun writes it only when inserting, setRunNote changes it. */
  note?: string;
}

/** A checkpoint's step and time, without its parameters. */
export interface CheckpointInfo {
  step: number;
  createdAt: number;
}

/**
 * Which metric rows to read: a step range, all rows of it, or with maxPoints at most that many points (at least 4 per metric):
 * the M4 aggregate of equal step buckets — each metric's first, minimum, maximum and last row per bucket — so spikes show.
 */
export interface MetricRange {
  fromStep?: number;
  toStep?: number;
  maxPoints?: number;
}

/** What a job produced: samples, completions, per-row inference results, evaluation figures. */
export type OutputKind = 'samples' | 'completions' | 'inference' | 'evaluation';

/** An output's array: float32 values, or 0/1 bits (stored packed), row-major in `shape`. */
export type OutputArray = { dtype: 'float32'; shape: number[]; values: Float32Array } | { dtype: 'bits'; shape: number[]; values: Uint8Array };

/** An output without its array: what listings show. */
export interface StoredOutputInfo {
  id: string;
  runId: string;
  kind: OutputKind;
  name: string;
  /** Step of the run the output belongs to (the checkpoint it was made from). */
  step?: number;
  createdAt: number;
  /** Plain JSON figures and settings (method, means, log-likelihoods, …). */
  summary: Record<string, unknown>;
  /** Shape of the array when there is one. */
  arrayShape?: number[];
}

/** A generated output with its array. */
export interface StoredOutput extends Omit<StoredOutputInfo, 'arrayShape'> {
  array?: OutputArray;
  /** When only a range of rows was read: the array's full first dimension. */
  rowsTotal?: number;
}

/** 0/1 bits already packed 8 per byte, MSB-first (by a job's worker, so the main thread does not loop over them); read back as dtype 'bits'. */
export interface PackedBits {
  dtype: 'packed-bits';
  shape: number[];
  bytes: Uint8Array;
}

/** A range of an output array's rows (its first dimension). */
export interface OutputRows {
  from: number;
  count: number;
}

/** An output as it may be stored: its array unpacked, or bits already packed. */
export interface StoredOutputInput extends Omit<StoredOutput, 'array'> {
  array?: OutputArray | PackedBits;
}

/** Progress of a running job, stored in one transaction: the run record, new metric rows, checkpoints, outputs, and a trained diagram. */
export interface RunProgressRecord {
  run: StoredRun;
  metrics: StoredMetric[];
  checkpoints?: StoredCheckpoint[];
  outputs?: StoredOutputInput[];
  /** A diagram to store with the run's end (the trained parameters written into it). */
  diagram?: Diagram;
}

/** A stored dataset described without its bits: shape, labels, split, origin and its first rows. */
export interface StoredDatasetInfo {
  id: string;
  name: string;
  width: number;
  rowCount: number;
  imageShape?: { rows: number; cols: number };
  /** Rows whose split marks them as test rows (0 without a split). */
  testCount: number;
  /** Bytes the packed bits take in the file (width × rowCount / 8, rounded up). */
  storedBytes: number;
  hasLabels: boolean;
  labelNames?: string[];
  origin?: DatasetOrigin;
  /** The first min(previewRows, rowCount) rows' bits, row-major. */
  preview: Uint8Array;
  /** Their labels, when the dataset has labels. */
  previewLabels?: Int32Array;
}

/** One row of a metric series. */
export interface StoredMetric {
  step: number;
  values: Record<string, number>;
}

/** What a run recorded, kept up to date in the transaction that writes its metrics or checkpoints (no history scan to read it). */
export interface StoredRunSummary {
  runId: string;
  /** Metric rows stored. */
  metricCount: number;
  /** Steps of the first and last metric rows (absent when there are none). */
  firstStep?: number;
  lastStep?: number;
  /** The values of the last metric row. */
  lastValues?: Record<string, number>;
  /** Every metric name recorded, in the order first seen. */
  metricNames: string[];
  checkpointCount: number;
}

/** Parameters at a step: weight blocks keyed by WeightBlock.key, biases keyed by node id, as float32. */
export interface StoredCheckpoint {
  runId: string;
  step: number;
  weights: Record<string, Float32Array>;
  biases: Record<string, Float32Array>;
  createdAt: number;
}

/** Why a file was refused; the file is left untouched in every case. 'read-only': it cannot be written (opening it read-only works). */
export class ProjectOpenError extends Error {
  constructor(
    readonly reason: 'not-found' | 'not-sqlite' | 'damaged' | 'newer-version' | 'locked' | 'read-only' | 'io',
    message: string,
    /** Set when only writing was refused and the file opens read-only: why it is read-only (for ProjectStore.readOnlyReason). */
    readonly readOnlyReason?: string,
  ) {
    super(message);
    this.name = 'ProjectOpenError';
  }
}

/** readOnlyReason of a project opened read-only because the caller asked for it (and the file is writable). */
export const REQUESTED_READ_ONLY_REASON = 'opened read-only';

/** readOnlyReason of a project opened read-only because it failed the integrity check. */
export const DAMAGED_READ_ONLY_REASON = 'the file is damaged';

/** The one line the CLI and the status bar show for a read-only project. */
export function readOnlyNotice(reason: string): string {
  if (reason === DAMAGED_READ_ONLY_REASON) return 'damaged: opened read-only — export what you need with Save As / export';
  return reason === REQUESTED_READ_ONLY_REASON ? 'opened read-only' : `read-only: ${reason}`;
}

/** The table of a damaged value and which record it belongs to (a run's id and step, or a dataset's, diagram's or output's id). */
export interface DamageLocation {
  /** 'pages': SQLite found a damaged page while reading, so which record it held is unknown. */
  table: 'diagrams' | 'datasets' | 'runs' | 'metrics' | 'checkpoints' | 'outputs' | 'pages';
  /** The diagram, dataset or output id. */
  id?: string;
  runId?: string;
  step?: number;
}

const shortId = (id: string | undefined): string => {
  const text = String(id ?? '?');
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};

/** What a damaged record is called in a message: "run r3's metrics at step 88 are", "dataset \"xor\" is". */
export function describeDamage(location: DamageLocation): string {
  const run = shortId(location.runId);
  switch (location.table) {
    case 'metrics':
      return `run ${run}'s metrics at step ${location.step ?? '?'} are`;
    case 'checkpoints':
      return `run ${run}'s checkpoint at step ${location.step ?? '?'} is`;
    case 'runs':
      return `run ${run}'s record is`;
    case 'outputs':
      return `output "${shortId(location.id)}"${location.runId === undefined ? '' : ` of run ${run}`} is`;
    case 'datasets':
      return `dataset "${shortId(location.id)}" is`;
    case 'diagrams':
      return `diagram "${shortId(location.id)}" is`;
    case 'pages':
      return 'part of the project file is';
  }
}

/**
 * A stored value failed its checksum or cannot be decoded: the file was altered outside the app or by a disk fault.
 * Raised on read; nothing is written. `cause` says which: 'checksum mismatch' or why the value could not be decoded.
 */
export class DamagedDataError extends Error {
  constructor(
    readonly location: DamageLocation,
    readonly damage: string,
  ) {
    const why = damage.replace(/\s+/g, ' ').slice(0, 120);
    super(`${describeDamage(location)} damaged (${why}); the file was not changed — open a backup, or export what is intact`);
    this.name = 'DamagedDataError';
  }
}

/** A write to a project open read-only; `reason` says why it is read-only (asked for, file or folder not writable, damaged). */
export class ReadOnlyProjectError extends Error {
  constructor(
    readonly projectName: string,
    readonly reason: string,
  ) {
    super(`${projectName} is read-only: ${reason}; nothing was changed — save a copy with Save As to make changes.`);
    this.name = 'ReadOnlyProjectError';
  }
}

/** A diagram handed to the store does not parse; `problems` name the JSON path of each. Nothing was written. */
export class InvalidDiagramError extends Error {
  constructor(readonly problems: { path: string; message: string }[]) {
    super(`The diagram was not saved because it is malformed: ${summarizeList(problems.map((p) => `${p.path}: ${p.message}`))}.`);
    this.name = 'InvalidDiagramError';
  }
}

/**
 * What the Train panel last chose for a diagram, as the form holds it (texts, checked when a run starts): kept in the
 * project so a reopened project or a second window proposes it again, and set by examples to their intended learner.
 */
export interface TrainChoice {
  algorithm: string;
  epochs: string;
  seed: string;
  /** Hyperparameter and choice key → text. */
  config: Record<string, string>;
  datasetId?: string;
}

/** One open project file. Every mutating call is one transaction. */
export interface ProjectStore {
  readonly path: string;
  readonly readOnly: boolean;
  /** Why the project is read-only ("opened read-only", "the file is read-only", "damaged: …"); undefined when writable. */
  readonly readOnlyReason?: string;
  /** Damaged diagrams and runs a read-only listing left out, each named (absent or empty when none). */
  readonly skippedDamage?: readonly string[];
  /** Project display name (stored in the file). */
  getName(): Promise<string>;
  setName(name: string): Promise<void>;

  listDiagrams(): Promise<Diagram[]>;
  /** The Train panel's last choice for each diagram that has one (the form's texts), by diagram id. */
  listTrainChoices(): Promise<Record<string, TrainChoice>>;
  /** Records (or with null forgets) a diagram's training choice; it is no undoable edit of the diagram. */
  putTrainChoice(diagramId: string, choice: TrainChoice | null): Promise<void>;
  putDiagram(diagram: Diagram): Promise<void>;
  deleteDiagram(diagramId: string): Promise<void>;

  listDatasets(): Promise<BinaryDataset[]>;
  getDataset(datasetId: string): Promise<BinaryDataset | undefined>;
  /** Inserts or replaces a dataset (bits, labels, split and all) in one transaction; a malformed one is refused before any write. */
  putDataset(dataset: BinaryDataset): Promise<void>;
  /** Every dataset's description and first previewRows rows, without reading whole datasets. */
  listDatasetInfos(previewRows: number): Promise<StoredDatasetInfo[]>;
  /** Renames a dataset; false when there is none with that id. */
  renameDataset(datasetId: string, name: string): Promise<boolean>;
  /** Deletes a dataset; false when there is none with that id. */
  deleteDataset(datasetId: string): Promise<boolean>;

  listRuns(): Promise<StoredRun[]>;
  getRun(runId: string): Promise<StoredRun | undefined>;
  putRun(run: StoredRun): Promise<void>;
  /** Deletes a run with its metrics, checkpoints and outputs. */
  deleteRun(runId: string): Promise<void>;
  /** Sets (or clears, with '') a run's note; false when there is no run with that id. */
  setRunNote(runId: string, note: string): Promise<boolean>;
  appendMetrics(runId: string, metrics: StoredMetric[]): Promise<void>;
  /** Metric rows in step order, optionally a range thinned to at most maxPoints rows. */
  listMetrics(runId: string, range?: MetricRange): Promise<StoredMetric[]>;
  /** The run's stored summary (a run without metrics or checkpoints has counts 0). */
  getRunSummary(runId: string): Promise<StoredRunSummary>;
  putCheckpoint(checkpoint: StoredCheckpoint): Promise<void>;
  latestCheckpoint(runId: string): Promise<StoredCheckpoint | undefined>;
  getCheckpoint(runId: string, step: number): Promise<StoredCheckpoint | undefined>;
  listCheckpoints(runId: string): Promise<CheckpointInfo[]>;
  /** Stores a running job's progress (run record, metrics, checkpoint, outputs) in one transaction. */
  saveProgress(progress: RunProgressRecord): Promise<void>;
  /** Rewinds a run to `step` to resume it there: later metrics, checkpoints and outputs go, the record is replaced; one transaction. */
  rewindRun(run: StoredRun, step: number): Promise<void>;
  /** Adds `run` (whose parent names a checkpoint) with the parent's metrics up to that step and that checkpoint; one transaction. */
  branchRun(run: StoredRun & { parent: CheckpointRef }): Promise<void>;
  putOutput(output: StoredOutputInput): Promise<void>;
  /** Outputs without arrays, oldest first; of one run when runId is given. */
  listOutputs(runId?: string): Promise<StoredOutputInfo[]>;
  /** An output with its array, or only rows [from, from + count) of it. */
  getOutput(outputId: string, rows?: OutputRows): Promise<StoredOutput | undefined>;
  /** Marks runs left 'running', 'paused' or 'queued' by a killed process as 'interrupted'. */
  markInterruptedRuns(): Promise<number>;

  /** Writes a consistent copy of the whole project to another path (overwrites). */
  copyTo(path: string): Promise<void>;
  close(): Promise<void>;
}
