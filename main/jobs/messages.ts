import type { BinaryDataset } from '../../engine/data/dataset';
import type { Diagram } from '../../engine/diagram/types';

/** Trained or checkpointed parameters as plain typed arrays (the shape of engine ModelParameters). */
export interface PlainParameters {
  weights: Record<string, Float32Array>;
  biases: Record<string, Float32Array>;
}

/** Everything a training worker needs; sent as workerData (structured clone). */
export interface TrainJob {
  /** The diagram to train; the worker compiles it again (compile is pure and cheap). */
  diagram: Diagram;
  dataset: BinaryDataset;
  algorithm: string;
  epochs: number;
  seed: number;
  config: Record<string, number | string | boolean>;
  /** Backend to ask selectBackend for; the engine falls back when it is unavailable. */
  preferredBackend?: 'tensorflow' | 'wasm' | 'cpu';
  /** Epoch messages carry parameters every this many steps (0: never); 'done' always does. */
  checkpointEvery: number;
}

/** Messages main → worker. */
export type ToWorker = { type: 'cancel' } | { type: 'pause' } | { type: 'resume' };

/** Failure kinds a worker reports: the engine's TrainingError codes plus 'internal' for anything else. */
export type TrainFailureCode = 'invalid-data' | 'diverged' | 'too-large' | 'cancelled' | 'internal';

/** Messages worker → main. */
export type FromWorker =
  | { type: 'started'; backend: string }
  | {
      type: 'epoch';
      step: number;
      totalSteps: number;
      metrics: Record<string, number>;
      /** Present on checkpoint steps. */
      parameters?: PlainParameters;
    }
  | { type: 'done'; parameters: PlainParameters; seconds: number }
  | { type: 'error'; code: TrainFailureCode; message: string; lastGood?: PlainParameters };

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
