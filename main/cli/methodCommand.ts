/**
 * attractor infer|sample|evaluate FILE --method NAME …: a method of the job registry (main/jobs/methods) applied to a
 * diagram's parameters. On a project file it runs as a stored job (run + outputs in the project, like the app); on a
 * diagram file it runs in this process and stores nothing. New methods need no change here.
 */
import type { BackendName } from '../../engine/backend/selectBackend';
import type { CompiledModel } from '../../engine/compiler/types';
import type { BinaryDataset } from '../../engine/data/dataset';
import { parametersFromModel } from '../../engine/model/parameters';
import { OUTPUT_ROWS_PER_CALL, type JobKind, type MethodInfo, type OutputData } from '../api/contract';
import { findMethod, methodsFor, methodSyntax, parseMethodText, withImplied } from '../jobs/methods';
import { methodInfo, methodSettings, type MethodSettings } from '../jobs/methods/settings';
import type { JobMethod, MethodOutput } from '../jobs/methods/types';
import { checkDatasetFits } from '../services/trainingInputs';
import { integerOption, parseArgs, settingKinds, typedSettings, UsageError, type ParsedArgs } from './args';
import { InputError, isProjectFile, loadDataset, loadDiagram } from './inputs';
import { isLikelihoodSummary, likelihoodLines } from './likelihoodLines';
import { inferenceLines, printsSamples, sampleLines, type ArrayPage, type SampleFormat } from './methodOutput';
import { compileOrFail, startBackend } from './model';
import { note, writeStdout } from './output';
import { ProgressReporter } from './progress';
import { withProjectJobs } from './projectJobs';
import { checkpointOption, projectDatasetId, projectDiagram } from './projectInputs';
import { methodHelp } from './registryHelp';

type MethodKind = Exclude<JobKind, 'train'>;

/** Options that stand for --set KEY=VALUE: numbers and text. */
const NUMBER_OPTIONS = ['count', 'sweeps', 'temperature'] as const;
const TEXT_OPTIONS = ['clamp', 'schedule'] as const;

/** The method chosen with --method (default: exact where it applies, else the first method for the model). */
interface Chosen {
  method: JobMethod;
  info: MethodInfo;
  text: string;
  implied: Record<string, number>;
}

