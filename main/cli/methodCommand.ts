/**
 * attractor infer|sample|evaluate FILE --method NAME …: a method of the job registry (main/jobs/methods) applied to a
 * diagram's parameters. On a project file it runs as a stored job (run + outputs in the project, like the app); on a
 * diagram file it runs in this process and stores nothing. New methods need no change here.
 */
import type { BackendName } from '../../engine/backend/selectBackend';
import type { BinaryDataset } from '../../engine/data/dataset';
import { parametersFromModel } from '../../engine/model/parameters';
import type { OutputArray } from '../../projects/types';
import { OUTPUT_ROWS_PER_CALL, type JobKind, type OutputData } from '../api/contract';
import { findMethod, JOB_METHODS } from '../jobs/methods';
import { methodSettings } from '../jobs/methods/settings';
import type { MethodOutput } from '../jobs/methods/types';
import { checkDatasetFits } from '../services/trainingInputs';
import { integerOption, parseArgs, settingsOption, UsageError, type ParsedArgs } from './args';
import { InputError, isProjectFile, loadDataset, loadDiagram } from './inputs';
import { compileOrFail, startBackend } from './model';
import { note, writeStdout } from './output';
import { withProjectJobs } from './projectJobs';
import { checkpointOption, projectDatasetId, projectDiagram } from './projectInputs';

type MethodKind = Exclude<JobKind, 'train'>;

