/** Checks of run:start, job:start and resumption requests that need the project's content; each failure is a ServiceError. */
import type { CompiledModel } from '../../engine/compiler/types';
import type { BinaryDataset } from '../../engine/data/dataset';
import { withClampedLabel } from '../../engine/data/labelUnits';
import { rowsOfPart, selectRows } from '../../engine/data/split';
import type { StoredCheckpoint } from '../../projects/types';
import type { JobKind, MethodInfo } from '../api/contract';
import { findMethod, JOB_METHODS, methodSyntax, parseMethodText, withImplied } from '../jobs/methods';
import { methodInfo, methodSettings } from '../jobs/methods/settings';
import type { JobMethod } from '../jobs/methods/types';
import type { PlainParameters } from '../jobs/messages';
import { ServiceError } from './errors';

/** Run setting kept by main for inference and evaluation jobs: which rows of the dataset to read. */
export const ROWS_KEY = 'rows';
export const ROW_PARTS = ['all', 'train', 'test'] as const;
export type RowPart = (typeof ROW_PARTS)[number];

/**
 * Run setting kept by main for classification with a labelled joint model: the label whose one-hot units follow every
 * row read (the model's last visible units beyond the data's columns), so the job scores each row as that class.
 */
export const LABEL_UNITS_KEY = 'labelUnits';

/** The job's rows with the one-hot units of `label` appended (when a label is set), or 'invalid-argument' saying why not. */
export function withJobLabel(data: BinaryDataset, label: unknown, model: CompiledModel, diagramName: string): BinaryDataset {
  if (label === undefined) return data;
  const units = model.visibleIndices.length - data.width;
  if (units < 1) {
    throw new ServiceError('invalid-argument', `${LABEL_UNITS_KEY}: diagram '${diagramName}' has ${model.visibleIndices.length} visible units, no more than the ${data.width} columns of '${data.name}', so it has no label units; choose data without the label units.`);
  }
  if (!Number.isInteger(label) || (label as number) < 0 || (label as number) >= units) {
    throw new ServiceError('invalid-argument', `${LABEL_UNITS_KEY} must be a label from 0 to ${units - 1} (diagram '${diagramName}' has ${units} label units after the ${data.width} data columns); got ${String(label)}.`);
  }
  return withClampedLabel(data, label as number, units);
}

/** The rows a job reads: all of them, or one part of the dataset's train/test split (every row trains without a split). */
export function datasetPart(dataset: BinaryDataset, part: RowPart): BinaryDataset {
  if (part === 'all' || !dataset.split) return part === 'test' ? selectRows(dataset, []) : dataset;
  return selectRows(dataset, rowsOfPart(dataset, part));
}

/** A job's method as requested: the registry entry, its description for the model, and the settings its suffix implies. */
export interface ResolvedMethod {
  method: JobMethod;
  info: MethodInfo;
  /** The method as written (e.g. 'mixture:3'). */
  text: string;
  implied: Record<string, number>;
}

/** The method of a kind (`mixture:M` included), or 'invalid-argument' naming the methods that apply to this model. */
export function resolveMethod(model: CompiledModel, kind: JobKind, name: unknown): ResolvedMethod {
  const offered = () => JOB_METHODS.filter((m) => m.info.kind === kind && m.refuses(model) === undefined).map((m) => `'${methodSyntax(m.info)}'`);
  const fail = (why: string) => new ServiceError('invalid-argument', `${why.replace(/\.$/, '')}. Methods that apply: ${offered().join(', ') || 'none yet'}.`);
  if (typeof name !== 'string') throw fail(`The ${kind} method must be a name; got ${String(name)}`);
  let parsed: ReturnType<typeof parseMethodText>;
  try {
    parsed = parseMethodText(name);
  } catch (error) {
    throw fail((error as Error).message);
  }
  const method = findMethod(kind, parsed.name);
  if (!method) throw fail(`There is no ${kind} method '${name}'`);
  const refusal = method.refuses(model);
  if (refusal) throw fail(refusal);
  return { method, info: methodInfo(method, model), text: name, implied: parsed.implied };
}

/** A method's full settings (defaults filled in, text settings read against the model), or 'invalid-argument' naming the bad one. */
export function resolveMethodConfig(resolved: ResolvedMethod, model: CompiledModel, overrides: Record<string, number | string | boolean>): Record<string, number | string> {
  try {
    const settings = methodSettings(resolved.info, withImplied(resolved.text, resolved.implied, overrides));
    resolved.method.check?.(model, settings);
    return { ...settings.hyper, ...settings.choices, ...settings.texts };
  } catch (error) {
    if (error instanceof Error) throw new ServiceError('invalid-argument', `${error.message.replace(/\.$/, '')}.`);
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
