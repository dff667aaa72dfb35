import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/compiler/compile';
import type { CompiledModel } from '../../engine/compiler/types';
import { diagramId } from '../../engine/diagram/ids';
import { LIGHT_PALETTE, thumbnailGrid, thumbnailPixels } from '../../renderer/src/canvas/thumbnail';
import { exactFeasibility } from '../../renderer/src/store/feasibility';
import { createLiveActivations } from '../../renderer/src/store/liveActivations';
import { adjacentNode, readingOrder } from '../../renderer/src/store/navigation';
import { extractSubgraph, freshLabels, instantiateSubgraph } from '../../renderer/src/store/subgraph';
import { defaultValues, templateById } from '../../renderer/src/templates/templates';
import { counterIds, smallDiagram } from './fixtures';

function model(templateId: string, values?: Record<string, number | number[]>): CompiledModel {
  const template = templateById(templateId)!;
  const sub = template.build(values ?? defaultValues(template));
  const result = compile({ format: 'attractor-diagram', version: 1, id: diagramId('t'), name: 't', settings: { encoding: 'pm1' }, ...sub });
  if (!result.ok) throw new Error('does not compile');
  return result.model;
}

describe('exact-evaluation feasibility', () => {
  it('energy models enumerate all units; RBMs the smaller layer; belief nets the hidden units', () => {
    expect(exactFeasibility(model('boltzmann', { visible: 3, hidden: 4 }))).toMatchObject({ feasible: true, enumeratedUnits: 7, text: 'feasible: 2^7 = 128 states' });
    expect(exactFeasibility(model('rbm', { visible: 784, hidden: 20 }))).toMatchObject({ feasible: true, enumeratedUnits: 20 });
    expect(exactFeasibility(model('rbm', { visible: 784, hidden: 500 }))).toMatchObject({ feasible: false, enumeratedUnits: 500 });
    expect(exactFeasibility(model('sbn', { sizes: [8, 24, 64] }))).toMatchObject({ feasible: false, enumeratedUnits: 32 });
    expect(exactFeasibility(model('sbn', { sizes: [4, 6, 16] }))).toMatchObject({ feasible: true, enumeratedUnits: 10 });
    expect(exactFeasibility(model('hopfield', { units: 25 })).feasible).toBe(false);
    expect(exactFeasibility(model('hopfield', { units: 24 })).feasible).toBe(true);
  });
});

describe('layer thumbnails', () => {
  it('use the image shape when it fits, else the most nearly square grid', () => {
    expect(thumbnailGrid(784, { rows: 28, cols: 28 })).toEqual({ rows: 28, cols: 28 });
    expect(thumbnailGrid(10)).toEqual({ rows: 3, cols: 4 });
    expect(thumbnailGrid(1)).toEqual({ rows: 1, cols: 1 });
    expect(thumbnailGrid(12, { rows: 5, cols: 5 })).toEqual({ rows: 3, cols: 4 });
  });

  it('draw biases on a diverging scale about 0, activations from paper to ink, and leave padding transparent', () => {
    const grid = { rows: 1, cols: 4 };
    const biases = thumbnailPixels(3, grid, { kind: 'biases', values: [-2, 0, 1] }, LIGHT_PALETTE);
    expect([...biases.slice(0, 4)]).toEqual([...LIGHT_PALETTE.negative, 255]);
    expect([...biases.slice(4, 8)]).toEqual([...LIGHT_PALETTE.middle, 255]);
    const half = LIGHT_PALETTE.middle.map((m, i) => Math.round(m + (LIGHT_PALETTE.positive[i] - m) * 0.5));
    expect([...biases.slice(8, 12)]).toEqual([...half, 255]);
    expect([...biases.slice(12, 16)]).toEqual([0, 0, 0, 0]);
    const activations = thumbnailPixels(2, { rows: 1, cols: 2 }, { kind: 'activations', values: [0, 1.5] }, LIGHT_PALETTE);
    expect([...activations]).toEqual([...LIGHT_PALETTE.off, 255, ...LIGHT_PALETTE.on, 255]);
  });

  it('live activations notify only the node they belong to, and clear() notifies every node that had some', () => {
    const live = createLiveActivations();
    const seen: string[] = [];
    live.subscribe('a', () => seen.push('a'));
    live.subscribe('b', () => seen.push('b'));
    live.set('a', new Float32Array([0.5]));
    expect(live.get('a')).toEqual(new Float32Array([0.5]));
    expect(seen).toEqual(['a']);
    live.clear();
    expect(seen).toEqual(['a', 'a']);
    expect(live.get('a')).toBeUndefined();
  });
});

describe('keyboard navigation and sub-graphs', () => {
  it('walks nodes in reading order, wrapping around', () => {
    const s = smallDiagram();
    expect(readingOrder(s)).toEqual(['v1', 'v2', 'h1']);
    expect(adjacentNode(s, [], 1)).toBe('v1');
    expect(adjacentNode(s, [], -1)).toBe('h1');
    expect(adjacentNode(s, ['v1', 'h1'], 1)).toBe('v1');
    expect(adjacentNode(s, ['v2'], -1)).toBe('v1');
  });

  it('copies keep numbering: v1 becomes v3 when v1 and v2 exist; copies of one paste do not clash with each other', () => {
    expect(freshLabels(['v1', 'v2', 'h1'], ['v1', 'v1', 'x'])).toEqual(['v3', 'v4', 'x']);
    expect(freshLabels(['Hidden'], ['Hidden'])).toEqual(['Hidden1']);
  });

  it('an instantiated sub-graph has new ids, remapped edges and the requested placement', () => {
    const s = smallDiagram();
    const sub = extractSubgraph(s, ['v1', 'v2']);
    expect(sub.edges.map((e) => e.id)).toEqual(['e12']);
    const copy = instantiateSubgraph(sub, s, counterIds(), { at: { x: 1000, y: 500 } });
    expect(copy.nodes.map((n) => [n.id, n.label, n.position])).toEqual([
      ['n1', 'v3', { x: 1000, y: 500 }],
      ['n2', 'v4', { x: 1100, y: 500 }],
    ]);
    expect(copy.edges).toEqual([{ id: 'e1', kind: 'coupling', source: 'n1', target: 'n2' }]);
    expect(s.nodes).toHaveLength(3);
  });
});
