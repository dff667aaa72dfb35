import { diagramId, edgeId, nodeId } from '../../../engine/diagram/ids';
import type {
  CouplingEdge,
  Diagram,
  DiagramEdge,
  DiagramNode,
  DiagramParameters,
  LayerNode,
  ParentLinkEdge,
  RbmBlockNode,
  UnitEncoding,
  UnitNode,
  UnitRole,
} from '../../../engine/diagram/types';

/** Test builders: small typed diagrams without boilerplate. */
export const unit = (id: string, role: UnitRole, label = id): UnitNode => ({
  id: nodeId(id),
  kind: 'unit',
  label,
  position: { x: 0, y: 0 },
  role,
});

export const layer = (id: string, role: UnitRole, size: number, extra: Partial<LayerNode> = {}): LayerNode => ({
  id: nodeId(id),
  kind: 'layer',
  label: id,
  position: { x: 0, y: 0 },
  role,
  size,
  ...extra,
});

export const rbm = (id: string, visibleSize: number, hiddenSize: number, extra: Partial<RbmBlockNode> = {}): RbmBlockNode => ({
  id: nodeId(id),
  kind: 'rbm',
  label: id,
  position: { x: 0, y: 0 },
  visibleSize,
  hiddenSize,
  ...extra,
});

export const coupling = (id: string, source: string, target: string): CouplingEdge => ({
  id: edgeId(id),
  kind: 'coupling',
  source: nodeId(source),
  target: nodeId(target),
});

export const parentLink = (id: string, source: string, target: string): ParentLinkEdge => ({
  id: edgeId(id),
  kind: 'parent',
  source: nodeId(source),
  target: nodeId(target),
});

export function diagram(
  nodes: DiagramNode[],
  edges: DiagramEdge[] = [],
  parameters?: DiagramParameters,
  encoding: UnitEncoding = 'pm1',
): Diagram {
  const d: Diagram = { format: 'attractor-diagram', version: 1, id: diagramId('d1'), name: 'test', settings: { encoding }, nodes, edges };
  if (parameters) d.parameters = parameters;
  return d;
}

/** The XOR Boltzmann machine of the brief: 3 visible ±1 units, 4 hidden, all 21 pairs coupled. */
export function xorBoltzmann(): Diagram {
  const ids = ['v1', 'v2', 'v3', 'h1', 'h2', 'h3', 'h4'];
  const nodes = ids.map((id) => unit(id, id.startsWith('v') ? 'visible' : 'hidden'));
  const edges: CouplingEdge[] = [];
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) edges.push(coupling(`${ids[i]}-${ids[j]}`, ids[i], ids[j]));
  }
  return { ...diagram(nodes, edges), id: diagramId('xor-bm'), name: 'XOR Boltzmann machine' };
}

/** The example of the README "Diagram format" section: an RBM built from two layers, with trained parameters. */
export const README_EXAMPLE_JSON = `{
  "format": "attractor-diagram",
  "version": 1,
  "id": "bars-rbm",
  "name": "Tiny RBM on 2×2 images",
  "settings": { "encoding": "binary01" },
  "nodes": [
    { "id": "pixels", "kind": "layer", "label": "Pixels", "position": { "x": 0, "y": 200 },
      "role": "visible", "size": 4, "imageShape": { "rows": 2, "cols": 2 } },
    { "id": "features", "kind": "layer", "label": "Features", "position": { "x": 0, "y": 0 },
      "role": "hidden", "size": 2 }
  ],
  "edges": [
    { "id": "w", "kind": "coupling", "source": "pixels", "target": "features" }
  ],
  "parameters": {
    "weights": {
      "w": { "shape": [4, 2], "values": [0.5, -0.5, 0.5, -0.5, -0.5, 0.5, -0.5, 0.5] }
    },
    "biases": {
      "pixels": { "shape": [4], "values": [0, 0, 0, 0] },
      "features": { "shape": [2], "values": [-0.25, -0.25] }
    }
  }
}`;

/** A valid diagram using every node kind, edge kind and optional field (not compilable: it mixes edge kinds). */
export function everyFeature(): Diagram {
  return diagram(
    [
      { ...unit('u', 'visible'), biasInit: { kind: 'constant', value: -0.5 } },
      layer('img', 'visible', 6, { imageShape: { rows: 2, cols: 3 }, biasInit: { kind: 'zero' } }),
      layer('lat', 'hidden', 3),
      rbm('r', 4, 2, { visibleImageShape: { rows: 2, cols: 2 }, biasInit: { kind: 'normal', scale: 0.01 }, weightInit: { kind: 'normal', scale: 0.05 } }),
    ],
    [{ ...coupling('c1', 'u', 'img'), weightInit: { kind: 'normal', scale: 0.2 } }, coupling('c2', 'lat', 'lat'), parentLink('p1', 'lat', 'img')],
    {
      weights: { c1: { shape: [1, 6], values: [1, 2, 3, 4, 5, 6] }, 'r#internal': { shape: [4, 2], values: [0, 0, 0, 0, 0, 0, 0, 0] } },
      biases: { u: { shape: [1], values: [0.5] } },
    },
    'binary01',
  );
}
