import { diagramWithParameters, parametersFromModel } from '../../engine/model/parameters';
import type { SessionEstimate } from '../../engine/train/algorithm';
import { TrainingError, trainModel } from '../../engine/train/train';
import { checkWriteTarget, writeFileArgument } from '../services/fileArguments';
import { checkDatasetFits, engineConfig, resolveAlgorithm, resolveRunConfig } from '../services/trainingInputs';
import { integerOption, parseArgs, settingKinds, typedSettings, UsageError } from './args';
import { isProjectFile, loadDataset, loadDiagram } from './inputs';
import { likelihoodLines } from './likelihoodLines';
import { compileOrFail, startBackend } from './model';
import { note, writeStdout } from './output';
import { ProgressReporter } from './progress';
import { trainInProject } from './projectTrain';
import { StopSignals } from './stopSignals';

/** attractor train FILE --data DATA --algorithm NAME [--epochs N] [--seed S] [--set key=value]… [--out FILE] */
export async function trainCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ['data', 'algorithm', 'epochs', 'seed', 'out', 'diagram', 'backend', 'resume', 'checkpoint-every'], repeatable: ['set'], flags: ['force'] });
  const [file, ...extra] = args.positionals;
  if (!file) throw new UsageError('train needs a FILE (diagram JSON or .attractor project)');
  if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
  if (await isProjectFile(file).catch(() => false)) {
    if (args.values.out !== undefined) throw new UsageError('--out applies to diagram files; a project stores the trained parameters in its diagram');
    return trainInProject(file, args);
  }
  for (const option of ['resume', 'checkpoint-every']) {
    if (args.values[option] !== undefined) throw new UsageError(`--${option} applies to project files`);
  }
  if (!args.values.data) throw new UsageError('train needs --data (a CSV file or a builtin dataset name)');
  if (!args.values.algorithm) throw new UsageError('train needs --algorithm (e.g. boltzmann-exact)');
  // Refused before training, not after it: an existing --out is replaced only with --force.
  if (args.values.out) await checkWriteTarget(args.values.out, args.flags.has('force'), 'pass --force');
  const diagram = await loadDiagram(file, args.values.diagram);
  const model = compileOrFail(diagram, file);
  const info = resolveAlgorithm(model, args.values.algorithm);
  const dataset = await loadDataset(args.values.data, model.visibleIndices.length);
  checkDatasetFits(model, dataset, diagram.name);
  const epochs = integerOption(args, 'epochs', info.defaultEpochs, 1, 100_000_000);
  const seed = integerOption(args, 'seed', 1, 0, 2 ** 32 - 1);
  const config = engineConfig(resolveRunConfig(info, typedSettings(args.lists.set, settingKinds(info)), 'current'));
  const backend = await startBackend(args.values.backend);

  const controller = new AbortController();
  const signals = new StopSignals();
  signals.whenStopped(() => controller.abort());
  const progress = new ProgressReporter('epoch');
  let firstEpochMetrics: Record<string, number> | undefined;
  let metrics: Record<string, number> = {};
  // The training monitor's last likelihood estimate (cd/pcd with aisEvery > 0), printed after the run.
  let lastEstimate: (SessionEstimate & { step: number }) | undefined;
  const started = performance.now();
  try {
    const trained = await trainModel(model, dataset, { algorithm: info.name, epochs, seed, config }, parametersFromModel(model), {
      signal: controller.signal,
      onEpoch: (epoch) => {
        firstEpochMetrics ??= epoch.metrics;
        metrics = epoch.metrics;
        const estimate = epoch.estimates.at(-1);
        if (estimate) lastEstimate = { ...estimate, step: epoch.step };
        progress.update(epoch.step, epochs, epoch.metrics);
      },
    });
    progress.finish();
    if (lastEstimate) for (const line of [`${lastEstimate.name}:`, ...likelihoodLines(lastEstimate.likelihood)]) note(line);
    const seconds = (performance.now() - started) / 1000;
    if (args.values.out) {
      await writeFileArgument(args.values.out, `${JSON.stringify(diagramWithParameters(diagram, trained), null, 2)}\n`, args.flags.has('force'), 'pass --force');
      note(`trained diagram written to ${args.values.out}`);
    }
    const estimate = lastEstimate && { step: lastEstimate.step, name: lastEstimate.name, likelihood: lastEstimate.likelihood };
    const summary = { backend, algorithm: info.name, epochs, seed, config, metrics, firstEpochMetrics, seconds, ...(estimate ? { lastEstimate: estimate } : {}) };
    await writeStdout(`${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  } catch (error) {
    progress.finish();
    // A diverged objective stops back at the best epoch; those parameters are what --out keeps, as a project would.
    if (error instanceof TrainingError && error.lastGoodStep !== undefined && error.lastGood && args.values.out) {
      await writeFileArgument(args.values.out, `${JSON.stringify(diagramWithParameters(diagram, error.lastGood), null, 2)}\n`, args.flags.has('force'), 'pass --force');
      note(`the diagram with the parameters of epoch ${error.lastGoodStep} written to ${args.values.out}`);
    }
    throw error;
  } finally {
    signals.dispose();
  }
}
