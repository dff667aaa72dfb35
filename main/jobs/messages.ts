/**
 * The typed message protocol between the job runner (main thread) and a job's worker thread.
 * Main → worker: the JobSpec as workerData, then control messages. Worker → main: started, progress (throttled by
 * main, not here), paused/resumed acknowledgements, outputs, and exactly one final done or error.
 */
import type { BinaryDataset } from '../../engine/data/dataset';
import type { Diagram } from '../../engine/diagram/types';
import type { OutputArray, OutputKind, PackedBits } from '../../projects/types';

/** Trained or checkpointed parameters as plain typed arrays (the shape of engine ModelParameters). */
export interface PlainParameters {
  weights: Record<string, Float32Array>;
  biases: Record<string, Float32Array>;
}

/** What every job carries. */
interface JobSpecBase {
  /** The diagram; the worker compiles it again (compile is pure and cheap). */
  diagram: Diagram;
  seed: number;
  /** Engine settings (hyperparameters and choices), validated by main. */
  config: Record<string, number | string | boolean>;
  /** Backend to ask selectBackend for; the engine falls back when it is unavailable. */
  preferredBackend?: 'tensorflow' | 'wasm' | 'cpu';
}

/** Training from step `startStep` (0, or the step of the checkpoint in `initial`) to `totalSteps` epochs. */
export interface TrainJobSpec extends JobSpecBase {
  kind: 'train';
  algorithm: string;
  dataset: BinaryDataset;
  totalSteps: number;
  startStep: number;
  /** Parameters to start from: a checkpoint when resuming; absent: the diagram's own (or fresh ones). */
  initial?: PlainParameters;
  /** Progress messages carry parameters every this many steps (0: never); 'done' always does. */
  checkpointEvery: number;
}

/** Inference, sampling or evaluation with a registered method (main/jobs/methods). */
export interface MethodJobSpec extends JobSpecBase {
  kind: 'infer' | 'sample' | 'evaluate';
  method: string;
  /** The data to read; absent for sampling. */
  dataset?: BinaryDataset;
  /** The model's parameters: a checkpoint's, or the diagram's own when absent. */
  parameters?: PlainParameters;
  /** Step of the checkpoint the parameters came from, recorded on the outputs. */
  parameterStep?: number;
}

/** Everything a worker needs; sent as workerData (its arrays transferred, not copied). */
export type JobSpec = TrainJobSpec | MethodJobSpec;

/** Messages main → worker. */
export type ToWorker = { type: 'cancel' } | { type: 'pause' } | { type: 'resume' };

/** Failure kinds a worker reports: the engine's TrainingError codes plus 'internal' for anything else. */
export type JobFailureCode = 'invalid-data' | 'diverged' | 'too-large' | 'cancelled' | 'internal';

/** An output made by a job, before main gives it an id and a run. */
export interface OutputDraft {
  kind: OutputKind;
  name: string;
  step?: number;
  summary: Record<string, unknown>;
  /** Bits cross from the worker packed (8 per byte), so the main thread stores them without a pass over each bit. */
  array?: OutputArray | PackedBits;
}

/** One finished step of a job. */
export interface ProgressStep {
  step: number;
  totalSteps: number;
  metrics: Record<string, number>;
  /** Present on checkpoint steps. */
  parameters?: PlainParameters;
}

/** Messages worker → main. */
export type FromWorker =
  | { type: 'started'; backend: string }
  /** Steps finished since the last progress message, in order (batched: a fast job sends a message per ~20 ms, not per step). */
  | { type: 'progress'; steps: ProgressStep[] }
  /** The worker holds (after pause) or continues (after resume); the time between is not compute time. */
  | { type: 'paused' }
  | { type: 'resumed' }
  | { type: 'output'; output: OutputDraft }
  | { type: 'done'; parameters?: PlainParameters; seconds: number }
  /** lastGood: the parameters to keep, of the run's step lastGoodStep (absent: the last step reported). */
  | { type: 'error'; code: JobFailureCode; message: string; lastGood?: PlainParameters; lastGoodStep?: number };

/** Deep-copies parameters so their buffers can be transferred without detaching the engine's arrays. */
export function copyParameters(params: PlainParameters): PlainParameters {
  const copy = (record: Record<string, Float32Array>) =>
    Object.fromEntries(Object.entries(record).map(([key, values]) => [key, values.slice()]));
  return { weights: copy(params.weights), biases: copy(params.biases) };
}

/** The ArrayBuffers of a parameter set, for postMessage's transfer list. */
export function parameterBuffers(params: PlainParameters): ArrayBuffer[] {
  return [...Object.values(params.weights), ...Object.values(params.biases)].map((values) => values.buffer as ArrayBuffer);
}

/** Buffers of a job spec that move to the worker instead of being copied (the spec's arrays must not be used afterwards). */
export function jobTransferList(job: JobSpec): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const add = (view: ArrayBufferView | undefined) => {
    if (view && view.buffer instanceof ArrayBuffer && view.byteLength === view.buffer.byteLength) buffers.add(view.buffer);
  };
  const dataset = job.dataset;
  if (dataset) {
    add(dataset.bits);
    add(dataset.labels);
    add(dataset.split);
  }
  const parameters = job.kind === 'train' ? job.initial : job.parameters;
  if (parameters) for (const values of [...Object.values(parameters.weights), ...Object.values(parameters.biases)]) add(values);
  return [...buffers];
}
