import type { NodeProps } from '@xyflow/react';
import { memo, useMemo } from 'react';
import type { StudioFlowNode } from '../flowTypes';
import { NodeHandles } from './NodeHandles';
import { ProblemBadge } from './ProblemBadge';
import { Thumbnail } from './Thumbnail';

/** An RBM block: one compound node with its hidden row above the visible row, joined bipartitely, and a thumbnail of the visible units. */
export const RbmNode = memo(function RbmNode({ data, selected }: NodeProps<StudioFlowNode>) {
  const { node, faulty, edgeMode, biases } = data;
  const visibleSize = node.kind === 'rbm' ? node.visibleSize : 0;
  // The block's biases are visible then hidden; the thumbnail shows the visible part.
  const visibleBiases = useMemo(() => (biases ? Array.prototype.slice.call(biases, 0, visibleSize) : undefined), [biases, visibleSize]);
  if (node.kind !== 'rbm') return null;
  const shape = node.visibleImageShape ? ` · ${node.visibleImageShape.rows}×${node.visibleImageShape.cols}` : '';
  return (
    <div
      className={`diagram-node rbm-node${selected ? ' is-selected' : ''}${faulty ? ' is-faulty' : ''}`}
      title={`${node.label}: RBM block, ${node.visibleSize} visible × ${node.hiddenSize} hidden units`}
      data-node-id={node.id}
    >
      <NodeHandles kind="rbm" edgeMode={edgeMode} />
      <div className="rbm-rows">
        <div className="node-title">{node.label}</div>
        <div className="rbm-row role-hidden">
          <span className="role-mark">H</span>
          {node.hiddenSize.toLocaleString('en-US')}
        </div>
        <div className="rbm-bipartite" aria-hidden="true" />
        <div className="rbm-row role-visible">
          <span className="role-mark">V</span>
          {node.visibleSize.toLocaleString('en-US')}
          {shape}
        </div>
      </div>
      <div className="thumbnail-frame">
        <Thumbnail nodeId={node.id} size={node.visibleSize} imageShape={node.visibleImageShape} biases={visibleBiases} box={44} />
      </div>
      {faulty && <ProblemBadge />}
    </div>
  );
});
