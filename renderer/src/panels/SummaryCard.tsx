import { summarize } from '../../../engine/compiler/summary';
import { useStudio } from '../app/StudioContext';
import { activeCompiled } from '../store/compiled';
import { useTrainedState } from '../train/useTrainedState';
import { ProblemsList } from './ProblemsList';

const fmt = (n: number) => n.toLocaleString('en-US');

/** What the diagram compiles to: the one-line summary, visible/hidden counts and parameter count. */
export function SummaryCard() {
  const compiled = useStudio(activeCompiled);
  const trained = useTrainedState();
  if (!compiled) return null;
  const { result } = compiled;
  const errorCount = result.ok ? 0 : result.diagnostics.filter((d) => d.severity === 'error').length;
  return (
    <section className="card" aria-labelledby="summary-heading">
      <h2 className="panel-heading" id="summary-heading">
        Model
      </h2>
      <p className="summary-line" data-testid="compiled-summary">
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
      <p className={`trained-state state-${trained.kind}`} data-testid="trained-state">
        {trained.text}
      </p>
      <ProblemsList />
    </section>
  );
}
