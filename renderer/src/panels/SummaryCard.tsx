import { familyName, summarize } from '../../../engine/compiler/summary';
import { useStudio } from '../app/StudioContext';
import { activeCompiled } from '../store/compiled';
import { exactFeasibility } from '../store/feasibility';
import { useTrainedState } from '../train/useTrainedState';
import { ProblemsList } from './ProblemsList';

const fmt = (n: number) => n.toLocaleString('en-US');

/** What the diagram compiles to, live: the one-line summary, visible/hidden counts, parameters, exact-evaluation feasibility. */
export function SummaryCard() {
  const compiled = useStudio(activeCompiled);
  const trained = useTrainedState();
  if (!compiled) return null;
  const { result } = compiled;
  const errorCount = result.ok ? 0 : result.diagnostics.filter((d) => d.severity === 'error').length;
  const exact = result.ok ? exactFeasibility(result.model) : undefined;
  return (
    <section className="card" aria-labelledby="summary-heading">
      <h2 className="panel-heading" id="summary-heading">
        Model
      </h2>
      <p className="summary-line" data-testid="compiled-summary" data-family={result.ok ? familyName(result.model) : ''}>
        {result.ok ? summarize(result.model) : `Does not compile: ${errorCount} ${errorCount === 1 ? 'problem' : 'problems'}`}
      </p>
      {result.ok && (
        <dl className="facts">
          <div>
            <dt>Visible</dt>
            <dd data-testid="visible-count">{fmt(result.model.visibleIndices.length)}</dd>
          </div>
          <div>
            <dt>Hidden</dt>
            <dd data-testid="hidden-count">{fmt(result.model.hiddenIndices.length)}</dd>
          </div>
          <div>
            <dt>Parameters</dt>
            <dd data-testid="parameter-count">{fmt(result.model.parameterCount)}</dd>
          </div>
          <div>
            <dt>Units</dt>
            <dd>{result.model.encoding === 'pm1' ? '±1' : '0/1'}</dd>
          </div>
        </dl>
      )}
      {exact && (
        <p className={`exact-line ${exact.feasible ? 'is-feasible' : 'is-infeasible'}`} data-testid="exact-feasible" data-feasible={exact.feasible}>
          <span className="exact-mark" aria-hidden="true">
            {exact.feasible ? '✓' : '✗'}
          </span>{' '}
          Exact evaluation {exact.text}
        </p>
      )}
      <p className={`trained-state state-${trained.kind}`} data-testid="trained-state">
        {trained.text}
      </p>
      <ProblemsList />
    </section>
  );
}
