import { COMPILE_LIMITS } from '../../../engine/compiler/types';
import { edgeId, nodeId } from '../../../engine/diagram/ids';
import type { DiagramEdge, DiagramNode, EdgeKind, ImageShape, UnitEncoding, UnitRole } from '../../../engine/diagram/types';
import { NODE_SIZE } from '../canvas/flowTypes';
import { autoLayout, type LayoutKind } from '../canvas/layout/autoLayout';
import type { DiagramStructure } from '../store/document';
import type { Subgraph } from '../store/subgraph';

/** A size the template dialog asks for: one integer, or a dash-separated list of layer sizes ("8-24-64"). */
export type TemplateField =
  | { type: 'int'; key: string; label: string; default: number; min: number; max: number }
  | { type: 'sizes'; key: string; label: string; default: number[]; minLayers: number; max: number };

export type TemplateValues = Record<string, number | number[]>;

/** A network template: its dialog fields and a builder returning the laid-out subgraph and the encoding it suits. */
export interface Template {
  id: TemplateId;
  label: string;
  description: string;
  fields: TemplateField[];
  /** Unit encoding the network is usually written in (used when the template fills an empty diagram). */
  encoding: UnitEncoding;
  /** A diagram name for these sizes, e.g. "RBM 16×8". */
  title(values: TemplateValues): string;
  build(values: TemplateValues): Subgraph;
}

export type TemplateId = 'hopfield' | 'rbm' | 'dbn' | 'sbn' | 'boltzmann' | 'peterson-anderson';

/** Single units are drawn one node each up to this many; larger nets become layers. */
export const MAX_UNIT_NODES = 16;
const MAX_LAYER = COMPILE_LIMITS.maxUnits;

/** Builds nodes and edges with sequential ids (the caller gives them fresh ids when inserting). */
class Builder {
  readonly nodes: DiagramNode[] = [];
  readonly edges: DiagramEdge[] = [];

  unit(label: string, role: UnitRole): string {
    const id = nodeId(`t${this.nodes.length + 1}`);
    this.nodes.push({ id, kind: 'unit', label, role, position: { x: 0, y: 0 } });
    return id;
  }

  layer(label: string, role: UnitRole, size: number): string {
    const id = nodeId(`t${this.nodes.length + 1}`);
    const shape = squareShape(size, role);
    this.nodes.push({ id, kind: 'layer', label, role, size, position: { x: 0, y: 0 }, ...(shape ? { imageShape: shape } : {}) });
    return id;
  }

  edge(kind: EdgeKind, source: string, target: string): void {
    this.edges.push({ id: edgeId(`te${this.edges.length + 1}`), kind, source: nodeId(source), target: nodeId(target) });
  }

  coupleAll(ids: string[]): void {
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) this.edge('coupling', ids[i], ids[j]);
  }

  /** The subgraph with positions from auto-layout of the given kind. */
  laidOut(kind: LayoutKind): Subgraph {
    const structure: DiagramStructure = { format: 'attractor-diagram', version: 1, id: 'template' as never, name: '', settings: { encoding: 'pm1' }, nodes: this.nodes, edges: this.edges };
    const { positions } = autoLayout(structure, kind);
    return { nodes: this.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })), edges: this.edges };
  }
}

/** A visible layer of a perfect-square size ≥ 4 is drawn as a square image (784 → 28×28). */
function squareShape(size: number, role: UnitRole): ImageShape | undefined {
  const side = Math.round(Math.sqrt(size));
  return role === 'visible' && size >= 4 && side * side === size ? { rows: side, cols: side } : undefined;
}

const int = (values: TemplateValues, key: string) => values[key] as number;
const sizes = (values: TemplateValues, key: string) => values[key] as number[];

