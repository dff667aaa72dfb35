import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/compiler/compile';
import type { CompiledModel } from '../../engine/compiler/types';
import { diagramId, edgeId, nodeId } from '../../engine/diagram/ids';
import type { Diagram } from '../../engine/diagram/types';
import { applyProgress, runsFromSummaries } from '../../renderer/src/store/runs';
import { datasetMapping } from '../../renderer/src/train/datasetMapping';
import { finalFigures, formatFigure, queuePositions } from '../../renderer/src/train/runFigures';
import { run, smallDiagram } from './fixtures';

function compiled(diagram: Diagram): CompiledModel {
  const result = compile(diagram);
  if (!result.ok) throw new Error('fixture does not compile');
  return result.model;
}

const base = { format: 'attractor-diagram', version: 1, settings: { encoding: 'pm1' } } as const;

/** Visible layers A (size 4, 2×2) and B (size 5), a hidden unit coupled to both. */
function twoLayers(): Diagram {
  return {
    ...base,
    id: diagramId('two'),
    name: 'Two layers',
    nodes: [
      { id: nodeId('a'), kind: 'layer', label: 'A', position: { x: 0, y: 0 }, role: 'visible', size: 4, imageShape: { rows: 2, cols: 2 } },
      { id: nodeId('b'), kind: 'layer', label: 'B', position: { x: 200, y: 0 }, role: 'visible', size: 5 },
      { id: nodeId('h'), kind: 'unit', label: 'h', position: { x: 100, y: 150 }, role: 'hidden' },
    ],
    edges: [
      { id: edgeId('ah'), kind: 'coupling', source: nodeId('a'), target: nodeId('h') },
      { id: edgeId('bh'), kind: 'coupling', source: nodeId('b'), target: nodeId('h') },
    ],
  };
}

/** One fully coupled visible layer A of 9 units with the given image shape. */
function imageLayer(imageShape: { rows: number; cols: number }): Diagram {
  return {
    ...base,
    id: diagramId('one'),
    name: 'One layer',
    nodes: [{ id: nodeId('a'), kind: 'layer', label: 'A', position: { x: 0, y: 0 }, role: 'visible', size: 9, imageShape }],
    edges: [{ id: edgeId('aa'), kind: 'coupling', source: nodeId('a'), target: nodeId('a') }],
  };
}

const dataset = (width: number, imageShape?: { rows: number; cols: number }) => ({ id: 'd', name: 'D', width, rowCount: 3, preview: [], ...(imageShape ? { imageShape } : {}) });

describe('dataset mapping', () => {
  it('gives each visible layer its columns in compiled order', () => {
    const mapping = datasetMapping(compiled(twoLayers()), dataset(9));
    expect(mapping.rows.map((r) => [r.label, r.from, r.to, r.imageShape])).toEqual([
      ['A', 1, 4, { rows: 2, cols: 2 }],
      ['B', 5, 9, undefined],
    ]);
    expect(mapping.widthProblem).toBeUndefined();
    expect(mapping.rows.every((r) => r.problem === undefined)).toBe(true);
  });

  it('flags a width mismatch with the fix, and the layer whose columns the data lacks', () => {
    const mapping = datasetMapping(compiled(twoLayers()), dataset(6));
    expect(mapping.widthProblem).toMatch(/6 columns but the model has 9 visible units: choose a dataset with more columns/);
    expect(mapping.rows[1].problem).toBe('needs columns 5–9; the dataset has 6');
    expect(mapping.rows[0].problem).toBeUndefined();
  });

  it('flags an image shape that differs from the layer’s, naming the shape to set', () => {
    const mapping = datasetMapping(compiled(imageLayer({ rows: 1, cols: 9 })), dataset(9, { rows: 3, cols: 3 }));
    expect(mapping.rows[0].problem).toBe("layer A is 1×9 but the dataset's images are 3×3; set the layer's image shape to 3×3");
    expect(datasetMapping(compiled(imageLayer({ rows: 3, cols: 3 })), dataset(9, { rows: 3, cols: 3 })).rows[0].problem).toBeUndefined();
  });

  it('maps single units one column each, and suggests an image shape to a layer without one', () => {
    const mapping = datasetMapping(compiled(smallDiagram()), dataset(2));
    expect(mapping.rows.map((r) => [r.label, r.from, r.to])).toEqual([['v1', 1, 1], ['v2', 2, 2]]);
    const plain = imageLayer({ rows: 3, cols: 3 });
    plain.nodes = plain.nodes.map((n) => ({ ...n, imageShape: undefined }));
    const suggested = datasetMapping(compiled(plain), dataset(9, { rows: 3, cols: 3 })).rows[0];
    expect(suggested).toMatchObject({ advice: "the dataset holds 3×3 images; set layer A's image shape to 3×3 to see them as images" });
    expect(suggested.problem).toBeUndefined();
    expect(datasetMapping(compiled(twoLayers()), dataset(9, { rows: 3, cols: 3 })).rows.map((r) => r.advice)).toEqual([
      "the dataset's 3×3 images span 2 visible layers; each layer shows only its part",
      undefined,
    ]);
  });
});

describe('run figures', () => {
  it('lists the objective first, leaves out speed, and takes the latest live value', () => {
    const runs = runsFromSummaries([run('r1', { metrics: [{ step: 1, values: { gradientNorm: 0.5, examplesPerSecond: 900, logLikelihood: -2, kl: 0.4 } }] })]);
    expect(finalFigures(runs, runs.summaries.r1).map((f) => [f.name, f.value])).toEqual([['kl', 0.4], ['logLikelihood', -2], ['gradientNorm', 0.5]]);
    const later = applyProgress(runs, { runId: 'r1', kind: 'train', step: 2, totalSteps: 10, metrics: { kl: 0.25 }, examplesPerSecond: 1000, etaSeconds: 1, activeSeconds: 1 });
    expect(finalFigures(later, later.summaries.r1)[0]).toMatchObject({ name: 'kl', value: 0.25 });
    expect(formatFigure(-1.23456)).toBe('−1.235');
    expect(formatFigure(0.0000123)).toBe('1.23e−5');
  });

  it('numbers queued runs oldest first; a late progress event leaves a paused run paused', () => {
    const runs = runsFromSummaries([
      run('a', { status: 'running', startedAt: 1 }),
      run('b', { status: 'queued', startedAt: 2 }),
      run('c', { status: 'paused', startedAt: 3 }),
      run('d', { status: 'queued', startedAt: 4 }),
    ]);
    expect(queuePositions(runs)).toEqual({ b: 1, d: 2 });
    const late = applyProgress(runs, { runId: 'c', kind: 'train', step: 5, totalSteps: 10, metrics: {}, examplesPerSecond: 1, etaSeconds: 1, activeSeconds: 1 });
    expect(late.summaries.c.status).toBe('paused');
    const started = applyProgress(runs, { runId: 'b', kind: 'train', step: 1, totalSteps: 10, metrics: {}, examplesPerSecond: 1, etaSeconds: 1, activeSeconds: 1 });
    expect(started.summaries.b.status).toBe('running');
  });
});
