import { Handle, Position } from '@xyflow/react';
import { memo } from 'react';
import { NODE_KINDS } from '../../../../engine/diagram/nodeKinds';
import type { EdgeKind, NodeKind } from '../../../../engine/diagram/types';
import { ANCHOR_SOURCE, ANCHOR_TARGET } from '../flowTypes';

interface NodeHandlesProps {
  kind: NodeKind;
  edgeMode: EdgeKind;
}

/**
 * The node's connection points for the current edge mode, from the kind's port schema:
 * a coupling port gets a handle at the top and at the bottom (so a layer can be coupled to itself),
 * parent links enter at the top and leave at the bottom. Two hidden centre anchors carry the drawn edges.
 */
export const NodeHandles = memo(function NodeHandles({ kind, edgeMode }: NodeHandlesProps) {
  const ports = NODE_KINDS[kind].ports.filter((p) => p.edgeKinds.includes(edgeMode));
  return (
    <>
      <Handle type="source" id={ANCHOR_SOURCE} position={Position.Top} isConnectable={false} className="anchor-handle" />
      <Handle type="target" id={ANCHOR_TARGET} position={Position.Top} isConnectable={false} className="anchor-handle" />
      {ports.map((port) =>
        port.side === 'both' ? (
          [Position.Top, Position.Bottom].map((position) => (
            <Handle
              key={`${port.id}-${position}`}
              type="source"
              id={`${port.id}-${position}`}
              position={position}
              className="port-handle port-coupling"
              title={`${port.label}: drag to another node`}
            />
          ))
        ) : (
          <Handle
            key={port.id}
            type={port.side}
            id={port.id}
            position={port.side === 'target' ? Position.Top : Position.Bottom}
            className={`port-handle port-${port.side}`}
            title={port.side === 'target' ? `${port.label}: drop a link from a parent here` : `${port.label}: drag to a child node`}
          />
        ),
      )}
    </>
  );
});
