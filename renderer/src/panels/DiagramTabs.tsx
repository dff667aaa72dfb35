import { useActions, useStudio } from '../app/StudioContext';

/** Tabs to switch between the project's diagrams (shown only when there are several). */
export function DiagramTabs() {
  const actions = useActions();
  const doc = useStudio((s) => s.doc);
  const activeId = useStudio((s) => s.activeDiagramId);
  if (doc.order.length < 2) return null;
  return (
    <div className="diagram-tabs" role="tablist" aria-label="Diagrams">
      {doc.order.map((id) => (
        <button key={id} type="button" role="tab" aria-selected={id === activeId} className={id === activeId ? 'is-on' : undefined} onClick={() => actions.setActiveDiagram(id)}>
          {doc.diagrams[id].name}
        </button>
      ))}
    </div>
  );
}
