import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { StudioFlowNode } from '../flowTypes';
import { NodeHandles } from './NodeHandles';
import { ProblemBadge } from './ProblemBadge';

/** An RBM block: one compound node with its hidden row above the visible row, joined bipartitely. */
export const RbmNode = memo(function RbmNode({ data, selected }: NodeProps<StudioFlowNode>) {
  const { node, faulty, edgeMode } = data;
  if (node.kind !== 'rbm') return null;
  const shape = node.visibleImageShape ? ` · ${node.visibleImageShape.rows}×${node.visibleImageShape.cols}` : '';
  return (
    <div
      className={`diagram-node rbm-node${selected ? ' is-selected' : ''}${faulty ? ' is-faulty' : ''}`}
      title={`${node.label}: RBM block, ${node.visibleSize} visible × ${node.hiddenSize} hidden units`}
      data-node-id={node.id}
    >
      <NodeHandles kind="rbm" edgeMode={edgeMode} />
      <div className="node-title">{node.label}</div>
      <div className="rbm-row role-hidden">hidden · {node.hiddenSize.toLocaleString('en-US')}</div>
      <div className="rbm-bipartite" aria-hidden="true" />
      <div className="rbm-row role-visible">
        visible · {node.visibleSize.toLocaleString('en-US')}
        {shape}
      </div>
      {faulty && <ProblemBadge />}
    </div>
  );
});
