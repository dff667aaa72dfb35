/**
 * The classify:* channels: the checks and data of generative classification (Saul & Jordan §4; Bishop et al. 1998) for
 * the Classify view. The scoring itself runs as one stored infer job per class model (job:start), as the CLI does.
 */
import { compile } from '../../engine/compiler/compile';
import type { CompiledModel } from '../../engine/compiler/types';
import type { BinaryDataset } from '../../engine/data/dataset';
import { labelUnitCount } from '../../engine/data/labelUnits';
import type { Diagram } from '../../engine/diagram/types';
import { methodsFor } from '../../engine/infer/methods';
import { parametersFromModel } from '../../engine/model/parameters';
import type { ClassifyCheckRequest, ClassifyCheckResult, ClassifyRowPart } from '../api/contract';
import { argObject, argString, type ChannelHandlers } from './channelArgs';
import { ServiceError } from './errors';
import { datasetPart, ROW_PARTS } from './jobInputs';
import type { RunHost } from './runHost';

/** The channels this service implements. */
export type ClassifyChannel = 'classify:check' | 'classify:rows';

/** Most rows classify:rows returns as patterns per call (the view shows the first misclassified examples). */
export const CLASSIFY_MAX_ROWS = 2000;

type Problem = ClassifyCheckResult['problems'][number];

function rowPart(arg: unknown, channel: ClassifyChannel): ClassifyRowPart {
  const rows = (arg as { rows?: unknown }).rows ?? 'all';
  if (!ROW_PARTS.includes(rows as ClassifyRowPart)) throw new ServiceError('invalid-argument', `${channel}: rows must be one of ${ROW_PARTS.join(', ')}; got '${String(rows)}'.`);
  return rows as ClassifyRowPart;
}

/** The compiled model of a class diagram, or the problem that keeps it from scoring rows. */
function classModel(diagram: Diagram): { model?: CompiledModel; problem?: Problem } {
  const compiled = compile(diagram);
  if (!compiled.ok) return { problem: { diagramId: diagram.id, message: `Diagram '${diagram.name}' does not compile: fix the problems listed under its summary.` } };
  const model = compiled.model;
  const params = parametersFromModel(model);
  const complete = params !== undefined && model.weightBlocks.every((b) => params.weights[b.key]) && model.biasBlocks.every((b) => params.biases[b.nodeId]);
  if (!complete) return { model, problem: { diagramId: diagram.id, message: `Diagram '${diagram.name}' is not trained: train it in the Train panel on its class's patterns first.` } };
  return { model };
}

/** Every problem of the chosen models against each other and the data (empty when classification can run). */
function problemsOf(diagrams: Diagram[], models: (CompiledModel | undefined)[], data: BinaryDataset | undefined): Problem[] {
  const problems: Problem[] = [];
  const first = models.findIndex((m) => m !== undefined);
  models.forEach((model, k) => {
    if (!model || k === first) return;
    const reference = models[first]!;
    if (model.type !== reference.type) {
      problems.push({ diagramId: diagrams[k].id, message: `Diagram '${diagrams[k].name}' is a ${model.type === 'energy' ? 'energy model' : 'belief network'} but '${diagrams[first].name}' is not: every class model must be of one family.` });
    }
  });
  if (!data) return problems;
  models.forEach((model, k) => {
    const width = model?.visibleIndices.length;
    if (width !== undefined && width !== data.width) {
      problems.push({ diagramId: diagrams[k].id, message: `Diagram '${diagrams[k].name}' has ${width} visible units but dataset '${data.name}' has ${data.width} columns: choose data of ${width} columns or change the visible units.` });
    }
  });
  if (!data.labels) problems.push({ message: `Dataset '${data.name}' has no labels: import it with a label column (or generate a labelled set) to classify.` });
  if (data.rowCount === 0) problems.push({ message: `Dataset '${data.name}' has no rows in this part: choose other rows.` });
  return problems;
}

/** What keeps one joint model from classifying `data`: its width must be the data's columns plus one label unit per class. */
function jointProblems(diagrams: Diagram[], models: (CompiledModel | undefined)[], data: BinaryDataset | undefined): Problem[] {
  if (diagrams.length !== 1) return [{ message: 'A labelled joint model is one diagram: choose the one trained on the data with its label units.' }];
  const [diagram] = diagrams;
  const model = models[0];
  if (!data || !model) return [];
  if (!data.labels) return [{ message: `Dataset '${data.name}' has no labels: import it with a label column (or generate a labelled set) to classify.` }];
  if (data.rowCount === 0) return [{ message: `Dataset '${data.name}' has no rows in this part: choose other rows.` }];
  const units = labelUnitCount(data);
  const visible = model.visibleIndices.length;
  if (visible === data.width + units) return [];
  const hint = visible === data.width
    ? ` '${data.name}' already has ${visible} columns: classify the dataset its label units were made from.`
    : ` Generate 'Label units' from '${data.name}' (Datasets → Generate) and train the diagram on it.`;
  return [{ diagramId: diagram.id, message: `Diagram '${diagram.name}' has ${visible} visible units; a joint model of '${data.name}' needs ${data.width + units}: its ${data.width} columns, then ${units} label units (one per class).${hint}` }];
}

