import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../../engine/compiler/compile';
import { summarize } from '../../../engine/compiler/summary';
import type { CompiledModel } from '../../../engine/compiler/types';
import type { Diagram } from '../../../engine/diagram/types';
import { algorithmsFor } from '../../../engine/train/catalog';
import { listExamples, loadExample, type ExampleContent } from '../../../projects/examples';
import { useTestBackend } from '../../engine/helpers/models';

/** What each example must compile to, the algorithm that trains it, and how its one dataset looks. */
const EXPECTED: Record<string, { summary: string; algorithm: string; rows: number; imageShape?: { rows: number; cols: number } }> = {
  'xor-boltzmann': { summary: 'Boltzmann machine · 7 units · 21 couplings', algorithm: 'boltzmann-exact', rows: 4 },
  'hopfield-retrieval': { summary: 'Hopfield network · 64 units · 2,016 couplings', algorithm: 'hebb', rows: 4, imageShape: { rows: 8, cols: 8 } },
  'peterson-anderson-xor': { summary: 'restricted Boltzmann machine · 7 units · 12 couplings', algorithm: 'meanfield-boltzmann', rows: 4 },
  'rbm-bars-stripes': { summary: 'restricted Boltzmann machine · 17 units · 72 couplings', algorithm: 'cd', rows: 14, imageShape: { rows: 3, cols: 3 } },
  'rbm-digits': { summary: 'restricted Boltzmann machine · 848 units · 50,176 couplings', algorithm: 'cd', rows: 6000, imageShape: { rows: 28, cols: 28 } },
  'sbn-2-4-6': { summary: 'sigmoid belief network · 3 layers · 12 units · 32 links', algorithm: 'sbn-meanfield', rows: 1 },
  'sbn-digits': { summary: 'sigmoid belief network · 3 layers · 96 units · 1,728 links', algorithm: 'sbn-attractor', rows: 8500, imageShape: { rows: 8, cols: 8 } },
  'dbn-digits': { summary: 'Boltzmann machine · 136 units · 4,224 couplings', algorithm: 'dbn-greedy', rows: 8500, imageShape: { rows: 8, cols: 8 } },
};

const loaded = new Map<string, ExampleContent>();

beforeAll(async () => {
  await useTestBackend();
  for (const { id } of listExamples()) loaded.set(id, (await loadExample(id))!);
}, 120_000);

function compiled(diagram: Diagram): CompiledModel {
  const result = compile(diagram);
  if (!result.ok) throw new Error(`${diagram.name} does not compile: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  expect(result.warnings).toEqual([]);
  return result.model;
}

/** Top edge of each node by role; a layer counts by its role. */
function rowsByRole(diagram: Diagram): { visible: number[]; hidden: number[] } {
  const rows = { visible: [] as number[], hidden: [] as number[] };
  for (const node of diagram.nodes) if (node.kind !== 'rbm') rows[node.role].push(node.position.y);
  return rows;
}

describe('every bundled example', () => {
  it('one per family of the issue, each with a description and a one-line "try this"', () => {
    const examples = listExamples();
    expect(examples.map((e) => e.id)).toEqual(Object.keys(EXPECTED));
    for (const example of examples) {
      expect(example.description.length).toBeGreaterThan(40);
      expect(example.tryThis).toMatch(/^[A-Z].{30,160}[.a-z0-9)]$/);
      expect(example.tryThis).not.toContain('\n');
    }
  });

  it.each(Object.keys(EXPECTED))('%s compiles to its family, is offered its algorithm, and carries a dataset as wide as its visible units', (id) => {
    const example = loaded.get(id)!;
    const expected = EXPECTED[id];
    expect(example.diagrams).toHaveLength(1);
    expect(example.datasets).toHaveLength(1);
    const model = compiled(example.diagrams[0]);
    expect(summarize(model)).toBe(expected.summary);
    expect(algorithmsFor(model).map((a) => a.name)).toContain(expected.algorithm);
    const [dataset] = example.datasets;
    expect(dataset.width).toBe(model.visibleIndices.length);
    expect(dataset.rowCount).toBe(expected.rows);
    expect(dataset.bits).toHaveLength(dataset.rowCount * dataset.width);
    expect(dataset.bits.every((bit) => bit === 0 || bit === 1)).toBe(true);
    expect(dataset.imageShape).toEqual(expected.imageShape);
    // The visible layer is drawn in the dataset's image shape.
    const visibleLayer = example.diagrams[0].nodes.find((n) => n.kind === 'layer' && n.role === 'visible');
    if (expected.imageShape) expect(visibleLayer).toMatchObject({ imageShape: expected.imageShape });
  });

  it('lays out layers as rows: visible units below the hidden ones in the RBMs, belief nets and the stack; no two nodes overlap', () => {
    for (const [id, example] of loaded) {
      const diagram = example.diagrams[0];
      const { visible, hidden } = rowsByRole(diagram);
      if (['rbm-bars-stripes', 'rbm-digits', 'sbn-2-4-6', 'sbn-digits', 'dbn-digits'].includes(id)) {
        expect(Math.min(...visible), id).toBeGreaterThan(Math.max(...hidden));
      }
      const boxes = diagram.nodes.map((n) => ({ ...n.position, w: n.kind === 'unit' ? 64 : 208, h: n.kind === 'unit' ? 64 : 80 }));
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, b] = [boxes[i], boxes[j]];
          const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
          expect(apart, `${id}: ${diagram.nodes[i].label} and ${diagram.nodes[j].label}`).toBe(true);
        }
      }
    }
  });

  it('Peterson & Anderson: output y on top, the hidden row, inputs x1 and x2 below — and the inputs are the first two visible units', () => {
    const diagram = loaded.get('peterson-anderson-xor')!.diagrams[0];
    const y = (label: string) => diagram.nodes.find((n) => n.label === label)!.position.y;
    expect(y('y')).toBeLessThan(y('h1'));
    expect(new Set(['h1', 'h2', 'h3', 'h4'].map(y)).size).toBe(1);
    expect(y('h1')).toBeLessThan(y('x1'));
    expect(y('x1')).toBe(y('x2'));
    const model = compiled(diagram);
    expect(model.nodes.filter((n) => n.visible.end > n.visible.start).map((n) => n.label)).toEqual(['x1', 'x2', 'y']);
  });

  it('opens untrained except the 2-4-6 network, which carries the random weights and biases the Compare view evaluates', () => {
    for (const [id, example] of loaded) expect(example.diagrams[0].parameters === undefined, id).toBe(id !== 'sbn-2-4-6');
  });

  it('hands out the same content each time (seeded, fixed ids), as fresh copies', async () => {
    for (const id of ['hopfield-retrieval', 'sbn-2-4-6', 'rbm-bars-stripes']) {
      const again = (await loadExample(id))!;
      expect(again).toStrictEqual(loaded.get(id));
      again.datasets[0].bits[0] ^= 1;
      expect((await loadExample(id))!.datasets[0].bits[0]).toBe(loaded.get(id)!.datasets[0].bits[0]);
    }
  });

  it('digits: the mnist package’s images with labels 0–9 and its fixed train/test split', () => {
    for (const id of ['rbm-digits', 'sbn-digits', 'dbn-digits']) {
      const [dataset] = loaded.get(id)!.datasets;
      const testRows = dataset.split!.reduce((n, s) => n + s, 0);
      expect(testRows, id).toBe(id === 'rbm-digits' ? 1000 : 1500);
      expect(new Set(dataset.labels)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
      expect(dataset.origin?.method).toBe('mnist');
    }
  });
});
