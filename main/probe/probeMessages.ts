/**
 * The message protocol between the probe service (main thread) and its worker thread: one request at a time, each
 * answered by exactly one reply carrying its id.
 */
import type { BinaryDataset } from '../../engine/data/dataset';
import type { Diagram } from '../../engine/diagram/types';
import type { ExactTableResult, TrajectoryRequest, TrajectoryResult } from '../api/contract';
import type { PlainParameters } from '../jobs/messages';

/** What a probe computes; the worker compiles the diagram again (compile is pure and cheap). */
export type ProbeJob =
  | { kind: 'exact'; diagram: Diagram; parameters: PlainParameters; dataset?: BinaryDataset }
  | { kind: 'trajectory'; diagram: Diagram; parameters: PlainParameters; request: Omit<TrajectoryRequest, 'diagramId'> };

/** The result of each kind of probe. */
export interface ProbeResults {
  exact: ExactTableResult;
  trajectory: TrajectoryResult;
}

/** Main → worker. */
export interface ProbeRequest {
  id: number;
  job: ProbeJob;
  /** Backend to ask selectBackend for; the engine falls back when it is unavailable. */
  preferredBackend?: 'tensorflow' | 'wasm' | 'cpu';
}

/** Worker → main: the result, or why it failed ('invalid-argument' for input the engine refused, 'internal' for the rest). */
export type ProbeReply =
  | { id: number; ok: true; value: ProbeResults[keyof ProbeResults] }
  | { id: number; ok: false; code: 'invalid-argument' | 'internal'; message: string };