/** The label values in `data` with their names and counts, in label order. */
function classesOf(data: BinaryDataset): ClassifyCheckResult['classes'] {
  const counts = new Map<number, number>();
  for (const label of data.labels ?? []) counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a - b).map(([label, rowCount]) => ({ label, name: data.labelNames?.[label] ?? String(label), rowCount }));
}

/**
 * classify:check compiles the class diagrams, refuses untrained ones, mixed families and widths that differ from the
 * data, and lists the data's classes and the methods with a per-row score; classify:rows returns a part's labels and chosen rows.
 */
export function classifyHandlers(host: RunHost): ChannelHandlers<ClassifyChannel> {
  const read = async (diagramIds: string[], datasetId: string | undefined) => {
    const project = host.requireProject();
    return host.alongside(project, async (store) => {
      const all = await store.listDiagrams();
      const diagrams = diagramIds.map((id) => {
        const diagram = all.find((d) => d.id === id);
        if (!diagram) throw new ServiceError('not-found', `No diagram with id '${id}' in this project.`);
        return diagram;
      });
      const dataset = datasetId === undefined ? undefined : await store.getDataset(datasetId);
      if (datasetId !== undefined && !dataset) throw new ServiceError('not-found', `No dataset with id '${datasetId}' in this project.`);
      return { diagrams, dataset };
    });
  };
  return {
    'classify:check': async (arg) => {
      const request = argObject<ClassifyCheckRequest>(arg, 'classify:check', '{ diagramIds, datasetId?, rows? }');
      if (!Array.isArray(request.diagramIds) || request.diagramIds.some((id) => typeof id !== 'string')) {
        throw new ServiceError('invalid-argument', 'classify:check needs { diagramIds: string[] }.');
      }
      const datasetId = typeof request.datasetId === 'string' && request.datasetId !== '' ? request.datasetId : undefined;
      const { diagrams, dataset } = await read(request.diagramIds, datasetId);
      const data = dataset ? datasetPart(dataset, rowPart(arg, 'classify:check')) : undefined;
      const checked = diagrams.map(classModel);
      const models = checked.map((c) => c.model);
      const joint = request.joint === true;
      const problems = [...checked.flatMap((c) => (c.problem ? [c.problem] : [])), ...(joint ? jointProblems(diagrams, models, data) : problemsOf(diagrams, models, data))];
      if (!joint && new Set(request.diagramIds).size !== request.diagramIds.length) problems.push({ message: 'One diagram stands for two classes: give each class its own model.' });
      if (!joint && diagrams.length < 2) problems.push({ message: 'Classification needs a trained model for at least two classes: choose a diagram for each class.' });
      if (joint && data && classesOf(data).length < 2) problems.push({ message: `'${data.name}' holds fewer than two classes in these rows: choose other rows or data.` });
      const first = models.find((m) => m !== undefined);
      const methods = first
        ? methodsFor(first).flatMap((m) => (m.quantity ? [{ name: m.name, syntax: m.syntax, label: m.label, quantity: m.quantity }] : []))
        : [];
      return {
        classes: data ? classesOf(data) : [],
        rowCount: data?.rowCount ?? 0,
        ...(data?.imageShape ? { imageShape: { ...data.imageShape } } : {}),
        methods,
        problems,
        ...(joint && data?.labels ? { labelUnits: labelUnitCount(data) } : {}),
      };
    },
    'classify:rows': async (arg) => {
      const datasetId = argString(arg, 'classify:rows', 'datasetId');
      const indices = (arg as { indices?: unknown }).indices ?? [];
      if (!Array.isArray(indices) || indices.some((i) => !Number.isInteger(i) || i < 0)) {
        throw new ServiceError('invalid-argument', 'classify:rows needs { indices: number[] } of row numbers (0-based) within the part.');
      }
      if (indices.length > CLASSIFY_MAX_ROWS) throw new ServiceError('invalid-argument', `classify:rows returns at most ${CLASSIFY_MAX_ROWS} rows per call; ask for fewer.`);
      const { dataset } = await read([], datasetId);
      const data = datasetPart(dataset!, rowPart(arg, 'classify:rows'));
      const outside = (indices as number[]).find((i) => i >= data.rowCount);
      if (outside !== undefined) throw new ServiceError('invalid-argument', `classify:rows: row ${outside} is outside the ${data.rowCount} rows of '${data.name}'.`);
      return {
        rows: (indices as number[]).map((i) => Array.from(data.bits.subarray(i * data.width, (i + 1) * data.width)).join('')),
        labels: data.labels ? Array.from(data.labels) : new Array<number>(data.rowCount).fill(-1),
      };
    },
  };
}
