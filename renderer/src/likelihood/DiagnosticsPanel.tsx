import { useMemo, useState } from 'react';
import { ExportMenu } from '../export/ExportMenu';
import { safeFileStem } from '../export/exportFile';
import { EstimateFigures } from './EstimateFigures';
import { effectiveShareCsv, effectiveShareSvg } from './effectiveShareChart';
import { AIS_GUARANTEES, type StoredEstimate } from './estimates';
import { useShareTraces } from './useRunEstimates';
import { WarningsBox } from './WarningsBox';
import './likelihood.css';

/** Where the estimate was made, for the epoch picker. */
const estimateLabel = (e: StoredEstimate) => (e.step === undefined ? e.name : `epoch ${e.step}`);

/**
 * Diagnostics of one run's likelihood estimates (issue 12): pick an estimate (the latest by default) and see forward and
 * reverse AIS with their error bars, the interval, the gap, exact and the errors against it, the effective runs overall
 * and per temperature (plotted against β, exportable), the warnings in a visible box, and what each side guarantees.
 */
export function DiagnosticsPanel({ runLabel, estimates }: { runLabel: string; estimates: readonly StoredEstimate[] }) {
  const [picked, setPicked] = useState<string | undefined>();
  const chosen = estimates.find((e) => e.outputId === picked) ?? estimates[estimates.length - 1];
  const { traces, error } = useShareTraces(chosen);
  const svg = useMemo(() => (traces ? effectiveShareSvg(traces) : undefined), [traces]);
  if (!chosen) {
    return (
      <section className="likelihood-panel" data-testid="likelihood-panel" aria-label="Likelihood diagnostics">
        <p className="hint">
          {runLabel} stored no likelihood estimates yet. Set “AIS every n epochs” above 0 in the Train panel (cd, pcd) and the monitor stores
          one estimate per evaluation, with its diagnostics.
        </p>
      </section>
    );
  }
  const l = chosen.likelihood;
  const stem = safeFileStem(`effective-runs-${runLabel}-${estimateLabel(chosen)}`);
  return (
    <section
      className="likelihood-panel"
      data-testid="likelihood-panel"
      aria-label="Likelihood diagnostics"
      data-step={chosen.step ?? ''}
      data-warnings={l.warnings.length}
      data-forward={l.forward.value}
      data-reverse={l.reverse?.value ?? ''}
      data-exact={l.exact ?? ''}
      data-interval={l.interval.join(',')}
    >
      <div className="likelihood-panel-header">
        <h3>Likelihood diagnostics · {runLabel}</h3>
        <label>
          Estimate{' '}
          <select data-testid="likelihood-epoch" value={chosen.outputId} onChange={(e) => setPicked(e.target.value)}>
            {estimates.map((e) => (
              <option key={e.outputId} value={e.outputId}>
                {estimateLabel(e)}
                {e.likelihood.warnings.length ? ' ⚠' : ''}
              </option>
            ))}
          </select>
        </label>
        <span className="likelihood-note">{estimates.length} stored</span>
      </div>
      <WarningsBox warnings={l.warnings} />
      {l.warnings.length === 0 && (
        <p className="likelihood-note" data-testid="likelihood-no-warnings">
          No warnings: enough runs carry the estimate and its sides agree within their error bars — which still guarantees no single run.
        </p>
      )}
      <div className="likelihood-panel-body">
        <EstimateFigures likelihood={l} />
        <div className="likelihood-share" data-testid="likelihood-share">
          <div className="likelihood-share-header">
            <strong>Effective runs per temperature</strong>
            {traces && svg && <ExportMenu fileStem={stem} getSvg={() => svg} csv={() => effectiveShareCsv(traces)} />}
          </div>
          {svg ? (
            <div data-testid="likelihood-share-chart" data-points={traces?.betas.length ?? 0} dangerouslySetInnerHTML={{ __html: svg }} />
          ) : (
            <p className="hint">{error ?? 'Reading the trace…'}</p>
          )}
        </div>
      </div>
      {l.provenance.method === 'ais' && (
        <ul className="likelihood-guarantees" data-testid="likelihood-guarantees" aria-label="What AIS guarantees">
          {AIS_GUARANTEES.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
