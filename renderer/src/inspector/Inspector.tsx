import { EDGE_FIELDS, NODE_KINDS } from '../../../engine/diagram/nodeKinds';
import type { DiagramEdge, DiagramNode, EdgeKind, UnitEncoding } from '../../../engine/diagram/types';
import { useActions, useStudio } from '../app/StudioContext';
import { activeStructure } from '../store/compiled';
import type { DiagramStructure } from '../store/document';
import { CommitInput } from './CommitInput';
import { commitLabel, sharedFields } from './fieldEdits';
import { FieldControl } from './FieldControl';
import { InitControl } from './InitControl';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Edits the selection (nodes, edges or both; several at once), or the diagram's settings when nothing is selected. */
export function Inspector() {
  const structure = useStudio(activeStructure);
  const selection = useStudio((s) => s.selection);
  const readOnly = useStudio((s) => s.project?.readOnly ?? false);
  if (!structure) return null;
  const chosen = new Set([...selection.nodeIds, ...selection.edgeIds]);
  const nodes = structure.nodes.filter((n) => chosen.has(n.id));
  const edges = structure.edges.filter((e) => chosen.has(e.id));
  const heading =
    nodes.length + edges.length === 0
      ? 'Diagram'
      : nodes.length === 1 && edges.length === 0
        ? `${NODE_KINDS[nodes[0].kind].label} “${nodes[0].label}”`
        : [nodes.length > 0 && plural(nodes.length, 'node'), edges.length > 0 && plural(edges.length, 'edge')].filter(Boolean).join(', ');

  return (
    <section className="card" aria-labelledby="inspector-heading" data-testid="inspector">
      <h2 className="panel-heading" id="inspector-heading">
        {heading}
      </h2>
      {nodes.length > 0 && <NodeFields key={nodes.map((n) => n.id).join(' ')} nodes={nodes} readOnly={readOnly} />}
      {edges.length > 0 && <EdgeFields structure={structure} edges={edges} readOnly={readOnly} />}
      {nodes.length + edges.length === 0 && <DiagramFields structure={structure} readOnly={readOnly} />}
    </section>
  );
}

function NodeFields({ nodes, readOnly }: { nodes: DiagramNode[]; readOnly: boolean }) {
  const actions = useActions();
  const fields = sharedFields(nodes);
  const single = nodes.length === 1 ? nodes[0] : undefined;
  return (
    <div className="fields">
      {single && (
        <div className="field">
          <label htmlFor="field-label">Label</label>
          <CommitInput
            id="field-label"
            data-testid="field-label"
            value={single.label}
            disabled={readOnly}
            onCommit={(text) => {
              const result = commitLabel(nodes, text);
              if (!result.ok) return result.message;
              actions.updateNodes(result.patches);
            }}
          />
        </div>
      )}
      {!single && <p className="muted">Changes apply to all {nodes.length} selected nodes.</p>}
      {fields.map((field) => (
        <FieldControl key={field.key} nodes={nodes} field={field} disabled={readOnly} onCommit={actions.updateNodes} />
      ))}
      {!single && fields.length === 0 && <p className="muted">The selected kinds of node share no fields.</p>}
    </div>
  );
}

function EdgeFields({ structure, edges, readOnly }: { structure: DiagramStructure; edges: DiagramEdge[]; readOnly: boolean }) {
  const actions = useActions();
  const labelOf = (id: string) => structure.nodes.find((n) => n.id === id)?.label ?? id;
  const kinds = new Set(edges.map((e) => e.kind));
  const kind = kinds.size === 1 ? edges[0].kind : '';
  const ids = edges.map((e) => e.id as string);
  const single = edges.length === 1 ? edges[0] : undefined;
  return (
    <div className="fields">
      {single && (
        <p className="muted" data-testid="edge-description">
          {single.kind === 'coupling' ? 'Coupling' : 'Parent link'} {labelOf(single.source)} {single.kind === 'coupling' ? '—' : '→'} {labelOf(single.target)}
          {single.source === single.target ? ' (lateral: all pairs within the layer)' : ''}
        </p>
      )}
      <div className="field">
        <label htmlFor="edge-kind">{edges.length === 1 ? 'Edge kind' : `Kind of the ${edges.length} edges`}</label>
        <select id="edge-kind" data-testid="edge-kind" value={kind} disabled={readOnly} onChange={(e) => actions.setEdgeKind(ids, e.target.value as EdgeKind)}>
          {kind === '' && (
            <option value="" disabled>
              (mixed)
            </option>
          )}
          <option value="coupling">Coupling (symmetric, undirected)</option>
          <option value="parent">Parent link (directed, parent → child)</option>
        </select>
      </div>
      {EDGE_FIELDS.map((field) =>
        field.type === 'init' ? <InitControl key={field.key} items={edges} field={field} disabled={readOnly} onCommit={actions.updateEdges} /> : null,
      )}
      {kinds.has('parent') && (
        <button type="button" disabled={readOnly} onClick={() => actions.reverseEdges(edges.filter((e) => e.kind === 'parent').map((e) => e.id))} data-testid="reverse-edges">
          ⇅ Reverse direction
        </button>
      )}
    </div>
  );
}

function DiagramFields({ structure, readOnly }: { structure: DiagramStructure; readOnly: boolean }) {
  const actions = useActions();
  return (
    <div className="fields">
      <div className="field">
        <label htmlFor="diagram-name">Name</label>
        <CommitInput
          id="diagram-name"
          value={structure.name}
          disabled={readOnly}
          onCommit={(t) => (t.trim() ? void actions.renameDiagram(t.trim()) : 'A diagram name cannot be empty.')}
        />
      </div>
      <div className="field">
        <label htmlFor="diagram-encoding">Unit states</label>
        <select id="diagram-encoding" value={structure.settings.encoding} disabled={readOnly} onChange={(e) => actions.setEncoding(e.target.value as UnitEncoding)}>
          <option value="pm1">±1 (Ising)</option>
          <option value="binary01">0/1 (logistic)</option>
        </select>
      </div>
    </div>
  );
}
