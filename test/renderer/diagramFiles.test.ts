import { describe, expect, it } from 'vitest';
import { diagramFileName, diagramFileText, readDiagramFile } from '../../renderer/src/app/diagramFiles';
import { smallDiagram, smallParameters } from './fixtures';

describe('diagram JSON files', () => {
  it('names the file after the diagram, safely', () => {
    expect(diagramFileName('RBM 16×8')).toBe('RBM-16x8.diagram.json');
    expect(diagramFileName('a/b: c?')).toBe('ab-c.diagram.json');
    expect(diagramFileName('  ')).toBe('diagram.diagram.json');
  });

  it('reads back exactly what it writes', () => {
    const diagram = smallDiagram(smallParameters());
    expect(readDiagramFile('x.json', diagramFileText(diagram))).toEqual({ ok: true, diagram });
  });

  it('names the file and the first problems with their JSON paths', () => {
    const broken = { ...smallDiagram(), nodes: [{ ...smallDiagram().nodes[0], kind: 'neuron' }] };
    const read = readDiagramFile('broken.json', JSON.stringify(broken));
    expect(read.ok).toBe(false);
    expect(!read.ok && read.message).toMatch(/^broken\.json is not a diagram this version can read: \$\.nodes\[0\]\.kind: /);
    const syntax = readDiagramFile('bad.json', '{"format": ');
    expect(!syntax.ok && syntax.message).toMatch(/line 1/);
  });
});
