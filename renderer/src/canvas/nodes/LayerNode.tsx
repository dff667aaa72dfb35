import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { StudioFlowNode } from '../flowTypes';
import { NodeHandles } from './NodeHandles';
import { ProblemBadge } from './ProblemBadge';
import { Thumbnail } from './Thumbnail';

/**
 * A layer of units: one node however many units it has, with its role, size and an image-shaped thumbnail; hidden
 * layers have a dashed border and an "H" role mark, visible ones a solid filled header and a "V" mark.
 */
export const LayerNode = memo(function LayerNode({ data, selected }: NodeProps<StudioFlowNode>) {
  const { node, faulty, edgeMode, biases } = data;
  if (node.kind !== 'layer') return null;
  const shape = node.imageShape ? ` · ${node.imageShape.rows}×${node.imageShape.cols}` : '';
  return (
    <div
      className={`diagram-node layer-node role-${node.role}${selected ? ' is-selected' : ''}${faulty ? ' is-faulty' : ''}`}
      title={`${node.label}: ${node.role} layer of ${node.size} units${shape}`}
      data-node-id={node.id}
    >
      <NodeHandles kind="layer" edgeMode={edgeMode} />
      <div className="layer-text">
        <div className="node-title">
          <span className="role-mark" aria-label={node.role}>
            {node.role === 'visible' ? 'V' : 'H'}
          </span>
          {node.label}
        </div>
        <div className="node-meta">
          {node.size.toLocaleString('en-US')} units{shape}
        </div>
      </div>
      <div className="thumbnail-frame">
        <Thumbnail nodeId={node.id} size={node.size} imageShape={node.imageShape} biases={biases} box={56} />
      </div>
      {faulty && <ProblemBadge />}
    </div>
  );
});
