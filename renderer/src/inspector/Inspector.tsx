import { NODE_KINDS } from '../../../engine/diagram/nodeKinds';
import type { UnitEncoding } from '../../../engine/diagram/types';
import { useActions, useStudio } from '../app/StudioContext';
import { activeStructure } from '../store/compiled';
import { CommitInput } from './CommitInput';
import { NodeFieldControl } from './NodeFieldControl';

/** Edits the selected node (fields generated from its kind's schema), or the diagram's settings when nothing is selected. */
export function Inspector() {
  const actions = useActions();
  const structure = useStudio(activeStructure);
  const selection = useStudio((s) => s.selection);
  const readOnly = useStudio((s) => s.project?.readOnly ?? false);
  if (!structure) return null;
  const node = selection.nodeIds.length === 1 && selection.edgeIds.length === 0 ? structure.nodes.find((n) => n.id === selection.nodeIds[0]) : undefined;
  const edge = selection.edgeIds.length === 1 && selection.nodeIds.length === 0 ? structure.edges.find((e) => e.id === selection.edgeIds[0]) : undefined;
  const labelOf = (id: string) => structure.nodes.find((n) => n.id === id)?.label ?? id;

  return (
    <section className="card" aria-labelledby="inspector-heading">
      <h2 className="panel-heading" id="inspector-heading">
        {node ? `${NODE_KINDS[node.kind].label} “${node.label}”` : edge ? 'Edge' : 'Diagram'}
      </h2>
      {node && (
        <div className="fields" key={node.id}>
          <div className="field">
            <label htmlFor={`label-${node.id}`}>Label</label>
            <CommitInput
              id={`label-${node.id}`}
              value={node.label}
              disabled={readOnly}
              onCommit={(text) => (text.trim() ? void actions.updateNode(node.id, { label: text.trim() }) : false)}
            />
          </div>
          {NODE_KINDS[node.kind].fields.map((field) => (
            <NodeFieldControl key={field.key} node={node} field={field} disabled={readOnly} onCommit={(patch) => actions.updateNode(node.id, patch)} />
          ))}
        </div>
      )}
      {edge && (
        <p className="muted">
          {edge.kind === 'coupling' ? 'Coupling' : 'Parent link'} {labelOf(edge.source)} {edge.kind === 'coupling' ? '—' : '→'} {labelOf(edge.target)}
          {edge.source === edge.target ? ' (lateral: all pairs within the layer)' : ''}
        </p>
      )}
      {!node && !edge && (
        <div className="fields">
          <div className="field">
            <label htmlFor="diagram-name">Name</label>
            <CommitInput id="diagram-name" value={structure.name} disabled={readOnly} onCommit={(t) => (t.trim() ? void actions.renameDiagram(t.trim()) : false)} />
          </div>
          <div className="field">
            <label htmlFor="diagram-encoding">Unit states</label>
            <select
              id="diagram-encoding"
              value={structure.settings.encoding}
              disabled={readOnly}
              onChange={(e) => actions.setEncoding(e.target.value as UnitEncoding)}
            >
              <option value="pm1">±1 (Ising)</option>
              <option value="binary01">0/1 (logistic)</option>
            </select>
          </div>
          {selection.nodeIds.length + selection.edgeIds.length > 1 && (
            <p className="muted">{selection.nodeIds.length + selection.edgeIds.length} elements selected</p>
          )}
        </div>
      )}
    </section>
  );
}
