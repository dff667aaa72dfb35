import type { Diagram } from '../engine/diagram/types';
import type { BinaryDataset, DatasetOrigin } from '../engine/data/dataset';

/** Current project schema version; migrations bring older files up to it. */
export const PROJECT_SCHEMA_VERSION = 1;

/** File extension of project files, registered as the app's document type. */
export const PROJECT_EXTENSION = '.attractor';

export type StoredRunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted';

/** A training run's record: full config, seed and backend, so it reproduces. */
export interface StoredRun {
  id: string;
  diagramId: string;
  datasetId: string;
  algorithm: string;
  config: Record<string, number | string | boolean>;
  seed: number;
  backend: string;
  status: StoredRunStatus;
  startedAt: number;
  endedAt?: number;
  error?: string;
  totalSteps: number;
  lastStep: number;
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

/** Parameters at a step: weight blocks keyed by WeightBlock.key, biases keyed by node id, as float32. */
export interface StoredCheckpoint {
  runId: string;
  step: number;
  weights: Record<string, Float32Array>;
  biases: Record<string, Float32Array>;
  createdAt: number;
}

/** Why a file was refused; the file is left untouched in every case. */
export class ProjectOpenError extends Error {
  constructor(
    readonly reason: 'not-found' | 'not-sqlite' | 'damaged' | 'newer-version' | 'locked' | 'io',
    message: string,
  ) {
    super(message);
    this.name = 'ProjectOpenError';
  }
}

/** A diagram handed to the store does not parse; `problems` name the JSON path of each. Nothing was written. */
export class InvalidDiagramError extends Error {
  constructor(readonly problems: { path: string; message: string }[]) {
    super(`The diagram was not saved because it is malformed: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}.`);
    this.name = 'InvalidDiagramError';
  }
}

/** One open project file. Every mutating call is one transaction. */
export interface ProjectStore {
  readonly path: string;
  readonly readOnly: boolean;
  /** Project display name (stored in the file). */
  getName(): Promise<string>;
  setName(name: string): Promise<void>;

  listDiagrams(): Promise<Diagram[]>;
  putDiagram(diagram: Diagram): Promise<void>;
  deleteDiagram(diagramId: string): Promise<void>;

  listDatasets(): Promise<BinaryDataset[]>;
  getDataset(datasetId: string): Promise<BinaryDataset | undefined>;
  putDataset(dataset: BinaryDataset): Promise<void>;

  listRuns(): Promise<StoredRun[]>;
  putRun(run: StoredRun): Promise<void>;
  appendMetrics(runId: string, metrics: StoredMetric[]): Promise<void>;
  listMetrics(runId: string): Promise<StoredMetric[]>;
  putCheckpoint(checkpoint: StoredCheckpoint): Promise<void>;
  latestCheckpoint(runId: string): Promise<StoredCheckpoint | undefined>;
  /** Marks runs left 'running' or 'queued' by a killed process as 'interrupted'. */
  markInterruptedRuns(): Promise<number>;

  /** Writes a consistent copy of the whole project to another path (overwrites). */
  copyTo(path: string): Promise<void>;
  close(): Promise<void>;
}
