import { COMPILE_LIMITS } from '../compiler/types';
import type { NodeId } from './ids';
import type { DiagramNode, EdgeKind, NodeKind, Position } from './types';
import { UNIT_ROLE_NAMES } from './vocabulary';

/** A connection point drawn on a node; `side` says whether edges of these kinds leave, enter, or both. */
export interface PortSpec {
  id: string;
  label: string;
  edgeKinds: EdgeKind[];
  side: 'source' | 'target' | 'both';
}

/** An integer field, min ≤ value ≤ max. */
export interface IntField {
  type: 'int';
  key: string;
  label: string;
  min: number;
  max: number;
}

/** A choice among fixed string values. */
export interface EnumField {
  type: 'enum';
  key: string;
  label: string;
  options: { value: string; label: string }[];
}

/** Optional { rows, cols } image layout; rows × cols must equal the integer field `sizeKey`. */
export interface ImageShapeField {
  type: 'imageShape';
  key: string;
  label: string;
  sizeKey: string;
}

/** Optional ParameterInit of a parameter block (absent: the training algorithm's default). */
export interface InitField {
  type: 'init';
  key: string;
  label: string;
}

export type ParameterField = IntField | EnumField | ImageShapeField | InitField;

/** Everything the editor needs to know about one node kind: defaults, ports, inspector fields. */
export interface NodeKindDescriptor<K extends NodeKind = NodeKind> {
  kind: K;
  label: string;
  description: string;
  ports: PortSpec[];
  fields: ParameterField[];
  /** A new node of this kind with default data. */
  create(id: NodeId, position: Position, label?: string): Extract<DiagramNode, { kind: K }>;
}

const roleField: EnumField = {
  type: 'enum',
  key: 'role',
  label: 'Role',
  options: UNIT_ROLE_NAMES.map((role) => ({ value: role, label: role === 'visible' ? 'Visible (observed)' : 'Hidden (latent)' })),
};

const sizeField = (key: string, label: string): IntField => ({ type: 'int', key, label, min: 1, max: COMPILE_LIMITS.maxUnits });

const biasInitField: InitField = { type: 'init', key: 'biasInit', label: 'Bias initialisation' };

/** Inspector fields of every edge (both kinds). */
export const EDGE_FIELDS: ParameterField[] = [{ type: 'init', key: 'weightInit', label: 'Weight initialisation' }];

const couplingPort: PortSpec = { id: 'coupling', label: 'Coupling', edgeKinds: ['coupling'], side: 'both' };
const parentPorts: PortSpec[] = [
  { id: 'parent-in', label: 'Parents', edgeKinds: ['parent'], side: 'target' },
  { id: 'parent-out', label: 'Children', edgeKinds: ['parent'], side: 'source' },
];

/** One descriptor per node kind. */
export const NODE_KINDS: { [K in NodeKind]: NodeKindDescriptor<K> } = {
  unit: {
    kind: 'unit',
    label: 'Unit',
    description: 'One binary unit.',
    ports: [couplingPort, ...parentPorts],
    fields: [roleField, biasInitField],
    create: (id, position, label = 'Unit') => ({ id, kind: 'unit', label, position, role: 'visible' }),
  },
  layer: {
    kind: 'layer',
    label: 'Layer',
    description: 'A group of binary units of one role, optionally laid out as an image. A self-coupling gives lateral all-to-all weights.',
    ports: [couplingPort, ...parentPorts],
    fields: [roleField, sizeField('size', 'Units'), { type: 'imageShape', key: 'imageShape', label: 'Image shape', sizeKey: 'size' }, biasInitField],
    create: (id, position, label = 'Layer') => ({ id, kind: 'layer', label, position, role: 'visible', size: 8 }),
  },
  rbm: {
    kind: 'rbm',
    label: 'RBM block',
    description: 'A visible and a hidden layer joined by all visible × hidden weights. Couplings to the block reach all of its units.',
    ports: [couplingPort],
    fields: [
      sizeField('visibleSize', 'Visible units'),
      sizeField('hiddenSize', 'Hidden units'),
      { type: 'imageShape', key: 'visibleImageShape', label: 'Visible image shape', sizeKey: 'visibleSize' },
      biasInitField,
      { type: 'init', key: 'weightInit', label: 'Weight initialisation (visible × hidden)' },
    ],
    create: (id, position, label = 'RBM') => ({ id, kind: 'rbm', label, position, visibleSize: 9, hiddenSize: 4 }),
  },
};

/** A new node of `kind` with its default data. */
export function defaultNode<K extends NodeKind>(kind: K, id: NodeId, position: Position, label?: string): Extract<DiagramNode, { kind: K }> {
  return (NODE_KINDS[kind] as NodeKindDescriptor<K>).create(id, { x: position.x, y: position.y }, label);
}
