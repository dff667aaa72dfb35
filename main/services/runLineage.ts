/**
 * Where a training run's starting parameters come from: none (fresh, seeded initialisation) or the diagram's, which are a
 * continuation of the run that wrote them when they are still that run's final values.
 */
import type { CompiledModel } from '../../engine/compiler/types';
import type { Diagram } from '../../engine/diagram/types';
import { parametersFromModel, type ModelParameters } from '../../engine/model/parameters';
import type { CheckpointRef, ProjectStore } from '../../projects/types';
import type { PlainParameters } from '../jobs/messages';
import { checkpointParameters } from './jobInputs';

/** The diagram without its trained values: compiled, its blocks carry none and training initialises them from the seed. */
export function withoutParameters(diagram: Diagram): Diagram {
  const { parameters: _parameters, ...structure } = diagram;
  return structure;
}

/** Whether two parameter sets hold the same blocks with the same values (float32, compared exactly). */
export function sameParameters(a: ModelParameters, b: ModelParameters): boolean {
  const same = (x: Record<string, Float32Array>, y: Record<string, Float32Array>) => {
    const keys = Object.keys(x);
    if (keys.length !== Object.keys(y).length) return false;
    return keys.every((key) => {
      const u = x[key];
      const v = y[key];
      return v !== undefined && u.length === v.length && u.every((value, i) => value === v[i]);
    });
  };
  return same(a.weights, b.weights) && same(a.biases, b.biases);
}

/**
 * The run a training from the diagram's current parameters continues: the diagram's latest completed training run, when
 * its final checkpoint still equals every value the diagram carries (not edited, imported or overwritten since).
 */
export async function continuedRun(
  store: ProjectStore,
  diagram: Diagram,
  model: CompiledModel,
): Promise<{ parent: CheckpointRef; parameters: PlainParameters } | undefined> {
  const current = parametersFromModel(model);
  if (!current) return undefined;
  const completed = (await store.listRuns()).filter((r) => r.kind === 'train' && r.diagramId === diagram.id && r.status === 'completed');
  const latest = completed.reduce<(typeof completed)[number] | undefined>((best, r) => (best === undefined || (r.endedAt ?? 0) >= (best.endedAt ?? 0) ? r : best), undefined);
  if (!latest) return undefined;
  const checkpoint = await store.latestCheckpoint(latest.id);
  if (!checkpoint || !sameParameters(current, checkpoint)) return undefined;
  return { parent: { runId: latest.id, step: checkpoint.step }, parameters: checkpointParameters(checkpoint) };
}
