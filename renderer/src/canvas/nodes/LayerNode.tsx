import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { StudioFlowNode } from '../flowTypes';
import { NodeHandles } from './NodeHandles';
import { ProblemBadge } from './ProblemBadge';

/** A layer of units: a rounded rectangle with its role, size and image shape; hidden layers have a dashed border. */
export const LayerNode = memo(function LayerNode({ data, selected }: NodeProps<StudioFlowNode>) {
  const { node, faulty, edgeMode } = data;
  if (node.kind !== 'layer') return null;
  const shape = node.imageShape ? ` · ${node.imageShape.rows}×${node.imageShape.cols}` : '';
  return (
    <div
      className={`diagram-node layer-node role-${node.role}${selected ? ' is-selected' : ''}${faulty ? ' is-faulty' : ''}`}
      title={`${node.label}: ${node.role} layer of ${node.size} units${shape}`}
      data-node-id={node.id}
    >
      <NodeHandles kind="layer" edgeMode={edgeMode} />
      <div className="node-title">{node.label}</div>
      <div className="node-meta">
        {node.role} · {node.size.toLocaleString('en-US')} units{shape}
      </div>
      {faulty && <ProblemBadge />}
    </div>
  );
});
