import { beliefNetwork } from '../belief/network';
import type { CompiledModel } from '../compiler/types';
import { unitLayout } from '../energy/sampling/couplings';
import type { ModelParameters } from '../model/parameters';
import { attractorDriver } from './attractor';
import { beliefGibbsDriver } from './beliefGibbs';
import { beliefMeanFieldDriver } from './beliefMeanField';
import type { TrajectoryDriver } from './driver';
import { energyGibbsDriver } from './energyGibbs';
import { energyMeanFieldDriver } from './energyMeanField';
import { frameSteps, MAX_TRAJECTORY_UNITS, TRAJECTORY_MAX_FRAMES } from './frames';
import { hopfieldDriver } from './hopfield';
import { visibleOverlaps, unitInputs } from './inputs';
import { sequentialGibbsDriver } from './sequentialGibbs';
import { sequentialMeanFieldDriver } from './sequentialMeanField';

export { TRAJECTORY_MAX_FRAMES };

/**
 * Most independent sets of the coupling graph for which Gibbs and mean-field trajectories of energy models use the
 * batched backend code (one backend step per set); more densely coupled models are swept unit by unit in plain
 * arithmetic, which for one chain of at most MAX_TRAJECTORY_UNITS units is far cheaper than one backend step per unit.
 */
export const MAX_BATCHED_COLOUR_CLASSES = 8;

/** Gibbs sampling, mean-field relaxation, Hopfield dynamics, or Saul & Jordan attractor dynamics. */
export type TrajectoryMethod = 'gibbs' | 'meanfield' | 'hopfield' | 'attractor';

/** The methods that fit each model family, in the order a chooser offers them. */
export const TRAJECTORY_METHODS: Record<CompiledModel['type'], TrajectoryMethod[]> = {
  energy: ['gibbs', 'meanfield', 'hopfield'],
  belief: ['gibbs', 'meanfield', 'attractor'],
};

/** One recorded run of a model's units (the contract's TrajectoryRequest without diagramId; the fields are identical). */
export interface TrajectoryArgs {
  method: TrajectoryMethod;
  /** Sweeps (Gibbs, Hopfield) or iterations (mean field, attractor). */
  steps: number;
  seed: number;
  /** Temperature T = 1/β of energy models for Gibbs, mean field and Hopfield dynamics (default 1; 0 = deterministic Hopfield). Belief networks run at T = 1 and refuse another. */
  temperature?: number;
  /** Hopfield update order (default 'async'). */
  hopfieldUpdate?: 'async' | 'sync';
  /** Known visible units held fixed (0/1), null where free. */
  clamp?: (0 | 1 | null)[];
  /** Start of the visible units; absent: random (Gibbs/Hopfield; belief nets: ancestral), ½ (mean field) or the top-down pass (attractor). */
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
  /** The traced figure at this frame (see TrajectoryOutcome.traceName). */
  trace: number;
  /** Overlaps m_µ(t) with the request's patterns, in their order. */
  overlaps?: number[];
}

/** The contract's TrajectoryResult. */
export interface TrajectoryOutcome {
  method: TrajectoryMethod;
  unitCount: number;
  /** What `trace` is, e.g. 'Energy H(s)', 'Mean-field free energy F', 'Lyapunov function L'. */
  traceName: string;
  frames: TrajectoryFrame[];
  seconds: number;
}

function driverFor(model: CompiledModel, parameters: ModelParameters, request: TrajectoryArgs, inputs: ReturnType<typeof unitInputs>): TrajectoryDriver {
  const { method, seed } = request;
  if (!TRAJECTORY_METHODS[model.type].includes(method)) {
    const family = model.type === 'energy' ? 'a symmetric energy model' : 'a sigmoid belief network';
    const needs = method === 'hopfield' ? 'Hopfield dynamics need a symmetric energy model' : method === 'attractor' ? 'Attractor dynamics (Saul & Jordan) need a sigmoid belief network' : `'${method}' is not a trajectory method`;
    throw new RangeError(`${needs}; this diagram compiles to ${family} — use ${TRAJECTORY_METHODS[model.type].join(', ')}`);
  }
  if (model.type === 'energy') {
    const temperature = request.temperature ?? 1;
    if (method === 'hopfield') return hopfieldDriver(model, parameters, inputs, temperature, request.hopfieldUpdate ?? 'async', seed);
    const batched = unitLayout(model).classes.length <= MAX_BATCHED_COLOUR_CLASSES;
    if (method === 'gibbs') return (batched ? energyGibbsDriver : sequentialGibbsDriver)(model, parameters, inputs, temperature, seed);
    return (batched ? energyMeanFieldDriver : sequentialMeanFieldDriver)(model, parameters, inputs, temperature, seed);
  }
  if (request.temperature !== undefined && request.temperature !== 1) {
    throw new RangeError(`A sigmoid belief network is sampled and relaxed at its own distribution (T = 1); got T = ${request.temperature} — leave the temperature out`);
  }
  const network = beliefNetwork(model, parameters);
  if (method === 'gibbs') return beliefGibbsDriver(network, inputs, seed);
  if (method === 'meanfield') return beliefMeanFieldDriver(network, inputs);
  return attractorDriver(network, inputs);
}

/**
 * Runs one trajectory of the model's dynamics (Gibbs sampling, mean-field relaxation, Hopfield or attractor dynamics)
 * and records the units and the traced figure at frame 0 (the start), every `every` steps, and the last step.
 */
export async function computeTrajectory(model: CompiledModel, parameters: ModelParameters, request: TrajectoryArgs): Promise<TrajectoryOutcome> {
  const began = performance.now();
  if (model.unitCount > MAX_TRAJECTORY_UNITS) {
    throw new RangeError(`Trajectories animate models of at most ${MAX_TRAJECTORY_UNITS} units; this one has ${model.unitCount}`);
  }
  if (!Number.isFinite(request.seed)) throw new RangeError(`The seed must be a finite number; got ${request.seed}`);
  const steps = frameSteps(request.steps, model.unitCount, request.every);
  const inputs = unitInputs(model, request);
  const driver = driverFor(model, parameters, request, inputs);
  const frames: TrajectoryFrame[] = [];
  try {
    let at = 0;
    for (const step of steps) {
      if (step > at) await driver.advance(step - at);
      at = step;
      const { values, trace } = await driver.read();
      const overlaps = visibleOverlaps(values, model.visibleIndices, inputs);
      // Values to 1e-6 (float32 means carry no more), so frames stay compact on the wire.
      frames.push({ step, values: Array.from(values, (v) => Math.round(v * 1e6) / 1e6), trace, ...(overlaps ? { overlaps } : {}) });
    }
  } finally {
    driver.dispose();
  }
  return { method: request.method, unitCount: model.unitCount, traceName: driver.traceName, frames, seconds: (performance.now() - began) / 1000 };
}
