import { selectBackend } from '../../../engine/backend/selectBackend';
import type { BiasBlock, EnergyModelSpec, NodeUnits, WeightBlock } from '../../../engine/compiler/types';
import type { BinaryDataset } from '../../../engine/data/dataset';
import { diagramId, edgeId, nodeId } from '../../../engine/diagram/ids';
import type { Diagram, DiagramEdge, DiagramNode, UnitEncoding } from '../../../engine/diagram/types';
import { initialParameters, type ModelParameters } from '../../../engine/model/parameters';
import { createRandom } from '../../../engine/random/seeded';

/** Selects the backend tests run on: ATTRACTOR_BACKEND if set, else the automatic order. */
export const useTestBackend = (): Promise<string> => selectBackend();

interface NodeSpec {
  id: string;
  visible: number;
  hidden: number;
}

function nodeUnits(specs: NodeSpec[]): { nodes: NodeUnits[]; unitCount: number } {
  let next = 0;
  const nodes = specs.map((spec) => {
    const start = next;
    next += spec.visible + spec.hidden;
    return {
      nodeId: nodeId(spec.id),
      label: spec.id,
      range: { start, end: next },
      visible: { start, end: start + spec.visible },
      hidden: { start: start + spec.visible, end: next },
    };
  });
  return { nodes, unitCount: next };
}

function block(key: string, rows: { start: number; end: number }, cols: { start: number; end: number }, lateral: boolean): WeightBlock {
  return { key, edgeId: edgeId(key), rows, cols, shape: [rows.end - rows.start, cols.end - cols.start], lateral };
}

function assemble(specs: NodeSpec[], blocks: (nodes: NodeUnits[]) => WeightBlock[], encoding: UnitEncoding): EnergyModelSpec {
  const { nodes, unitCount } = nodeUnits(specs);
  const weightBlocks = blocks(nodes);
  const biasBlocks: BiasBlock[] = nodes.map((n) => ({ nodeId: n.nodeId, range: n.range }));
  const visibleIndices = nodes.flatMap((n) => Array.from({ length: n.visible.end - n.visible.start }, (_, k) => n.visible.start + k));
  const hiddenIndices = nodes.flatMap((n) => Array.from({ length: n.hidden.end - n.hidden.start }, (_, k) => n.hidden.start + k));
  const pairs = new Set<string>();
  for (const b of weightBlocks) {
    for (let i = b.rows.start; i < b.rows.end; i++) {
      for (let j = b.cols.start; j < b.cols.end; j++) if (i !== j) pairs.add(`${Math.min(i, j)},${Math.max(i, j)}`);
    }
  }
  const free = weightBlocks.reduce((s, b) => s + (b.lateral ? (b.shape[0] * (b.shape[0] - 1)) / 2 : b.shape[0] * b.shape[1]), 0);
  return {
    type: 'energy',
    family: hiddenIndices.length === 0 ? 'hopfield' : 'boltzmann',
    encoding,
    unitCount,
    nodes,
    visibleIndices,
    hiddenIndices,
    weightBlocks,
    biasBlocks,
    parameterCount: free + unitCount,
    connectionCount: pairs.size,
  };
}

/** `visible` + `hidden` single-unit nodes (visible first), every pair coupled by its own 1×1 edge `e-i-j`, as the XOR example. */
export function fullyCoupledModel(visible: number, hidden: number, encoding: UnitEncoding = 'pm1'): EnergyModelSpec {
  const specs: NodeSpec[] = Array.from({ length: visible + hidden }, (_, i) => ({ id: `u${i}`, visible: i < visible ? 1 : 0, hidden: i < visible ? 0 : 1 }));
  return assemble(
    specs,
    (nodes) => {
      const blocks: WeightBlock[] = [];
      for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) blocks.push(block(`e-${i}-${j}`, nodes[i].range, nodes[j].range, false));
      return blocks;
    },
    encoding,
  );
}

/** A visible layer and a hidden layer, each self-coupled (lateral blocks), joined by one coupling edge (hidden listed first when `hiddenFirst`). */
export function layeredModel(visible: number, hidden: number, encoding: UnitEncoding = 'pm1', hiddenFirst = false): EnergyModelSpec {
  const v = { id: 'v', visible, hidden: 0 };
  const h = { id: 'h', visible: 0, hidden };
  return assemble(
    hiddenFirst ? [h, v] : [v, h],
    (nodes) => {
      const vn = nodes.find((n) => n.nodeId === 'v')!;
      const hn = nodes.find((n) => n.nodeId === 'h')!;
      const blocks = [block('vv', vn.range, vn.range, true), block('vh', vn.range, hn.range, false)];
      if (hidden > 1) blocks.push(block('hh', hn.range, hn.range, true));
      return blocks;
    },
    encoding,
  );
}

