import type { Diagnostic } from '../../../engine/compiler/types';
import { useServices, useStudio } from '../app/StudioContext';
import { activeCompiled, activeStructure } from '../store/compiled';

/** The compile problems of the active diagram; clicking one selects its elements and centres the view on them. */
export function ProblemsList() {
  const { store } = useServices();
  const compiled = useStudio(activeCompiled);
  if (!compiled) return null;
  const { diagnostics } = compiled;

  const reveal = (d: Diagnostic) => {
    store.actions.setSelection({ nodeIds: [...d.nodeIds], edgeIds: [...d.edgeIds] });
    const structure = activeStructure(store.getState());
    const ids = new Set<string>(d.nodeIds);
    for (const edge of structure?.edges ?? []) {
      if ((d.edgeIds as string[]).includes(edge.id)) {
        ids.add(edge.source);
        ids.add(edge.target);
      }
    }
    // Through the canvas's fit, which keeps the nodes clear of the minimap, the zoom controls and the legend.
    if (ids.size > 0) store.actions.requestView([...ids]);
  };

  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return (
    <section className="problems-block" aria-labelledby="problems-heading">
      <h3 className="sub-heading" id="problems-heading">
        Problems {diagnostics.length > 0 && <span className="count-pill">{diagnostics.length}</span>}
      </h3>
      <ul className="problems" data-testid="problems-list" data-error-count={errors}>
        {diagnostics.length === 0 && <li className="problems-empty">No problems</li>}
        {diagnostics.map((d, i) => (
          <li key={`${d.code}-${i}`}>
            <button type="button" className={`problem severity-${d.severity}`} onClick={() => reveal(d)} title="Select and show the elements at fault">
              <span className="problem-icon" aria-hidden="true">
                {d.severity === 'error' ? '✖' : '▲'}
              </span>
              <span className="problem-severity">{d.severity === 'error' ? 'Error' : 'Warning'}</span>
              <span className="problem-message">{d.message}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