function chooseMethod(kind: MethodKind, model: CompiledModel, args: ParsedArgs, file: string): Chosen {
  const offered = methodsFor(model, kind).map(methodSyntax);
  const family = model.type === 'energy' ? 'energy model' : 'sigmoid belief network';
  const text = args.values.method ?? (offered.includes('exact') || offered.length === 0 ? 'exact' : offered[0]);
  let parsed;
  try {
    parsed = parseMethodText(text);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; ${kind} methods for this ${family}: ${offered.join(', ')}`);
  }
  const method = findMethod(kind, parsed.name);
  if (!method) throw new UsageError(`--method must be one of ${offered.join(', ') || 'none'} for ${kind} on this ${family}; got '${text}'`);
  const refusal = method.refuses(model);
  if (refusal) throw new InputError(`${file}: ${refusal}; ${kind} methods for this ${family}: ${offered.join(', ') || 'none'}`);
  return { method, info: methodInfo(method, model), text, implied: parsed.implied };
}

/** --set pairs (typed by the method's settings) plus --count, --sweeps, --temperature, --clamp and --schedule. */
function methodConfig(args: ParsedArgs, chosen: Chosen): Record<string, number | string | boolean> {
  const config = typedSettings(args.lists.set, settingKinds(chosen.info));
  const given = (key: string, value: number | string) => {
    if (config[key] !== undefined) throw new UsageError(`${key} given twice (--${key} and --set ${key}=…)`);
    config[key] = value;
  };
  for (const key of NUMBER_OPTIONS) {
    const raw = args.values[key];
    if (raw === undefined) continue;
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${key} needs a number; got '${raw}'`);
    given(key, value);
  }
  for (const key of TEXT_OPTIONS) if (args.values[key] !== undefined) given(key, args.values[key]);
  if (args.values.base !== undefined) {
    // --base is AIS's base distribution: `base` of ais, `aisBase` of compare.
    const key = (chosen.info.choices ?? []).find((c) => c.key === 'base' || c.key === 'aisBase')?.key;
    if (key === undefined) throw new UsageError(`--base applies to methods that run AIS (ais, compare), not to ${chosen.text}`);
    given(key, args.values.base);
  }
  try {
    return withImplied(chosen.text, chosen.implied, config);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The settings checked against the method and model, as the job runner will read them. */
function checkedSettings(chosen: Chosen, model: CompiledModel, config: Record<string, number | string | boolean>, file: string): MethodSettings {
  try {
    const settings = methodSettings(chosen.info, config);
    chosen.method.check?.(model, settings);
    return settings;
  } catch (error) {
    throw new InputError(`${file}: ${(error as Error).message}`);
  }
}

/** Prints an output (or one page of its rows); `first` is the first row's index, `header` whether CSV needs its header. */
function printOutput(kind: MethodKind, args: ParsedArgs, output: Pick<MethodOutput, 'kind' | 'name' | 'summary'> & { id?: string; runId?: string }, page: ArrayPage | undefined, first: number): string {
  const likelihood = output.summary.likelihood;
  if (first === 0 && isLikelihoodSummary(likelihood)) for (const line of likelihoodLines(likelihood)) note(line);
  if (kind === 'evaluate' || (page === undefined && output.kind !== 'completions')) {
    return first === 0 ? `${JSON.stringify({ ...(output.runId ? { runId: output.runId, outputId: output.id } : {}), ...output.summary })}\n` : '';
  }
  if (kind === 'infer') return output.kind === 'inference' && page ? inferenceLines(output.summary, page, first) : '';
  if (output.kind === 'samples' && page && printsSamples(output.summary, args.flags.has('best'))) {
    return sampleLines(output.summary, page, first, sampleFormat(args), first === 0);
  }
  if (first === 0) {
    const hint = output.summary.states === 'lowest-energy' ? '; --best prints it' : '';
    note(`also ${output.id ? 'stored' : 'made'}: ${output.name}${output.id ? ` (output ${output.id}${hint})` : hint ? ` (${hint.slice(2)})` : ''}`);
  }
  return '';
}

/** infer: a last JSON line {likelihood} after the rows when the method made an estimate (AIS, importance sampling). */
function likelihoodLine(kind: MethodKind, output: Pick<MethodOutput, 'kind' | 'summary'>): string {
  const likelihood = output.summary.likelihood;
  return kind === 'infer' && output.kind === 'inference' && isLikelihoodSummary(likelihood) ? `${JSON.stringify({ likelihood })}\n` : '';
}

function sampleFormat(args: ParsedArgs): SampleFormat {
  const format = args.values.format ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new UsageError(`--format must be json or csv; got '${format}'`);
  return format;
}

async function inProject(kind: MethodKind, file: string, args: ParsedArgs): Promise<number> {
  return withProjectJobs(file, args.values.backend as BackendName | undefined, async (jobs) => {
    const diagram = await projectDiagram(jobs, file, args.values.diagram);
    const model = compileOrFail(diagram, file);
    const chosen = chooseMethod(kind, model, args, file);
    const config = methodConfig(args, chosen);
    checkedSettings(chosen, model, config, file);
    let datasetId: string | undefined;
    if (chosen.info.needsData) {
      if (!args.values.data) throw new UsageError(`${kind} --method ${chosen.text} needs --data (a dataset of the project, a CSV file or a builtin name)`);
      const dataset = await projectDatasetId(jobs, args.values.data, model.visibleIndices.length);
      if (dataset.added) note(`dataset ${args.values.data} added to the project as ${dataset.id}`);
      datasetId = dataset.id;
    }
    const checkpoint = checkpointOption(args.values.checkpoint);
    const started = await jobs.runs.startJob({
      kind, diagramId: diagram.id, datasetId, method: chosen.text, seed: integerOption(args, 'seed', 1, 0, 2 ** 32 - 1),
      config: { ...config, ...(args.values.rows !== undefined ? { rows: args.values.rows } : {}) }, ...(checkpoint ? { checkpoint } : {}),
    });
    note(`${kind} job ${started.id} stored in ${jobs.store.path}`);
    const { run, outputs = [] } = await jobs.follow(started, 'step');
    if (run.status !== 'completed') {
      note(`attractor: ${run.error ?? `the job ended ${run.status}`}`);
      return run.status === 'cancelled' ? 130 : 1;
    }
    for (const summary of outputs) {
      const output = { ...summary, runId: run.id };
      if (!summary.arrayShape || kind === 'evaluate') {
        await writeStdout(printOutput(kind, args, output, undefined, 0));
        continue;
      }
      for (let from = 0; ; from += OUTPUT_ROWS_PER_CALL) {
        const page: OutputData = await jobs.runs.output(summary.id, from, OUTPUT_ROWS_PER_CALL);
        if (!page.array || page.array.shape[0] === 0) break;
        await writeStdout(printOutput(kind, args, output, page.array, from));
        if (!page.rows || from + page.rows.count >= page.rows.total) break;
      }
      await writeStdout(likelihoodLine(kind, output));
    }
    return 0;
  });
}

async function inProcess(kind: MethodKind, file: string, args: ParsedArgs): Promise<number> {
  if (args.values.checkpoint !== undefined) throw new UsageError('--checkpoint applies to project files');
  const diagram = await loadDiagram(file, args.values.diagram);
  const model = compileOrFail(diagram, file);
  const chosen = chooseMethod(kind, model, args, file);
  const settings = checkedSettings(chosen, model, methodConfig(args, chosen), file);
  const parameters = parametersFromModel(model);
  const complete =
    parameters !== undefined &&
    model.weightBlocks.every((b) => parameters.weights[b.key] !== undefined) &&
    model.biasBlocks.every((b) => parameters.biases[b.nodeId] !== undefined);
  if (!parameters || !complete) throw new InputError(`${file}: diagram '${diagram.name}' carries no trained parameters; train it first (attractor train … --out FILE)`);
  let dataset: BinaryDataset | undefined;
  if (chosen.info.needsData) {
    if (!args.values.data) throw new UsageError(`${kind} needs --data (a CSV file or a builtin dataset name)`);
    dataset = await loadDataset(args.values.data, model.visibleIndices.length);
    checkDatasetFits(model, dataset, diagram.name);
  }
  await startBackend(args.values.backend);
  const outputs: MethodOutput[] = [];
  const bar = new ProgressReporter('step');
  try {
    await chosen.method.run(
      { model, parameters, dataset, seed: integerOption(args, 'seed', 1, 0, 2 ** 32 - 1), ...settings },
      {
        signal: new AbortController().signal,
        between: async () => undefined,
        progress: (step, total, metrics) => bar.update(step, total, metrics),
        output: (o) => outputs.push(o),
      },
    );
  } catch (error) {
    throw new InputError(`${file}: ${(error as Error).message}`);
  } finally {
    bar.finish();
  }
  for (const output of outputs) await writeStdout(printOutput(kind, args, output, output.array, 0) + likelihoodLine(kind, output));
  return 0;
}

export const METHOD_HELP = `  attractor infer FILE --data DATA [--method NAME] [--clamp UNITS] [--rows all|train|test] [--base data|uniform] [--seed S]
                  [--set key=value]...
      One JSON line per data row: {row (1-based), the method's value, standardError (AIS, energy mean field),
      hiddenMeans (posterior means of the hidden units), and with --clamp visibleMeans and completed}. The value is
      logProbability (exact ln P(v)), logProbabilityEstimate (ais, meanfield on energy models), lowerBound (meanfield,
      mixture:M on belief networks) or negativeLyapunov (attractor: −L); gibbs gives means with hiddenStandardErrors.
      --clamp names the known visible units, the others are inferred: positions (0-3), node labels (x1,x2), label[K],
      or mask:BITS (1 = known). On belief networks the value is then ln P (or its bound) of the known units.
      ais (every energy model): per row the forward AIS value ± its standard error; stderr shows forward and reverse
      mean ln P(v) with their effective runs, the interval, the gap and each warning, one line each, and a last JSON
      line {likelihood} holds them all (with how the figure was made). --base data|uniform picks the AIS base: the
      base rates of the rows scored (default) or the uniform distribution.
  attractor sample FILE [--method NAME] [--count N] [--sweeps K] [--temperature T] [--schedule S] [--clamp UNITS=BITS]
                   [--format json|csv] [--best] [--seed S] [--set key=value]...
      One JSON line per sample, {sample, bits} (visible units in order, 1 = on; --set units=all adds the hidden ones),
      or with --format csv a header of unit names and one row of 0/1 per sample. --schedule: geometric:FROM,TO,STEPS,SWEEPS,
      linear:FROM,TO,STEPS,SWEEPS or T:SWEEPS pairs (4:10,2:10,1:50); anneal needs one, and gibbs/metropolis anneal
      first when given one. --clamp holds visible units fixed: x1=1,0-2=101 or pattern:10?? (? = free). --best prints
      anneal's lowest-energy state of each chain instead of its final state.
  attractor evaluate FILE --data DATA [--method NAME] [--base data|uniform]
      One JSON line of figures: the mean of the method's value over the data and KL(P_data‖P_model) — exact (kl), an
      estimate (klEstimate) or, from lower bounds, an upper bound (klUpperBound); exact on energy models adds log Z.
      ais adds {likelihood}: forward and reverse, interval, gap, effective runs, warnings and provenance (also on stderr).
      The diagram must carry trained parameters (or, in a project, name one with --checkpoint RUN:STEP).
      On a project file each is stored as a job (a run of its kind with its outputs). Default method: exact where it
      applies. --set key=value sets any method setting; methods and settings (defaults first):
${methodHelp()}`;

/** attractor infer|sample|evaluate FILE … */
export function methodCommand(kind: MethodKind): (argv: string[]) => Promise<number> {
  return async (argv) => {
    const args = parseArgs(argv, {
      values: ['data', 'method', 'diagram', 'backend', 'seed', 'rows', 'checkpoint', 'format', 'base', ...NUMBER_OPTIONS, ...TEXT_OPTIONS],
      repeatable: ['set'],
      flags: ['best'],
    });
    const [file, ...extra] = args.positionals;
    if (!file) throw new UsageError(`${kind} needs a FILE (diagram JSON or .attractor project)`);
    if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
    if (kind !== 'sample' && (args.values.format !== undefined || args.flags.has('best'))) throw new UsageError(`--format and --best apply to sample`);
    if (kind === 'sample') sampleFormat(args);
    return (await isProjectFile(file).catch(() => false)) ? inProject(kind, file, args) : inProcess(kind, file, args);
  };
}