/** One RBM block node: visible × hidden weights under key `r#internal`, no lateral weights. */
export function rbmModel(visible: number, hidden: number, encoding: UnitEncoding = 'pm1'): EnergyModelSpec {
  const model = assemble(
    [{ id: 'r', visible, hidden }],
    (nodes) => [{ ...block('r#internal', nodes[0].visible, nodes[0].hidden, false), edgeId: undefined, nodeId: nodeId('r') }],
    encoding,
  );
  return { ...model, family: 'rbm' };
}

/** Weights ~ N(0, scale²) via initialParameters, biases ~ N(0, biasScale²); lateral blocks made asymmetric when asked. */
export function randomParameters(model: EnergyModelSpec, seed: number, scale = 0.5, biasScale = 0.5, asymmetricLateral = false): ModelParameters {
  const params = initialParameters(model, seed, scale);
  const random = createRandom(seed).fork('test-biases');
  for (const values of Object.values(params.biases)) for (let k = 0; k < values.length; k++) values[k] = biasScale * random.normal();
  if (asymmetricLateral) {
    for (const b of model.weightBlocks) {
      if (!b.lateral) continue;
      const values = params.weights[b.key];
      for (let k = 0; k < values.length; k++) values[k] += 0.2 * scale * random.normal();
    }
  }
  return params;
}

/** A dataset from rows of 0/1 bits. */
export function datasetFromRows(rows: number[][], name = 'test'): BinaryDataset {
  const width = rows[0]?.length ?? 0;
  return { id: name, name, width, rowCount: rows.length, bits: Uint8Array.from(rows.flat()) };
}

/** `count` random rows of `width` bits. */
export function randomDataset(width: number, count: number, seed: number): BinaryDataset {
  const random = createRandom(seed);
  return datasetFromRows(Array.from({ length: count }, () => Array.from({ length: width }, () => random.int(2))));
}

/** The diagram of the XOR example: 3 visible + 4 hidden unit nodes, all 21 pairs coupled (edges `e-i-j`). */
export function xorDiagram(encoding: UnitEncoding = 'pm1'): Diagram {
  const nodes: DiagramNode[] = Array.from({ length: 7 }, (_, i) => ({
    id: nodeId(`u${i}`),
    kind: 'unit',
    label: i < 3 ? `v${i + 1}` : `h${i - 2}`,
    position: { x: 100 * i, y: i < 3 ? 0 : 200 },
    role: i < 3 ? 'visible' : 'hidden',
  }));
  const edges: DiagramEdge[] = [];
  for (let i = 0; i < 7; i++) for (let j = i + 1; j < 7; j++) edges.push({ id: edgeId(`e-${i}-${j}`), kind: 'coupling', source: nodes[i].id, target: nodes[j].id });
  return { format: 'attractor-diagram', version: 1, id: diagramId('xor'), name: 'XOR', settings: { encoding }, nodes, edges };
}

/** A diagram mixing node kinds: an RBM block, a self-coupled hidden layer coupled to it, and a single visible unit. */
export function mixedDiagram(encoding: UnitEncoding = 'binary01'): Diagram {
  const nodes: DiagramNode[] = [
    { id: nodeId('rbm'), kind: 'rbm', label: 'RBM', position: { x: 0, y: 0 }, visibleSize: 3, hiddenSize: 2 },
    { id: nodeId('layer'), kind: 'layer', label: 'Layer', position: { x: 0, y: 100 }, role: 'hidden', size: 3 },
    { id: nodeId('unit'), kind: 'unit', label: 'Unit', position: { x: 0, y: 200 }, role: 'visible' },
  ];
  const edges: DiagramEdge[] = [
    { id: edgeId('self'), kind: 'coupling', source: nodeId('layer'), target: nodeId('layer') },
    { id: edgeId('rbm-layer'), kind: 'coupling', source: nodeId('rbm'), target: nodeId('layer') },
    { id: edgeId('unit-layer'), kind: 'coupling', source: nodeId('unit'), target: nodeId('layer') },
  ];
  return { format: 'attractor-diagram', version: 1, id: diagramId('mixed'), name: 'Mixed', settings: { encoding }, nodes, edges };
}
