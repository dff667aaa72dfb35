/** Builds the bundled examples' diagrams in code, laid out in rows so that every node is in view when the canvas fits them. */
import { diagramId, edgeId, nodeId } from '../../engine/diagram/ids';
import {
  DIAGRAM_FORMAT_VERSION,
  type Diagram,
  type DiagramEdge,
  type DiagramNode,
  type DiagramParameters,
  type ImageShape,
  type UnitEncoding,
  type UnitRole,
} from '../../engine/diagram/types';

/** Canvas sizes of the node kinds (renderer/src/canvas/flowTypes.ts NODE_SIZE), which rows are centred by. */
const NODE_WIDTH = { unit: 64, layer: 208 } as const;
/** Horizontal gap between nodes of one row. */
const ROW_GAP = { unit: 56, layer: 72 } as const;
/** Vertical distance between the tops of consecutive rows. */
export const ROW_SPACING = 160;

/** A unit or layer to place in a row. */
export type NodeSpec =
  | { kind: 'unit'; id: string; label: string; role: UnitRole }
  | { kind: 'layer'; id: string; label: string; role: UnitRole; size: number; imageShape?: ImageShape };

export const unitSpec = (id: string, role: UnitRole, label = id): NodeSpec => ({ kind: 'unit', id, label, role });
export const layerSpec = (id: string, label: string, role: UnitRole, size: number, imageShape?: ImageShape): NodeSpec => ({
  kind: 'layer', id, label, role, size, ...(imageShape ? { imageShape } : {}),
});

/** A diagram assembled row by row (row 0 on top), then edges between its nodes by id. */
export class ExampleDiagram {
  private readonly nodes: DiagramNode[] = [];
  private readonly edges: DiagramEdge[] = [];

  constructor(
    private readonly id: string,
    private readonly name: string,
    private readonly encoding: UnitEncoding,
  ) {}

  /** Places `specs` side by side, centred on x = 0, as row `index`. */
  row(index: number, specs: NodeSpec[]): this {
    if (specs.length === 0) return this;
    const kind = specs[0].kind;
    const step = NODE_WIDTH[kind] + ROW_GAP[kind];
    const left = -((specs.length - 1) * step + NODE_WIDTH[kind]) / 2;
    specs.forEach((spec, i) => {
      const position = { x: Math.round(left + i * step), y: index * ROW_SPACING };
      const common = { id: nodeId(spec.id), label: spec.label, position, role: spec.role };
      this.nodes.push(
        spec.kind === 'unit'
          ? { ...common, kind: 'unit' }
          : { ...common, kind: 'layer', size: spec.size, ...(spec.imageShape ? { imageShape: spec.imageShape } : {}) },
      );
    });
    return this;
  }

  /** Symmetric couplings between `source` and `target` (the same id twice couples a layer to itself). */
  couple(source: string, target: string): this {
    this.edges.push({ id: edgeId(`c-${source}-${target}`), kind: 'coupling', source: nodeId(source), target: nodeId(target) });
    return this;
  }

  /** A directed parent → child link of a sigmoid belief network. */
  parent(source: string, target: string): this {
    this.edges.push({ id: edgeId(`p-${source}-${target}`), kind: 'parent', source: nodeId(source), target: nodeId(target) });
    return this;
  }

  /** The diagram as plain JSON (nodes in the order the rows were added: that order numbers the units). */
  build(parameters?: DiagramParameters): Diagram {
    return {
      format: 'attractor-diagram',
      version: DIAGRAM_FORMAT_VERSION,
      id: diagramId(this.id),
      name: this.name,
      settings: { encoding: this.encoding },
      nodes: this.nodes.map((n) => ({ ...n, position: { ...n.position } })),
      edges: this.edges.map((e) => ({ ...e })),
      ...(parameters ? { parameters } : {}),
    };
  }
}
