/** attractor project new|info FILE: create a project file, or describe one without changing it. */
import { compile } from '../../engine/compiler/compile';
import { summarize } from '../../engine/compiler/summary';
import { diagramId, freshId } from '../../engine/diagram/ids';
import type { Diagram } from '../../engine/diagram/types';
import { listExamples, loadExample } from '../../projects/examples/index';
import { createProject } from '../../projects/storage/openProject';
import { liveLockOwner } from '../../projects/storage/writerLock';
import { PROJECT_SCHEMA_VERSION, type ProjectStore } from '../../projects/types';
import { RUN_SUMMARY_POINTS } from '../api/contract';
import { projectFilePath } from '../services/projectSession';
import { LIVE_STATUSES } from '../services/runViews';
import { parseArgs, UsageError } from './args';
import { InputError, readDiagramJson } from './inputs';
import { openProjectToRead } from './openForReading';
import { note, writeStdout } from './output';

export const PROJECT_HELP = `  attractor project new FILE [--name NAME] [--example ID] [--diagram DIAGRAM.json]...
      Creates a project file (.attractor is added when missing), empty or holding an example's diagrams and
      datasets and/or diagram JSON files; prints {path, name, schemaVersion, diagrams, datasets}.
      Examples: ${listExamples().map((e) => e.id).join(', ')}.
  attractor project info FILE
      Describes a project without changing it: name, schema, diagrams (compiled summary), datasets, runs
      (kind, algorithm or method, status, steps, last metrics, checkpoints) and outputs, as JSON. A run its
      process left queued, running or paused when that process is gone (no live writer lock) shows as
      interrupted, with storedStatus; the next command that opens the project for writing stores the mark.
`;

/** A diagram's compiled summary, or its first problem. */
function diagramLine(diagram: Diagram): { id: string; name: string; summary: string } {
  const result = compile(diagram);
  return { id: diagram.id, name: diagram.name, summary: result.ok ? summarize(result.model) : `does not compile: ${result.diagnostics[0]?.message ?? 'empty'}` };
}

/**
 * The status to report: a project read without its writer lock cannot mark a dead process's runs, so they are reported
 * 'interrupted' with `storedStatus` (what the file still says) when no live process holds the lock; the next command
 * that opens the project for writing stores the mark.
 */
function reportedStatus(status: string, writerAlive: boolean): { status: string; storedStatus?: string } {
  return !writerAlive && LIVE_STATUSES.includes(status) ? { status: 'interrupted', storedStatus: status } : { status };
}

async function describe(store: ProjectStore, writerAlive = true) {
  const [name, diagrams, datasets, runs, outputs] = await Promise.all([
    store.getName(),
    store.listDiagrams(),
    store.listDatasetInfos(0),
    store.listRuns(),
    store.listOutputs(),
  ]);
  return {
    path: store.path,
    name,
    schemaVersion: PROJECT_SCHEMA_VERSION,
    diagrams: diagrams.map(diagramLine),
    datasets: datasets.map((d) => ({ id: d.id, name: d.name, width: d.width, rows: d.rowCount, testRows: d.testCount })),
    runs: await Promise.all(
      runs.map(async (run) => {
        const [last] = await store.listMetrics(run.id, { fromStep: run.lastStep, toStep: run.lastStep });
        const checkpoints = await store.listCheckpoints(run.id);
        return {
          id: run.id,
          kind: run.kind,
          algorithm: run.algorithm,
          ...reportedStatus(run.status, writerAlive),
          steps: `${run.lastStep}/${run.totalSteps}`,
          seed: run.seed,
          backend: run.backend,
          startedAt: new Date(run.startedAt).toISOString(),
          activeSeconds: Number(run.activeSeconds.toFixed(3)),
          ...(run.parent ? { parent: run.parent } : {}),
          ...(run.error ? { error: run.error } : {}),
          lastMetrics: last?.values ?? null,
          checkpoints: checkpoints.map((c) => c.step).slice(-RUN_SUMMARY_POINTS),
        };
      }),
    ),
    outputs: outputs.map((o) => ({ id: o.id, runId: o.runId, kind: o.kind, name: o.name, ...(o.arrayShape ? { shape: o.arrayShape } : {}) })),
  };
}

async function newProject(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ['name', 'example'], repeatable: ['diagram'] });
  const [file, ...extra] = args.positionals;
  if (!file) throw new UsageError('project new needs a FILE');
  if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const example = args.values.example === undefined ? undefined : await loadExample(args.values.example);
  if (args.values.example !== undefined && !example) {
    throw new InputError(`no example '${args.values.example}'; examples: ${listExamples().map((e) => e.id).join(', ')}`);
  }
  const diagrams = [...(example?.diagrams ?? []), ...(await Promise.all((args.lists.diagram ?? []).map(readDiagramJson)))];
  const path = projectFilePath(file);
  const name = args.values.name ?? example?.name ?? path.replace(/^.*\//, '').replace(/\.attractor$/i, '');
  const store = await createProject(path, name).catch((error: unknown) => {
    throw new InputError(error instanceof Error ? error.message : String(error));
  });
  try {
    // As project:importDiagram does, a diagram whose id is taken gets a fresh one.
    const taken = new Set<string>();
    for (const diagram of diagrams) {
      await store.putDiagram(taken.has(diagram.id) ? { ...diagram, id: diagramId(freshId('diagram')) } : diagram);
      taken.add(diagram.id);
    }
    for (const dataset of example?.datasets ?? []) await store.putDataset(dataset);
    await writeStdout(`${JSON.stringify(await describe(store), null, 2)}\n`);
  } finally {
    await store.close();
  }
  return 0;
}

async function projectInfo(argv: string[]): Promise<number> {
  const args = parseArgs(argv, {});
  const [file, ...extra] = args.positionals;
  if (!file) throw new UsageError('project info needs a FILE');
  if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const store = await openProjectToRead(file);
  try {
    const writerAlive = (await liveLockOwner(store.path)) !== undefined;
    await writeStdout(`${JSON.stringify(await describe(store, writerAlive), null, 2)}\n`);
    // What is intact is listed; damaged records are named once on stderr and the exit code says the file is damaged.
    const skipped = store.skippedDamage ?? [];
    if (skipped.length > 0) {
      note(`attractor: left out as damaged: ${skipped.slice(0, 3).join(', ')}${skipped.length > 3 ? ` and ${skipped.length - 3} more` : ''}; the file was not changed`);
      return 1;
    }
  } finally {
    await store.close();
  }
  return 0;
}

/** attractor project new|info … */
export async function projectCommand(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === 'new') return newProject(rest);
  if (verb === 'info') return projectInfo(rest);
  throw new UsageError(verb === undefined ? 'project needs new or info' : `unknown project command '${verb}'; use new or info`);
}
