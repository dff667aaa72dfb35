import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { StudioFlowNode } from '../flowTypes';
import { NodeHandles } from './NodeHandles';
import { ProblemBadge } from './ProblemBadge';
import { UnitActivation } from './UnitActivation';

/** One binary unit: a circle, filled when visible, dashed and hollow when hidden. */
export const UnitNode = memo(function UnitNode({ data, selected }: NodeProps<StudioFlowNode>) {
  const { node, faulty, edgeMode } = data;
  if (node.kind !== 'unit') return null;
  return (
    <div
      className={`diagram-node unit-node role-${node.role}${selected ? ' is-selected' : ''}${faulty ? ' is-faulty' : ''}`}
      title={`${node.label}: ${node.role} unit`}
      data-node-id={node.id}
    >
      <NodeHandles kind="unit" edgeMode={edgeMode} />
      <span className="unit-label">{node.label}</span>
      <UnitActivation nodeId={node.id} />
      {faulty && <ProblemBadge />}
    </div>
  );
});
