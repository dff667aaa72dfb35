/** attractor train PROJECT.attractor …: a training run stored in the project, as the app would run it. */
import type { BackendName } from '../../engine/backend/selectBackend';
import { resolveAlgorithm } from '../services/trainingInputs';
import { integerOption, settingKinds, typedSettings, UsageError, type ParsedArgs } from './args';
import { compileOrFail } from './model';
import { note, writeStdout } from './output';
import { withProjectJobs } from './projectJobs';
import { projectDatasetId, projectDiagram } from './projectInputs';

/** Exit code of a run that ended: 0 completed, 130 cancelled (Ctrl-C), 1 failed (its error on stderr). */
function exitCode(status: string, error: string | undefined): number {
  if (status === 'completed') return 0;
  if (status === 'cancelled') {
    note('attractor: the run was cancelled; resume it with attractor train FILE --resume RUN');
    return 130;
  }
  note(`attractor: ${error ?? `the run ended ${status}`}`);
  return 1;
}

export async function trainInProject(file: string, args: ParsedArgs): Promise<number> {
  return withProjectJobs(file, args.values.backend as BackendName | undefined, async (jobs) => {
    let started;
    if (args.values.resume !== undefined) {
      started = await jobs.runs.resume(args.values.resume);
    } else {
      if (!args.values.data) throw new UsageError('train needs --data (a dataset of the project, a CSV file or a builtin dataset name)');
      if (!args.values.algorithm) throw new UsageError('train needs --algorithm (e.g. boltzmann-exact)');
      const diagram = await projectDiagram(jobs, file, args.values.diagram);
      const model = compileOrFail(diagram, file);
      const info = resolveAlgorithm(model, args.values.algorithm);
      const config = typedSettings(args.lists.set, settingKinds(info));
      if (args.values['checkpoint-every'] !== undefined) config.checkpointEvery = integerOption(args, 'checkpoint-every', 50, 0, 100_000_000);
      const dataset = await projectDatasetId(jobs, args.values.data, model.visibleIndices.length);
      if (dataset.added) note(`dataset ${args.values.data} added to the project as ${dataset.id}`);
      started = await jobs.runs.start({
        diagramId: diagram.id,
        datasetId: dataset.id,
        algorithm: info.name,
        epochs: integerOption(args, 'epochs', info.defaultEpochs, 1, 100_000_000),
        seed: integerOption(args, 'seed', 1, 0, 2 ** 32 - 1),
        config,
      });
    }
    note(`run ${started.id} stored in ${jobs.store.path}`);
    const { run } = await jobs.follow(started, 'epoch');
    note(`backend: ${run.backend}`);
    const series = await jobs.runs.metrics(run.id, {});
    const checkpoints = await jobs.runs.checkpoints(run.id);
    await writeStdout(
      `${JSON.stringify(
        {
          project: jobs.store.path,
          runId: run.id,
          status: run.status,
          backend: run.backend,
          algorithm: run.algorithm,
          epochs: run.totalSteps,
          lastStep: run.lastStep,
          seed: run.seed,
          config: run.config,
          metrics: series.at(-1)?.values ?? {},
          // A run continuing another starts with the parent's series: its own first epoch follows the parent's step.
          firstEpochMetrics: series.find((point) => point.step > (run.parent?.step ?? 0))?.values ?? {},
          seconds: run.activeSeconds,
          checkpoints: checkpoints.map((c) => c.step),
          ...(run.parent ? { parent: run.parent } : {}),
        },
        null,
        2,
      )}\n`,
    );
    return exitCode(run.status, run.error);
  });
}
