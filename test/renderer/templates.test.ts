import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/compiler/compile';
import { summarize } from '../../engine/compiler/summary';
import { diagramId } from '../../engine/diagram/ids';
import { parseDiagram } from '../../engine/diagram/parse';
import type { Diagram } from '../../engine/diagram/types';
import { defaultValues, fieldProblem, parseSizes, TEMPLATES, templateById, type TemplateValues } from '../../renderer/src/templates/templates';

function diagramOf(id: string, values?: TemplateValues): Diagram {
  const template = templateById(id)!;
  const sub = template.build(values ?? defaultValues(template));
  return { format: 'attractor-diagram', version: 1, id: diagramId('t'), name: 't', settings: { encoding: template.encoding }, nodes: sub.nodes, edges: sub.edges };
}

function summaryOf(id: string, values?: TemplateValues): string {
  const result = compile(diagramOf(id, values));
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return summarize(result.model);
}

describe('templates compile to the network they name', () => {
  it.each([
    ['hopfield', { units: 8 }, 'Hopfield network · 8 units · 28 couplings'],
    ['hopfield', { units: 100 }, 'Hopfield network · 100 units · 4,950 couplings'],
    ['rbm', { visible: 784, hidden: 500 }, 'restricted Boltzmann machine · 1,284 units · 392,000 couplings'],
    ['dbn', { sizes: [16, 12, 8] }, 'Boltzmann machine · 36 units · 288 couplings'],
    ['sbn', { sizes: [8, 24, 64] }, 'sigmoid belief network · 3 layers · 96 units · 1,728 links'],
    ['boltzmann', { visible: 3, hidden: 4 }, 'Boltzmann machine · 7 units · 21 couplings'],
    ['boltzmann', { visible: 10, hidden: 10 }, 'Boltzmann machine · 20 units · 190 couplings'],
    ['peterson-anderson', { hidden: 4 }, 'restricted Boltzmann machine · 7 units · 12 couplings'],
  ])('%s %j → %s', (id, values, expected) => {
    expect(summaryOf(id, values as TemplateValues)).toBe(expected);
  });

  it('every template with its default sizes is a valid saved diagram with unique ids and no overlapping nodes', () => {
    for (const template of TEMPLATES) {
      const diagram = diagramOf(template.id);
      const parsed = parseDiagram(JSON.parse(JSON.stringify(diagram)));
      expect(parsed.ok, template.id).toBe(true);
      const positions = diagram.nodes.map((n) => `${n.position.x},${n.position.y}`);
      expect(new Set(positions).size, template.id).toBe(positions.length);
      expect(compile(diagram).ok, template.id).toBe(true);
    }
  });

  it('the SBN lists layers top first: the last is visible and each layer is the parent of the next', () => {
    const diagram = diagramOf('sbn', { sizes: [8, 24, 64] });
    const bySize = new Map(diagram.nodes.map((n) => [n.kind === 'layer' ? n.size : 0, n]));
    expect(bySize.get(64)).toMatchObject({ role: 'visible', imageShape: { rows: 8, cols: 8 } });
    expect(bySize.get(8)).toMatchObject({ role: 'hidden' });
    expect(diagram.edges.map((e) => [e.source, e.target])).toEqual([
      [bySize.get(8)!.id, bySize.get(24)!.id],
      [bySize.get(24)!.id, bySize.get(64)!.id],
    ]);
    expect(bySize.get(8)!.position.y).toBeLessThan(bySize.get(64)!.position.y);
  });

  it('Peterson & Anderson: x1, x2 and y visible, every hidden unit coupled to each of them, no other couplings', () => {
    const diagram = diagramOf('peterson-anderson');
    const label = (id: string) => diagram.nodes.find((n) => n.id === id)!.label;
    const pairs = diagram.edges.map((e) => [label(e.source), label(e.target)].sort().join('–')).sort();
    const expected = ['h1', 'h2', 'h3', 'h4'].flatMap((h) => ['x1', 'x2', 'y'].map((v) => [h, v].sort().join('–'))).sort();
    expect(pairs).toEqual(expected);
  });
});

describe('template dialog values', () => {
  it('parses layer sizes written with dashes, commas or spaces, and refuses anything else', () => {
    expect(parseSizes('8-24-64')).toEqual([8, 24, 64]);
    expect(parseSizes(' 8, 24 64 ')).toEqual([8, 24, 64]);
    expect(parseSizes('8-x-64')).toBeUndefined();
    expect(parseSizes('8-0')).toBeUndefined();
    expect(parseSizes('')).toBeUndefined();
  });

  it('names the problem of an invalid size', () => {
    const rbm = templateById('rbm')!;
    expect(fieldProblem(rbm.fields[0], 0)).toMatch(/between 1 and/);
    expect(fieldProblem(rbm.fields[0], 2.5)).toMatch(/whole number/);
    expect(fieldProblem(rbm.fields[0], 16)).toBeUndefined();
    const sbn = templateById('sbn')!;
    expect(fieldProblem(sbn.fields[0], [8])).toMatch(/at least 2 layers/);
    expect(fieldProblem(sbn.fields[0], undefined)).toMatch(/e\.g\. 8-24-64/);
  });
});
