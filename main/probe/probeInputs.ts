/** Checks of probe requests against the stored diagram's model; each failure is a ServiceError naming the problem and the fix. */
import type { CompiledModel } from '../../engine/compiler/types';
import { familyName } from '../../engine/compiler/summary';
import { parametersFromModel } from '../../engine/model/parameters';
import { TRAJECTORY_METHODS } from '../../engine/trajectory/computeTrajectory';
import { frameSteps, MAX_TRAJECTORY_STEPS, MAX_TRAJECTORY_UNITS } from '../../engine/trajectory/frames';
import type { TrajectoryRequest } from '../api/contract';
import type { PlainParameters } from '../jobs/messages';
import { ServiceError } from '../services/errors';

/** Most patterns whose overlaps a trajectory traces. */
export const MAX_TRAJECTORY_PATTERNS = 64;

const invalid = (message: string) => new ServiceError('invalid-argument', message);

/**
 * The diagram's own parameters, complete for every block. Refuses a diagram without any ("train it first") and one with
 * blocks added since it was trained, rather than filling those with fresh random values the user never asked for.
 */
export function storedParameters(model: CompiledModel, diagramName: string): PlainParameters {
  const parameters = parametersFromModel(model);
  if (!parameters) throw invalid(`Diagram '${diagramName}' has no parameters yet: train it in the Train panel first.`);
  const missing = [
    ...model.weightBlocks.filter((b) => !parameters.weights[b.key]).map((b) => `weights '${b.key}'`),
    ...model.biasBlocks.filter((b) => !parameters.biases[b.nodeId]).map((b) => `biases of '${b.nodeId}'`),
  ];
  if (missing.length > 0) {
    throw invalid(`Diagram '${diagramName}' has no parameters for ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ' …' : ''} (added since it was trained): train it again in the Train panel.`);
  }
  return parameters;
}

const isBit = (value: unknown): value is 0 | 1 => value === 0 || value === 1;

/** A visible-unit vector of the request checked for its length and values. */
function visibleVector(value: unknown, name: string, width: number, allowNull: boolean): void {
  const allowed = allowNull ? '0, 1 or null' : '0 or 1';
  if (!Array.isArray(value)) throw invalid(`${name} must be an array of ${allowed}, one per visible unit (${width}).`);
  if (value.length !== width) throw invalid(`${name} has ${value.length} entries but the model has ${width} visible units; give one per visible unit.`);
  const bad = value.findIndex((v) => !(isBit(v) || (allowNull && v === null)));
  if (bad >= 0) throw invalid(`${name}[${bad}] is ${JSON.stringify(value[bad])}; each entry must be ${allowed}.`);
}

/** The request without diagramId, checked against the model: method for the family, steps, seed, vectors and frame spacing. */
export function checkTrajectoryRequest(model: CompiledModel, request: TrajectoryRequest): Omit<TrajectoryRequest, 'diagramId'> {
  if (model.unitCount > MAX_TRAJECTORY_UNITS) {
    throw invalid(`Trajectories animate models of at most ${MAX_TRAJECTORY_UNITS} units; this one has ${model.unitCount}: watch a smaller diagram, or train and sample it instead.`);
  }
  const methods = TRAJECTORY_METHODS[model.type];
  if (!methods.includes(request.method)) {
    throw invalid(`Trajectory method '${String(request.method)}' does not apply to a ${familyName(model)}; use one of ${methods.map((m) => `'${m}'`).join(', ')}.`);
  }
  const { steps, seed, temperature, hopfieldUpdate, clamp, start, patterns, every } = request;
  if (!Number.isInteger(steps) || steps < 1 || steps > MAX_TRAJECTORY_STEPS) {
    throw invalid(`steps must be a whole number from 1 to ${MAX_TRAJECTORY_STEPS}; got ${String(steps)}.`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw invalid(`seed must be a whole number in [0, 2^32); got ${String(seed)}.`);
  if (temperature !== undefined) {
    if (typeof temperature !== 'number' || !Number.isFinite(temperature) || temperature < 0) {
      throw invalid(`temperature must be a finite number ≥ 0; got ${String(temperature)}.`);
    }
    if (temperature === 0 && request.method === 'meanfield') throw invalid('Mean-field iteration needs a temperature > 0 (β = 1/T); use Hopfield dynamics for T = 0.');
    if (model.type === 'belief' && temperature !== 1) {
      throw invalid(`A sigmoid belief network is sampled and relaxed at its own distribution (T = 1); got temperature ${temperature}: leave it out.`);
    }
  }
  if (hopfieldUpdate !== undefined && hopfieldUpdate !== 'async' && hopfieldUpdate !== 'sync') {
    throw invalid(`hopfieldUpdate must be 'async' or 'sync'; got ${JSON.stringify(hopfieldUpdate)}.`);
  }
  if (request.method === 'hopfield' && hopfieldUpdate === 'sync' && (temperature ?? 1) > 0) {
    throw invalid('Stochastic Hopfield dynamics (T > 0) update one unit at a time: choose asynchronous updates, or T = 0 for synchronous ones.');
  }
  const width = model.visibleIndices.length;
  if (clamp !== undefined) visibleVector(clamp, 'clamp', width, true);
  if (start !== undefined) visibleVector(start, 'start', width, false);
  if (patterns !== undefined) {
    if (!Array.isArray(patterns) || patterns.length > MAX_TRAJECTORY_PATTERNS) {
      throw invalid(`patterns must be an array of at most ${MAX_TRAJECTORY_PATTERNS} visible patterns.`);
    }
    patterns.forEach((pattern, k) => visibleVector(pattern, `patterns[${k}]`, width, false));
  }
  if (every !== undefined) {
    try {
      frameSteps(steps, model.unitCount, every);
    } catch (error) {
      throw invalid(`${(error as Error).message.replace(/\.$/, '')}, or leave every out.`);
    }
  }
  const { diagramId: _diagramId, ...rest } = request;
  return rest;
}
