/**
 * attractor classify [PROJECT] --models A,B,… --data DATA --method NAME: generative classification (Saul & Jordan §4;
 * Bishop et al. 1998) with one trained model per class. Diagram files are scored in this process by the engine's
 * classifyRows; in a project every class model is scored by an inference job stored in it, and the stored per-row values
 * decide the labels. Prints the confusion matrix and the error rate.
 */
import { basename } from 'node:path';
import type { BackendName } from '../../engine/backend/selectBackend';
import { confusionMatrix } from '../../engine/belief/uses/confusion';
import { classifyRows, formatConfusionMatrix, type ClassificationResult } from '../../engine/classify/runClassification';
import type { CompiledModel } from '../../engine/compiler/types';
import type { BinaryDataset } from '../../engine/data/dataset';
import { methodsFor as inferenceMethodsFor, type InferenceQuantity } from '../../engine/infer/methods';
import { parametersFromModel, type ModelParameters } from '../../engine/model/parameters';
import { OUTPUT_ROWS_PER_CALL } from '../api/contract';
import { findMethod, parseMethodText } from '../jobs/methods';
import type { ColumnGroup } from '../jobs/methods/inferenceTable';
import { methodInfo } from '../jobs/methods/settings';
import { datasetPart, ROW_PARTS, type RowPart } from '../services/jobInputs';
import { checkDatasetFits } from '../services/trainingInputs';
import { integerOption, parseArgs, settingKinds, typedSettings, UsageError, type ParsedArgs } from './args';
import { InputError, isProjectFile, loadDataset, loadDiagram } from './inputs';
import { compileOrFail, startBackend } from './model';
import { note, writeStdout } from './output';
import { withProjectJobs, type ProjectJobs } from './projectJobs';
import { projectDatasetId, projectDiagram } from './projectInputs';

export const CLASSIFY_HELP = `  attractor classify [PROJECT] --models A,B,... --data DATA [--method NAME] [--labels L1,L2,...] [--label-column COL]
                     [--rows all|train|test] [--table] [--seed S] [--set key=value]...
      Generative classification: every class model scores each row by the method's value (exact ln P(v), an AIS or
      mean-field estimate, a mean-field or mixture lower bound, or −L) and the row takes the label of the best score.
      Prints JSON {method, quantity, rows, classes, predicted, confusion (rows: true class, columns: predicted),
      errorRate} and the confusion matrix as a table on stderr (--table: the table on stdout instead of the JSON).
      Models are diagram JSON files, or with a PROJECT the names or ids of its diagrams (each scored by an infer job
      stored in it). Model k stands for label k unless --labels gives each model's label (a number or one of the data's
      label names). The true labels are the data's: a project dataset's, a builtin's or a CSV column (--label-column
      first|last|N|NAME). Methods: exact, meanfield, ais (energy models); exact, meanfield, attractor, mixture:M (belief).
`;