/** One JSON line per row of an output array, in a form that suits its kind; evaluation prints its figures. */
function formatRows(kind: MethodKind, array: Pick<OutputArray, 'shape'> & { values: ArrayLike<number> }, firstRow: number): string {
  const [rows, ...rest] = array.shape;
  const width = rest.reduce((a, b) => a * b, 1);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const values = Array.from({ length: width }, (_, c) => array.values[r * width + c]);
    const n = firstRow + r + 1;
    if (kind === 'infer') lines.push(JSON.stringify({ row: n, logProbability: values[0], hiddenMeans: values.slice(1) }));
    else if (kind === 'sample') lines.push(JSON.stringify({ sample: n, bits: values.join('') }));
    else lines.push(JSON.stringify({ row: n, values }));
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** The method of `kind`, or a usage error naming the registered ones. */
function methodOption(kind: MethodKind, args: ParsedArgs) {
  const name = args.values.method ?? 'exact';
  const method = findMethod(kind, name);
  if (!method) {
    const names = JOB_METHODS.filter((m) => m.info.kind === kind).map((m) => m.info.name);
    throw new UsageError(`--method must be one of ${names.join(', ') || 'none yet'} for ${kind}; got '${name}'`);
  }
  return method;
}

/** --set pairs plus the shorthand --count and --rows. */
function methodConfig(args: ParsedArgs): Record<string, number | string | boolean> {
  const config = settingsOption(args.lists.set);
  if (args.values.count !== undefined) config.count = integerOption(args, 'count', 100, 1, 100_000_000);
  if (args.values.rows !== undefined) config.rows = args.values.rows;
  return config;
}

async function inProject(kind: MethodKind, file: string, args: ParsedArgs): Promise<number> {
  const method = methodOption(kind, args);
  return withProjectJobs(file, args.values.backend as BackendName | undefined, async (jobs) => {
    const diagram = await projectDiagram(jobs, file, args.values.diagram);
    const model = compileOrFail(diagram, file);
    let datasetId: string | undefined;
    if (method.info.needsData) {
      if (!args.values.data) throw new UsageError(`${kind} --method ${method.info.name} needs --data (a dataset of the project, a CSV file or a builtin name)`);
      const dataset = await projectDatasetId(jobs, args.values.data, model.visibleIndices.length);
      if (dataset.added) note(`dataset ${args.values.data} added to the project as ${dataset.id}`);
      datasetId = dataset.id;
    }
    const checkpoint = checkpointOption(args.values.checkpoint);
    const started = await jobs.runs.startJob({
      kind, diagramId: diagram.id, datasetId, method: method.info.name, seed: integerOption(args, 'seed', 1, 0, 2 ** 32 - 1),
      config: methodConfig(args), ...(checkpoint ? { checkpoint } : {}),
    });
    note(`${kind} job ${started.id} stored in ${jobs.store.path}`);
    const { run, outputs = [] } = await jobs.follow(started, 'step');
    if (run.status !== 'completed') {
      note(`attractor: ${run.error ?? `the job ended ${run.status}`}`);
      return run.status === 'cancelled' ? 130 : 1;
    }
    for (const summary of outputs) {
      if (kind === 'evaluate' || !summary.arrayShape) {
        await writeStdout(`${JSON.stringify({ runId: run.id, outputId: summary.id, ...summary.summary })}\n`);
        continue;
      }
      for (let from = 0; ; from += OUTPUT_ROWS_PER_CALL) {
        const page: OutputData = await jobs.runs.output(summary.id, from, OUTPUT_ROWS_PER_CALL);
        if (!page.array || page.array.shape[0] === 0) break;
        await writeStdout(formatRows(kind, page.array, from));
        if (!page.rows || from + page.rows.count >= page.rows.total) break;
      }
    }
    return 0;
  });
}

async function inProcess(kind: MethodKind, file: string, args: ParsedArgs): Promise<number> {
  const method = methodOption(kind, args);
  if (args.values.checkpoint !== undefined) throw new UsageError('--checkpoint applies to project files');
  const diagram = await loadDiagram(file, args.values.diagram);
  const model = compileOrFail(diagram, file);
  const refusal = method.refuses(model);
  if (refusal) throw new InputError(`${file}: ${refusal}`);
  const parameters = parametersFromModel(model);
  const complete =
    parameters !== undefined &&
    model.weightBlocks.every((b) => parameters.weights[b.key] !== undefined) &&
    model.biasBlocks.every((b) => parameters.biases[b.nodeId] !== undefined);
  if (!parameters || !complete) throw new InputError(`${file}: diagram '${diagram.name}' carries no trained parameters; train it first (attractor train … --out FILE)`);
  let dataset: BinaryDataset | undefined;
  if (method.info.needsData) {
    if (!args.values.data) throw new UsageError(`${kind} needs --data (a CSV file or a builtin dataset name)`);
    dataset = await loadDataset(args.values.data, model.visibleIndices.length);
    checkDatasetFits(model, dataset, diagram.name);
  }
  const { rows: _rows, ...config } = methodConfig(args);
  let settings;
  try {
    settings = methodSettings(method.info, config);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  await startBackend(args.values.backend);
  const outputs: MethodOutput[] = [];
  await method.run(
    { model, parameters, dataset, seed: integerOption(args, 'seed', 1, 0, 2 ** 32 - 1), ...settings },
    { signal: new AbortController().signal, between: async () => undefined, progress: () => undefined, output: (o) => outputs.push(o) },
  );
  for (const output of outputs) {
    if (kind === 'evaluate' || !output.array) await writeStdout(`${JSON.stringify(output.summary)}\n`);
    else await writeStdout(formatRows(kind, output.array, 0));
  }
  return 0;
}

export const METHOD_HELP = `  attractor infer FILE --data DATA [--method exact] [--rows all|train|test]
      One JSON line per data row: {row (1-based), logProbability (nats), hiddenMeans}.
  attractor sample FILE [--method exact] [--count N] [--seed S] [--set beta=B] [--set units=visible]
      One JSON line per sample: {sample, bits} (bits in unit order, 1 = on).
  attractor evaluate FILE --data DATA [--method exact]
      One JSON line of figures: log Z, mean log-likelihood and KL(P_data‖P_model) in nats.
      The diagram must carry trained parameters (or, in a project, name one with --checkpoint RUN:STEP).
      On a project file each is stored as a job (a run of its kind with its output); --set key=value sets a method option.
      Methods: ${(['infer', 'sample', 'evaluate'] as const).map((k) => `${k} ${JOB_METHODS.filter((m) => m.info.kind === k).map((m) => m.info.name).join('|')}`).join('; ')}.
`;

/** attractor infer|sample|evaluate FILE … */
export function methodCommand(kind: MethodKind): (argv: string[]) => Promise<number> {
  return async (argv) => {
    const args = parseArgs(argv, { values: ['data', 'method', 'diagram', 'backend', 'seed', 'count', 'rows', 'checkpoint'], repeatable: ['set'] });
    const [file, ...extra] = args.positionals;
    if (!file) throw new UsageError(`${kind} needs a FILE (diagram JSON or .attractor project)`);
    if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
    return (await isProjectFile(file).catch(() => false)) ? inProject(kind, file, args) : inProcess(kind, file, args);
  };
}
