import { parametersFromModel } from '../../engine/model/parameters';
import { inferExact } from '../../engine/infer/exact';
import { EXACT_UNIT_LIMIT } from '../../engine/train/catalog';
import { checkDatasetFits } from '../services/trainingInputs';
import { parseArgs, UsageError } from './args';
import { InputError, loadDataset, loadDiagram } from './inputs';
import { compileOrFail, startBackend } from './model';
import { writeStdout } from './output';

const METHODS = ['exact'];

/** attractor infer FILE --data DATA --method exact: one JSON line per data row, {row, logProbability, hiddenMeans}. */
export async function inferCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ['data', 'method', 'diagram', 'backend'] });
  const [file, ...extra] = args.positionals;
  if (!file) throw new UsageError('infer needs a FILE (diagram JSON or .attractor project with trained parameters)');
  if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
  if (!args.values.data) throw new UsageError('infer needs --data (a CSV file or a builtin dataset name)');
  const method = args.values.method ?? 'exact';
  if (!METHODS.includes(method)) throw new UsageError(`--method must be one of ${METHODS.join(', ')}; got '${method}'`);
  const diagram = await loadDiagram(file, args.values.diagram);
  const model = compileOrFail(diagram, file);
  if (model.type !== 'energy') throw new InputError(`${file}: exact inference applies to energy models; this is a sigmoid belief network`);
  if (model.unitCount > EXACT_UNIT_LIMIT) {
    throw new InputError(`${file}: exact inference enumerates 2^N states and handles at most ${EXACT_UNIT_LIMIT} units; this model has ${model.unitCount}`);
  }
  const params = parametersFromModel(model);
  const complete =
    params !== undefined &&
    model.weightBlocks.every((b) => params.weights[b.key] !== undefined) &&
    model.biasBlocks.every((b) => params.biases[b.nodeId] !== undefined);
  if (!params || !complete) {
    throw new InputError(`${file}: diagram '${diagram.name}' carries no trained parameters; train it first (attractor train … --out FILE)`);
  }
  const dataset = await loadDataset(args.values.data, model.visibleIndices.length);
  checkDatasetFits(model, dataset, diagram.name);
  await startBackend(args.values.backend);
  const rows = inferExact(model, params, dataset);
  await writeStdout(rows.map((r, i) => `${JSON.stringify({ row: i + 1, logProbability: r.logProbability, hiddenMeans: r.hiddenMeans })}\n`).join(''));
  return 0;
}
