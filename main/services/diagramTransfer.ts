/** project:importDiagram and project:exportDiagram: diagrams in and out of the open project as plain diagram JSON. */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { diagramId, freshId } from '../../engine/diagram/ids';
import { parseDiagramText } from '../../engine/diagram/parse';
import type { Diagram } from '../../engine/diagram/types';
import { temporarySibling } from '../../projects/storage/paths';
import { argObject, argString, type ChannelHandlers } from './channelArgs';
import { ServiceError, toApiError } from './errors';
import type { RunHost } from './runHost';

/** Largest diagram file read (a 784×500 RBM with parameters as JSON is about 8 MB). */
const MAX_DIAGRAM_FILE_BYTES = 256 * 1024 * 1024;

async function readDiagramFile(path: string): Promise<string> {
  try {
    const text = await readFile(path, 'utf8');
    if (text.length > MAX_DIAGRAM_FILE_BYTES) throw new ServiceError('invalid-argument', `${path} is too large to be a diagram file.`);
    return text;
  } catch (error) {
    if (error instanceof ServiceError) throw error;
    throw new ServiceError('io', `Cannot read ${path}: ${toApiError(error).message}`);
  }
}

/** Writes through a temporary sibling and a rename, so a failed write never leaves half a file. */
async function writeDiagramFile(path: string, text: string): Promise<void> {
  const temp = temporarySibling(path, 'export');
  try {
    await writeFile(temp, text);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new ServiceError('io', `Cannot write ${path}: ${toApiError(error).message} Choose another location.`);
  }
}

export function diagramTransferHandlers(host: RunHost): ChannelHandlers<'project:importDiagram' | 'project:exportDiagram'> {
  return {
    'project:importDiagram': async (arg) => {
      const { json, path } = argObject<{ json?: unknown; path?: unknown }>(arg, 'project:importDiagram', '{ json } or { path }');
      if ((typeof json === 'string') === (typeof path === 'string')) {
        throw new ServiceError('invalid-argument', 'project:importDiagram needs either { json: string } or { path: string }.');
      }
      const source = typeof path === 'string' ? resolve(path) : 'the diagram JSON';
      const parsed = parseDiagramText(typeof path === 'string' ? await readDiagramFile(source) : (json as string));
      if (!parsed.ok) {
        const problems = parsed.errors.slice(0, 5).map((e) => `${e.path}: ${e.message}`).join('; ');
        throw new ServiceError('invalid-diagram', `${source} is not a valid diagram: ${problems}.`);
      }
      const project = host.requireProject();
      return host.withProject(project, async (store) => {
        const taken = new Set((await store.listDiagrams()).map((d) => d.id));
        const diagram: Diagram = taken.has(parsed.diagram.id) ? { ...parsed.diagram, id: diagramId(freshId('diagram')) } : parsed.diagram;
        await store.putDiagram(diagram);
        await host.markDirty(project);
        return diagram;
      });
    },
    'project:exportDiagram': async (arg) => {
      const id = argString(arg, 'project:exportDiagram', 'diagramId');
      const path = (arg as { path?: unknown }).path;
      if (path !== undefined && (typeof path !== 'string' || path === '')) throw new ServiceError('invalid-argument', 'project:exportDiagram path must be a file path.');
      const project = host.requireProject();
      const diagram = await host.withProject(project, async (store) => (await store.listDiagrams()).find((d) => d.id === id));
      if (!diagram) throw new ServiceError('not-found', `No diagram with id '${id}' in this project.`);
      const json = `${JSON.stringify(diagram, null, 2)}\n`;
      if (typeof path !== 'string') return { json };
      const target = resolve(path);
      await writeDiagramFile(target, json);
      return { json, path: target };
    },
  };
}
