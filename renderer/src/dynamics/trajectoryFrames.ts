import type { CompiledModel } from '../../../engine/compiler/types';
import type { TrajectoryMethod, TrajectoryResult } from '../../../main/api/contract';
import { toCsv } from '../export/csv';
import { unitNames } from '../weights/weightMatrix';

/** A method the Dynamics view offers, with what it moves and traces. */
export interface DynamicsMethod {
  id: TrajectoryMethod;
  label: string;
  /** Whether it takes a temperature (energy models only). */
  temperature: boolean;
  /** Smallest temperature allowed (0 only for deterministic Hopfield dynamics). */
  minTemperature: number;
  defaultTemperature: number;
  defaultSteps: number;
}

const ENERGY: DynamicsMethod[] = [
  { id: 'gibbs', label: 'Gibbs sampling', temperature: true, minTemperature: 0.01, defaultTemperature: 1, defaultSteps: 200 },
  { id: 'meanfield', label: 'Mean field', temperature: true, minTemperature: 0.01, defaultTemperature: 1, defaultSteps: 40 },
  { id: 'hopfield', label: 'Hopfield dynamics', temperature: true, minTemperature: 0, defaultTemperature: 0, defaultSteps: 20 },
];

const BELIEF: DynamicsMethod[] = [
  { id: 'gibbs', label: 'Gibbs sampling', temperature: false, minTemperature: 1, defaultTemperature: 1, defaultSteps: 100 },
  { id: 'meanfield', label: 'Mean field (SJJ bound)', temperature: false, minTemperature: 1, defaultTemperature: 1, defaultSteps: 40 },
  { id: 'attractor', label: 'Attractor dynamics (Saul & Jordan)', temperature: false, minTemperature: 1, defaultTemperature: 1, defaultSteps: 60 },
];

/** The trajectory methods that fit the model's family (energy: Gibbs, mean field, Hopfield; belief: Gibbs, mean field, attractor). */
export function dynamicsMethods(model: CompiledModel): DynamicsMethod[] {
  return model.type === 'energy' ? ENERGY : BELIEF;
}

/** The method first offered: Hopfield dynamics for a Hopfield net, Gibbs sampling for other energy models, attractor dynamics for belief nets. */
export function defaultMethod(model: CompiledModel): DynamicsMethod {
  const methods = dynamicsMethods(model);
  const id: TrajectoryMethod = model.type === 'belief' ? 'attractor' : model.family === 'hopfield' ? 'hopfield' : 'gibbs';
  return methods.find((m) => m.id === id) ?? methods[0];
}

/** Each node's slice of one frame's unit values (its compiled range; an RBM block: visible then hidden), as live activations. */
export function nodeSlices(model: CompiledModel, values: readonly number[]): { nodeId: string; values: Float32Array }[] {
  return model.nodes.map((node) => ({ nodeId: node.nodeId, values: Float32Array.from(values.slice(node.range.start, node.range.end)) }));
}

/** The frames as CSV: step, the traced figure, overlaps m_µ when traced, then every unit's value under its name. */
export function trajectoryCsv(model: CompiledModel, result: TrajectoryResult): string {
  const names = unitNames(model);
  const overlapCount = result.frames[0]?.overlaps?.length ?? 0;
  type Frame = TrajectoryResult['frames'][number];
  return toCsv<Frame>(result.frames, [
    'step',
    { header: result.traceName, value: (f) => f.trace },
    ...Array.from({ length: overlapCount }, (_, k) => ({ header: `m_${k + 1}`, value: (f: Frame) => f.overlaps?.[k] })),
    ...names.map((name, i) => ({ header: name, value: (f: Frame) => f.values[i] })),
  ]);
}

/** The frame whose step is nearest to `step` (frames sorted by step). */
export function frameAtStep(result: TrajectoryResult, step: number): number {
  let best = 0;
  result.frames.forEach((f, k) => {
    if (Math.abs(f.step - step) < Math.abs(result.frames[best].step - step)) best = k;
  });
  return best;
}
