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
  // A builtin (or the same file) named again on every run is stored once: a dataset with its name and rows is reused.
  for (const info of await jobs.store.listDatasetInfos(0)) {
    if (info.name !== dataset.name || info.width !== dataset.width || info.rowCount !== dataset.rowCount) continue;
    const stored = await jobs.store.getDataset(info.id);
    if (stored && sameRows(stored, dataset)) return { id: info.id, added: false };
  }
  const project = jobs.host.requireProject();
  await jobs.host.withProject(project, (store) => store.putDataset(dataset));
  return { id: dataset.id, added: true };
}

function sameArray(a: ArrayLike<number> | undefined, b: ArrayLike<number> | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether two datasets hold the same rows, labels, label names, test split and image shape. */
function sameRows(a: BinaryDataset, b: BinaryDataset): boolean {
  return (
    a.width === b.width &&
    sameArray(a.bits, b.bits) &&
    sameArray(a.labels, b.labels) &&
    sameArray(a.split, b.split) &&
    (a.labelNames ?? []).join('\n') === (b.labelNames ?? []).join('\n') &&
    a.imageShape?.rows === b.imageShape?.rows &&
    a.imageShape?.cols === b.imageShape?.cols
  );
}

/** "RUN:STEP" → a checkpoint reference. */
export function checkpointOption(raw: string | undefined): { runId: string; step: number } | undefined {
  if (raw === undefined) return undefined;
  const match = /^(.+):(\d+)$/.exec(raw);
  if (!match) throw new InputError(`--checkpoint must be RUN:STEP (see attractor project info); got '${raw}'`);
  return { runId: match[1], step: Number(match[2]) };
}
