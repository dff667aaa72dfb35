import type { EdgeTypes, NodeTypes } from '@xyflow/react';
import { DiagramEdgeView } from './DiagramEdgeView';
import { LayerNode } from './nodes/LayerNode';
import { RbmNode } from './nodes/RbmNode';
import { UnitNode } from './nodes/UnitNode';

/** Node components by diagram node kind (module scope, so React Flow never sees a new object). */
export const nodeTypes: NodeTypes = { unit: UnitNode, layer: LayerNode, rbm: RbmNode };

export const edgeTypes: EdgeTypes = { diagram: DiagramEdgeView };