/** The network templates, in menu order. */
export const TEMPLATES: Template[] = [
  {
    id: 'hopfield',
    label: 'Hopfield network',
    description: `N visible units, every pair coupled (Mehlig ch. 2); up to ${MAX_UNIT_NODES} as single units, more as one self-coupled layer.`,
    fields: [{ type: 'int', key: 'units', label: 'Units N', default: 8, min: 2, max: 10_000 }],
    encoding: 'pm1',
    title: (values) => `Hopfield ${int(values, 'units')}`,
    build(values) {
      const n = int(values, 'units');
      const b = new Builder();
      if (n <= MAX_UNIT_NODES) {
        b.coupleAll(Array.from({ length: n }, (_, i) => b.unit(`s${i + 1}`, 'visible')));
        return b.laidOut('ring');
      }
      const layer = b.layer('Units', 'visible', n);
      b.edge('coupling', layer, layer);
      return b.laidOut('layered');
    },
  },
  {
    id: 'rbm',
    label: 'Restricted Boltzmann machine',
    description: 'A visible layer of v units coupled to a hidden layer of h units, no couplings within a layer (Mehlig §4.3).',
    fields: [
      { type: 'int', key: 'visible', label: 'Visible units v', default: 16, min: 1, max: MAX_LAYER },
      { type: 'int', key: 'hidden', label: 'Hidden units h', default: 8, min: 1, max: MAX_LAYER },
    ],
    encoding: 'binary01',
    title: (values) => `RBM ${int(values, 'visible')}×${int(values, 'hidden')}`,
    build(values) {
      const b = new Builder();
      const visible = b.layer('Visible', 'visible', int(values, 'visible'));
      const hidden = b.layer('Hidden', 'hidden', int(values, 'hidden'));
      b.edge('coupling', visible, hidden);
      return b.laidOut('bipartite');
    },
  },
  {
    id: 'dbn',
    label: 'Stack of RBMs (deep belief net)',
    description: 'Layers coupled one to the next, visible at the bottom: each adjacent pair is an RBM, trained greedily from the bottom up.',
    fields: [{ type: 'sizes', key: 'sizes', label: 'Layer sizes, visible first', default: [16, 12, 8], minLayers: 2, max: MAX_LAYER }],
    encoding: 'binary01',
    title: (values) => `DBN ${sizes(values, 'sizes').join('-')}`,
    build(values) {
      const b = new Builder();
      const ids = sizes(values, 'sizes').map((size, i) => (i === 0 ? b.layer('Visible', 'visible', size) : b.layer(`H${i}`, 'hidden', size)));
      for (let i = 1; i < ids.length; i++) b.edge('coupling', ids[i - 1], ids[i]);
      return b.laidOut('layered');
    },
  },
  {
    id: 'sbn',
    label: 'Sigmoid belief network',
    description: 'Layers from the top down, each the parent of the next; the last layer is visible (Saul & Jordan 2000 use 8-24-64).',
    fields: [{ type: 'sizes', key: 'sizes', label: 'Layer sizes, top first', default: [8, 24, 64], minLayers: 2, max: MAX_LAYER }],
    encoding: 'binary01',
    title: (values) => `SBN ${sizes(values, 'sizes').join('-')}`,
    build(values) {
      const b = new Builder();
      const list = sizes(values, 'sizes');
      const ids = list.map((size, i) => (i === list.length - 1 ? b.layer('Visible', 'visible', size) : b.layer(`H${i + 1}`, 'hidden', size)));
      for (let i = 1; i < ids.length; i++) b.edge('parent', ids[i - 1], ids[i]);
      return b.laidOut('layered');
    },
  },
  {
    id: 'boltzmann',
    label: 'Boltzmann machine with hidden units',
    description: `Visible and hidden units, every pair coupled (Mehlig §4.2); up to ${MAX_UNIT_NODES} units as single units, more as two self-coupled layers.`,
    fields: [
      { type: 'int', key: 'visible', label: 'Visible units', default: 3, min: 1, max: MAX_LAYER },
      { type: 'int', key: 'hidden', label: 'Hidden units', default: 4, min: 1, max: MAX_LAYER },
    ],
    encoding: 'pm1',
    title: (values) => `Boltzmann ${int(values, 'visible')}+${int(values, 'hidden')}`,
    build(values) {
      const v = int(values, 'visible');
      const h = int(values, 'hidden');
      const b = new Builder();
      if (v + h <= MAX_UNIT_NODES) {
        const ids = [...Array.from({ length: v }, (_, i) => b.unit(`v${i + 1}`, 'visible')), ...Array.from({ length: h }, (_, i) => b.unit(`h${i + 1}`, 'hidden'))];
        b.coupleAll(ids);
        return b.laidOut(ids.length >= 3 ? 'ring' : 'layered');
      }
      const visible = b.layer('Visible', 'visible', v);
      const hidden = b.layer('Hidden', 'hidden', h);
      b.edge('coupling', visible, hidden);
      if (v >= 2) b.edge('coupling', visible, visible);
      if (h >= 2) b.edge('coupling', hidden, hidden);
      return b.laidOut('layered');
    },
  },
  {
    id: 'peterson-anderson',
    label: 'Peterson & Anderson 2-4-1 net',
    description: 'The XOR net of Peterson & Anderson (1987): inputs x1, x2 and output y visible, four hidden units coupled to all of them.',
    fields: [{ type: 'int', key: 'hidden', label: 'Hidden units', default: 4, min: 1, max: 12 }],
    encoding: 'pm1',
    title: (values) => `Peterson–Anderson 2-${int(values, 'hidden')}-1`,
    build(values) {
      const b = new Builder();
      const output = b.unit('y', 'visible');
      const hidden = Array.from({ length: int(values, 'hidden') }, (_, i) => b.unit(`h${i + 1}`, 'hidden'));
      const inputs = [b.unit('x1', 'visible'), b.unit('x2', 'visible')];
      for (const h of hidden) for (const end of [...inputs, output]) b.edge('coupling', end, h);
      // Output on top, hidden units in the middle, inputs below: the net as the paper draws it.
      const rows = [[output], hidden, inputs];
      const position = new Map(rows.flatMap((row, r) => row.map((id, i) => [id, { x: Math.round((i - (row.length - 1) / 2) * 120), y: r * 140 }] as const)));
      return { nodes: b.nodes.map((n) => ({ ...n, position: position.get(n.id)! })), edges: b.edges };
    },
  },
];