/** The method's per-row value must exist: methods with only posterior means (gibbs) cannot rank classes. */
function scoringMethod(model: CompiledModel, text: string | undefined): { text: string; quantity: InferenceQuantity } {
  const offered = inferenceMethodsFor(model).filter((m) => m.quantity !== undefined);
  const chosen = text ?? (offered.some((m) => m.name === 'exact') ? 'exact' : offered[0]?.syntax);
  const list = offered.map((m) => m.syntax).join(', ') || 'none';
  let name: string;
  try {
    name = parseMethodText(chosen ?? '').name;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; classification methods for these models: ${list}`);
  }
  const info = offered.find((m) => m.name === name);
  if (!info || chosen === undefined) throw new UsageError(`--method must be one of ${list} to classify these models (each needs a per-row score); got '${chosen}'`);
  return { text: chosen, quantity: info.quantity! };
}

/** Label of each model: --labels (numbers or the data's label names), else model k stands for label k. */
function modelLabels(raw: string | undefined, count: number, data: BinaryDataset): number[] {
  if (raw === undefined) return Array.from({ length: count }, (_, k) => k);
  const items = raw.split(',').map((s) => s.trim());
  if (items.length !== count) throw new UsageError(`--labels gives ${items.length} labels for ${count} models; give one per model, in --models order`);
  return items.map((item) => {
    const named = data.labelNames?.indexOf(item) ?? -1;
    if (named >= 0) return named;
    if (/^\d+$/.test(item)) return Number(item);
    throw new InputError(`--labels: '${item}' is neither a whole number nor a label name of ${data.name} (${data.labelNames?.join(', ') || 'it has none'})`);
  });
}

/** The JSON report and the table of a classification. */
async function report(result: Pick<ClassificationResult, 'method' | 'quantity' | 'rowCount' | 'labels' | 'classNames' | 'predicted' | 'confusion' | 'errorRate'>, table: boolean): Promise<number> {
  const classes = result.classNames.map((name, k) => ({ name, label: result.labels[k] }));
  let text: string;
  if (result.confusion) {
    text = `rows: true class, columns: predicted class\n${formatConfusionMatrix(result.confusion, result.classNames)}`;
  } else {
    const counts = result.labels.map((label) => result.predicted.filter((p) => p === label).length);
    text = `${result.classNames.map((name, k) => `${name}: ${counts[k]}`).join('\n')}\n(the data has no labels: rows per predicted class)`;
  }
  const json = {
    method: result.method,
    quantity: result.quantity,
    rows: result.rowCount,
    classes,
    ...(result.confusion ? { confusion: Array.from({ length: classes.length }, (_, t) => Array.from(result.confusion!.counts.subarray(t * classes.length, (t + 1) * classes.length))), errorRate: result.errorRate } : {}),
    predicted: Array.from(result.predicted),
  };
  if (table) await writeStdout(`${text}\n`);
  else {
    note(text);
    await writeStdout(`${JSON.stringify(json)}\n`);
  }
  return 0;
}

function rowsOption(args: ParsedArgs): RowPart {
  const rows = args.values.rows ?? 'all';
  if (!ROW_PARTS.includes(rows as RowPart)) throw new UsageError(`--rows must be one of ${ROW_PARTS.join(', ')}; got '${rows}'`);
  return rows as RowPart;
}

function settingsOf(args: ParsedArgs, model: CompiledModel, method: string): Record<string, number> {
  const job = findMethod('infer', parseMethodText(method).name)!;
  const settings = typedSettings(args.lists.set, settingKinds(methodInfo(job, model)));
  const bad = Object.entries(settings).find(([, v]) => typeof v !== 'number');
  if (bad) throw new UsageError(`--set ${bad[0]}: classification settings are numbers; got '${String(bad[1])}'`);
  return settings as Record<string, number>;
}

async function classifyFiles(files: string[], args: ParsedArgs): Promise<number> {
  const models: { model: CompiledModel; params: ModelParameters; file: string }[] = [];
  for (const file of files) {
    const diagram = await loadDiagram(file);
    const model = compileOrFail(diagram, file);
    const params = parametersFromModel(model);
    const complete = params !== undefined && model.weightBlocks.every((b) => params.weights[b.key]) && model.biasBlocks.every((b) => params.biases[b.nodeId]);
    if (!complete) throw new InputError(`${file}: diagram '${diagram.name}' carries no trained parameters; train it first (attractor train … --out FILE)`);
    models.push({ model, params: params!, file });
  }
  const { text, quantity } = scoringMethod(models[0].model, args.values.method);
  const options = settingsOf(args, models[0].model, text);
  const loaded = await loadDataset(args.values.data!, models[0].model.visibleIndices.length, args.values['label-column']);
  const data = datasetPart(loaded, rowsOption(args));
  checkDatasetFits(models[0].model, data, basename(files[0]));
  const labels = modelLabels(args.values.labels, models.length, data);
  await startBackend(args.values.backend);
  let result: ClassificationResult;
  try {
    result = await classifyRows(
      models.map(({ model, params, file }, k) => ({ model, params, name: data.labelNames?.[labels[k]] ?? basename(file).replace(/\.(diagram\.)?json$/i, '') })),
      data,
      { ...options, method: text, seed: integerOption(args, 'seed', 1, 0, 2 ** 32 - 1), labels },
    );
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  if (result.quantity !== quantity) throw new Error(`classifyRows scored by ${result.quantity}, expected ${quantity}`);
  return report(result, args.flags.has('table'));
}

/** The per-row values of the inference output of a finished job. */
async function storedValues(jobs: ProjectJobs, outputId: string, quantity: string, rows: number): Promise<Float64Array> {
  const values = new Float64Array(rows);
  for (let from = 0; from < rows; from += OUTPUT_ROWS_PER_CALL) {
    const page = await jobs.runs.output(outputId, from, OUTPUT_ROWS_PER_CALL);
    const group = (page.summary.groups as ColumnGroup[] | undefined)?.find((g) => g.key === quantity);
    if (!page.array || !group) throw new InputError(`output ${outputId} holds no ${quantity} column`);
    const [count, stride] = page.array.shape;
    for (let r = 0; r < count; r++) values[from + r] = page.array.values[r * stride + group.start];
  }
  return values;
}

async function classifyInProject(file: string, names: string[], args: ParsedArgs): Promise<number> {
  return withProjectJobs(file, args.values.backend as BackendName | undefined, async (jobs) => {
    const diagrams = await Promise.all(names.map((name) => projectDiagram(jobs, file, name)));
    const models = diagrams.map((d) => compileOrFail(d, file));
    const { text, quantity } = scoringMethod(models[0], args.values.method);
    const width = models[0].visibleIndices.length;
    models.forEach((model, k) => {
      if (model.type !== models[0].type || model.visibleIndices.length !== width) {
        throw new InputError(`${file}: diagram '${diagrams[k].name}' differs from '${diagrams[0].name}' in family or visible units; every class model must read the same patterns`);
      }
    });
    const config = settingsOf(args, models[0], text);
    const rows = rowsOption(args);
    const dataset = await projectDatasetId(jobs, args.values.data!, width, args.values['label-column']);
    if (dataset.added) note(`dataset ${args.values.data} added to the project as ${dataset.id}`);
    const data = datasetPart((await jobs.store.getDataset(dataset.id))!, rows);
    checkDatasetFits(models[0], data, diagrams[0].name);
    const labels = modelLabels(args.values.labels, models.length, data);
    if (new Set(labels).size !== labels.length) throw new InputError('Two models stand for the same label; give each model its own label');
    const scores: Float64Array[] = diagrams.map(() => new Float64Array(0));
    let shown = text;
    for (const [k, diagram] of diagrams.entries()) {
      const started = await jobs.runs.startJob({ kind: 'infer', diagramId: diagram.id, datasetId: dataset.id, method: text, seed: integerOption(args, 'seed', 1, 0, 2 ** 32 - 1), config: { ...config, rows } });
      note(`class ${k} ('${diagram.name}'): infer job ${started.id} stored in ${jobs.store.path}`);
      const { run, outputs = [] } = await jobs.follow(started, 'row');
      if (run.status !== 'completed') {
        note(`attractor: ${run.error ?? `the job ended ${run.status}`}`);
        return run.status === 'cancelled' ? 130 : 1;
      }
      const table = outputs.find((o) => o.kind === 'inference');
      if (!table) throw new InputError(`infer job ${run.id} stored no inference table`);
      scores[k] = await storedValues(jobs, table.id, quantity, data.rowCount);
      shown = String(table.summary.method ?? text);
    }
    const best = Int32Array.from({ length: data.rowCount }, (_, b) => scores.reduce((top, s, k) => (s[b] > scores[top][b] ? k : top), 0));
    const index = new Map(labels.map((label, k) => [label, k]));
    const truth = data.labels ? Int32Array.from(data.labels, (label, b) => {
      const k = index.get(label);
      if (k === undefined) throw new InputError(`Row ${b + 1} is labelled ${label}, which no model stands for (labels ${labels.join(', ')}); give a model for it or leave the row out`);
      return k;
    }) : undefined;
    const confusion = truth ? confusionMatrix(truth, best, models.length) : undefined;
    return report(
      {
        method: shown,
        quantity,
        rowCount: data.rowCount,
        labels,
        classNames: diagrams.map((d, k) => data.labelNames?.[labels[k]] ?? d.name),
        predicted: Int32Array.from(best, (k) => labels[k]),
        confusion,
        errorRate: confusion?.errorRate,
      },
      args.flags.has('table'),
    );
  });
}

/** attractor classify [PROJECT] --models A,B,… --data DATA … */
export async function classifyCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ['models', 'data', 'method', 'labels', 'label-column', 'rows', 'seed', 'backend'], repeatable: ['set'], flags: ['table'] });
  const [file, ...extra] = args.positionals;
  if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const names = (args.values.models ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length < 2) throw new UsageError('classify needs --models A,B,… with one trained model per class (at least 2)');
  if (!args.values.data) throw new UsageError('classify needs --data (a CSV file, a builtin dataset, or a dataset of the project)');
  if (file === undefined) return classifyFiles(names, args);
  if (!(await isProjectFile(file).catch(() => false))) throw new UsageError(`${file} is not a project file; give diagram files with --models A.json,B.json and no FILE`);
  return classifyInProject(file, names, args);
}
