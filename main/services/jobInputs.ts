/** Checks of run:start, job:start and resumption requests that need the project's content; each failure is a ServiceError. */
import type { CompiledModel } from '../../engine/compiler/types';
import type { BinaryDataset } from '../../engine/data/dataset';
import { rowsOfPart, selectRows } from '../../engine/data/split';
import { TrainingError } from '../../engine/train/train';
import type { StoredCheckpoint } from '../../projects/types';
import type { JobKind, MethodInfo } from '../api/contract';
import { findMethod, JOB_METHODS } from '../jobs/methods';
import { methodSettings } from '../jobs/methods/settings';
import type { PlainParameters } from '../jobs/messages';
import { ServiceError } from './errors';

/** Run setting kept by main for inference and evaluation jobs: which rows of the dataset to read. */
export const ROWS_KEY = 'rows';
export const ROW_PARTS = ['all', 'train', 'test'] as const;
export type RowPart = (typeof ROW_PARTS)[number];

/** The rows a job reads: all of them, or one part of the dataset's train/test split (every row trains without a split). */
export function datasetPart(dataset: BinaryDataset, part: RowPart): BinaryDataset {
  if (part === 'all' || !dataset.split) return part === 'test' ? selectRows(dataset, []) : dataset;
  return selectRows(dataset, rowsOfPart(dataset, part));
}

/** The method of a kind, or 'invalid-argument' naming the methods that apply to this model. */
export function resolveMethod(model: CompiledModel, kind: JobKind, name: unknown): MethodInfo {
  const method = typeof name === 'string' ? findMethod(kind, name) : undefined;
  const refusal = method?.refuses(model);
  if (!method || refusal) {
    const offered = JOB_METHODS.filter((m) => m.info.kind === kind && m.refuses(model) === undefined).map((m) => `'${m.info.name}'`);
    const why = refusal ? `${refusal}. ` : `There is no ${kind} method '${String(name)}'. `;
    throw new ServiceError('invalid-argument', `${why}Methods that apply: ${offered.join(', ') || 'none yet'}.`);
  }
  return method.info;
}

/** A method's full settings (defaults filled in), or 'invalid-argument' naming the bad one. */
export function resolveMethodConfig(info: MethodInfo, overrides: Record<string, number | string | boolean>): Record<string, number | string> {
  try {
    const { hyper, choices } = methodSettings(info, overrides);
    return { ...hyper, ...choices };
  } catch (error) {
    if (error instanceof TrainingError) throw new ServiceError('invalid-argument', `${error.message}.`);
    throw error;
  }
}

/** Throws 'invalid-argument' unless the checkpoint has exactly the model's weight and bias blocks. */
export function checkParametersFit(model: CompiledModel, parameters: PlainParameters, what: string, diagramName: string): void {
  const problems: string[] = [];
  for (const block of model.weightBlocks) {
    const values = parameters.weights[block.key];
    const size = block.shape[0] * block.shape[1];
    if (!values) problems.push(`no weights for '${block.key}'`);
    else if (values.length !== size) problems.push(`'${block.key}' has ${values.length} weights, the diagram needs ${size}`);
  }
  for (const block of model.biasBlocks) {
    const values = parameters.biases[block.nodeId];
    const size = block.range.end - block.range.start;
    if (!values) problems.push(`no biases for '${block.nodeId}'`);
    else if (values.length !== size) problems.push(`'${block.nodeId}' has ${values.length} biases, the diagram needs ${size}`);
  }
  if (problems.length > 0) {
    throw new ServiceError(
      'invalid-argument',
      `${what} does not fit diagram '${diagramName}' as it is now (${problems.slice(0, 3).join('; ')}); ` +
        'undo the change to the diagram, or start a new run.',
    );
  }
}

/** The parameters of a stored checkpoint as plain arrays. */
export function checkpointParameters(checkpoint: StoredCheckpoint): PlainParameters {
  return { weights: checkpoint.weights, biases: checkpoint.biases };
}