export function templateById(id: string): Template | undefined {
  return TEMPLATES.find((t) => t.id === id);
}

/** Parses "8-24-64" (also with commas or spaces); undefined unless every entry is a positive integer. */
export function parseSizes(text: string): number[] | undefined {
  const parts = text.split(/[\s,-]+/).filter((p) => p !== '');
  if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p))) return undefined;
  const list = parts.map(Number);
  return list.every((n) => n >= 1) ? list : undefined;
}

/** Why a field value is refused, or undefined when it is valid. */
export function fieldProblem(field: TemplateField, value: number | number[] | undefined): string | undefined {
  if (field.type === 'int') {
    if (typeof value !== 'number' || !Number.isInteger(value)) return `${field.label} must be a whole number.`;
    if (value < field.min || value > field.max) return `${field.label} must be between ${field.min} and ${field.max.toLocaleString('en-US')}.`;
    return undefined;
  }
  if (!Array.isArray(value)) return `${field.label}: write the sizes separated by dashes, e.g. ${field.default.join('-')}.`;
  if (value.length < field.minLayers) return `${field.label}: give at least ${field.minLayers} layers.`;
  if (value.some((n) => n > field.max)) return `${field.label}: a layer has at most ${field.max.toLocaleString('en-US')} units.`;
  return undefined;
}

/** The default value of every field of a template. */
export function defaultValues(template: Template): TemplateValues {
  return Object.fromEntries(template.fields.map((f) => [f.key, f.default]));
}

/** Where an inserted template's top-left corner goes: the origin of an empty diagram, else right of everything there. */
export function besideExisting(structure: DiagramStructure): { x: number; y: number } {
  if (structure.nodes.length === 0) return { x: 0, y: 0 };
  const right = Math.max(...structure.nodes.map((n) => n.position.x + NODE_SIZE[n.kind].width));
  const top = Math.min(...structure.nodes.map((n) => n.position.y));
  return { x: Math.round(right + 120), y: Math.round(top) };
}
