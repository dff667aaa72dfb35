/** Picking a project's diagram and dataset from command-line words; data given as a file or builtin name is added to the project. */
import { basename } from 'node:path';
import type { BinaryDataset } from '../../engine/data/dataset';
import { freshId } from '../../engine/diagram/ids';
import type { Diagram } from '../../engine/diagram/types';
import type { ProjectJobs } from './projectJobs';
import { InputError, loadDataset } from './inputs';

/** The diagram named by id or name (default: the first). */
export async function projectDiagram(jobs: ProjectJobs, file: string, select: string | undefined): Promise<Diagram> {
  const diagrams = await jobs.store.listDiagrams();
  const chosen = select === undefined ? diagrams[0] : diagrams.find((d) => d.id === select || d.name === select);
  if (!chosen) {
    const names = diagrams.map((d) => `'${d.name}' (${d.id})`).join(', ') || 'none';
    throw new InputError(`${file}: ${select === undefined ? 'the project has no diagram' : `no diagram '${select}'`}; diagrams: ${names}`);
  }
  return chosen;
}

/**
 * The id of the project dataset named `spec` (by id or name); otherwise `spec` is a builtin dataset or a CSV file, which
 * is stored in the project first (so the run it feeds can be reproduced from the project alone).
 */
export async function projectDatasetId(jobs: ProjectJobs, spec: string, visibleWidth: number, labelColumn?: string): Promise<{ id: string; added: boolean }> {
  const existing = (await jobs.store.listDatasetInfos(0)).find((d) => d.id === spec || d.name === spec);
  if (existing) return { id: existing.id, added: false };
  const loaded: BinaryDataset = await loadDataset(spec, visibleWidth, labelColumn);
  const dataset = { ...loaded, id: freshId('dataset'), name: loaded.name === spec ? basename(spec) : loaded.name };
  const project = jobs.host.requireProject();
  await jobs.host.withProject(project, (store) => store.putDataset(dataset));
  return { id: dataset.id, added: true };
}

/** "RUN:STEP" → a checkpoint reference. */
export function checkpointOption(raw: string | undefined): { runId: string; step: number } | undefined {
  if (raw === undefined) return undefined;
  const match = /^(.+):(\d+)$/.exec(raw);
  if (!match) throw new InputError(`--checkpoint must be RUN:STEP (see attractor project info); got '${raw}'`);
  return { runId: match[1], step: Number(match[2]) };
}
