/** project:importDiagram and project:exportDiagram: diagrams in and out of the open project as plain diagram JSON. */
import { resolve } from 'node:path';
import { diagramId, freshId } from '../../engine/diagram/ids';
import { parseDiagramText } from '../../engine/diagram/parse';
import type { Diagram } from '../../engine/diagram/types';
import { summarizeList } from '../../engine/text/boundedText';
import { argObject, argString, type ChannelHandlers } from './channelArgs';
import { ServiceError } from './errors';
import { FILE_LIMITS, readTextFileArgument, writeFileArgument } from './fileArguments';
import type { RunHost } from './runHost';

export function diagramTransferHandlers(host: RunHost): ChannelHandlers<'project:importDiagram' | 'project:exportDiagram'> {
  return {
    'project:importDiagram': async (arg) => {
      const { json, path } = argObject<{ json?: unknown; path?: unknown }>(arg, 'project:importDiagram', '{ json } or { path }');
      if ((typeof json === 'string') === (typeof path === 'string')) {
        throw new ServiceError('invalid-argument', 'project:importDiagram needs either { json: string } or { path: string }.');
      }
      const source = typeof path === 'string' ? resolve(path) : 'the diagram JSON';
      const parsed = parseDiagramText(typeof path === 'string' ? await readTextFileArgument(source, FILE_LIMITS.diagram) : (json as string));
      if (!parsed.ok) {
        const problems = summarizeList(parsed.errors.map((e) => `${e.path}: ${e.message}`));
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
      const { path, overwrite } = arg as { path?: unknown; overwrite?: unknown };
      if (path !== undefined && (typeof path !== 'string' || path === '')) throw new ServiceError('invalid-argument', 'project:exportDiagram path must be a file path.');
      const project = host.requireProject();
      const diagram = await host.withProject(project, async (store) => (await store.listDiagrams()).find((d) => d.id === id));
      if (!diagram) throw new ServiceError('not-found', `No diagram with id '${id}' in this project.`);
      const json = `${JSON.stringify(diagram, null, 2)}\n`;
      if (typeof path !== 'string') return { json };
      const target = resolve(path);
      await writeFileArgument(target, json, overwrite === true, 'pass overwrite: true');
      return { json, path: target };
    },
  };
}
