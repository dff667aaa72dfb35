import type { CompiledModel } from '../compiler/types';
import type { ModelParameters } from '../model/parameters';

/** Largest number of frames a trajectory returns (mirrors TRAJECTORY_MAX_FRAMES in main/api/contract.ts). */
export const TRAJECTORY_MAX_FRAMES = 2000;

/** Gibbs sampling, mean-field relaxation, Hopfield dynamics, or Saul & Jordan attractor dynamics. */
export type TrajectoryMethod = 'gibbs' | 'meanfield' | 'hopfield' | 'attractor';

/** One recorded run of a model's units (the contract's TrajectoryRequest without diagramId). */
export interface TrajectoryArgs {
  method: TrajectoryMethod;
  /** Sweeps (Gibbs, Hopfield) or iterations (mean field, attractor). */
  steps: number;
  seed: number;
  /** Temperature T = 1/β for Gibbs and stochastic Hopfield dynamics (default 1; 0 = deterministic Hopfield). */
  temperature?: number;
  /** Hopfield update order (default 'async'). */
  hopfieldUpdate?: 'async' | 'sync';
  /** Known visible units held fixed (0/1), null where free. */
  clamp?: (0 | 1 | null)[];
  /** Start of the visible units; absent: random (Gibbs/Hopfield) or ½ (mean field). */
  start?: (0 | 1)[];
  /** Visible patterns whose overlaps m_µ(t) = (1/N) Σ_i s_i ξ_i^µ (±1 form) are traced per frame. */
  patterns?: (0 | 1)[][];
  /** Record a frame every `every` steps (default: as few as keep frames ≤ TRAJECTORY_MAX_FRAMES). */
  every?: number;
}

/** One recorded frame. */
export interface TrajectoryFrame {
  step: number;
  /** Per unit (compiled order), P(on) (mean field, attractor) or the 0/1 state. */
  values: number[];
  trace: number;
  overlaps?: number[];
}

/** The contract's TrajectoryResult. */
export interface TrajectoryOutcome {
  method: TrajectoryMethod;
  unitCount: number;
  traceName: string;
  frames: TrajectoryFrame[];
  seconds: number;
}

/** Runs one trajectory of the model's dynamics, recording frames for animation. */
export async function computeTrajectory(
  model: CompiledModel,
  parameters: ModelParameters,
  request: TrajectoryArgs,
): Promise<TrajectoryOutcome> {
  void model;
  void parameters;
  void request;
  throw new Error('computeTrajectory: not implemented yet');
}
