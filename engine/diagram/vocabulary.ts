import type { EdgeKind, NodeKind, UnitEncoding, UnitRole } from './types';

/** Tag in every saved diagram's `format` field. */
export const DIAGRAM_FORMAT_TAG = 'attractor-diagram';

// Records keyed by each union so that adding a member without listing it here is a type error.
const nodeKinds: Record<NodeKind, true> = { unit: true, layer: true, rbm: true };
const edgeKinds: Record<EdgeKind, true> = { coupling: true, parent: true };
const unitRoles: Record<UnitRole, true> = { visible: true, hidden: true };
const unitEncodings: Record<UnitEncoding, true> = { pm1: true, binary01: true };

/** Every NodeKind, in display order. */
export const NODE_KIND_NAMES = Object.keys(nodeKinds) as NodeKind[];
/** Every EdgeKind. */
export const EDGE_KIND_NAMES = Object.keys(edgeKinds) as EdgeKind[];
/** Every UnitRole. */
export const UNIT_ROLE_NAMES = Object.keys(unitRoles) as UnitRole[];
/** Every UnitEncoding. */
export const UNIT_ENCODING_NAMES = Object.keys(unitEncodings) as UnitEncoding[];

/** Weight key of an RBM block's internal visible × hidden weights. */
export function rbmInternalKey(nodeIdValue: string): string {
  return `${nodeIdValue}#internal`;
}
