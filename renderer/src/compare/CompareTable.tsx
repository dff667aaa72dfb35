import { Fragment, memo } from 'react';
import type { LikelihoodSummary } from '../../../engine/likelihood/estimate';
import { compactFigures } from '../likelihood/estimates';
import { WarningsBox } from '../likelihood/WarningsBox';
import { displayName, formatNats, QUANTITY_NAMES, type CompareRowData } from './compareResult';

const fixed = (value: number | undefined, decimals: number) => (value === undefined ? '—' : formatNats(value, decimals));
const signed = (value: number | undefined) => (value === undefined ? '—' : `${value > 0 ? '+' : ''}${formatNats(value, 4)}`);

/** The standard error of a row: of its estimate (AIS) or of its posterior means (Gibbs). */
function standardErrorText(row: CompareRowData): string {
  if (row.standardError !== undefined) return `± ${row.standardError.toFixed(4)}`;
  if (row.posteriorStandardError !== undefined) return `± ${row.posteriorStandardError.toFixed(4)} (means)`;
  return '—';
}

/** The line under an AIS or importance-sampling row: both sides, the interval, gap, effective runs, the warnings (visible); how it was made on hover. */
function LikelihoodRow({ method, likelihood }: { method: string; likelihood: LikelihoodSummary }) {
  return (
    <tr className="compare-likelihood" data-testid="compare-likelihood" data-method={method} title={likelihood.provenanceText}>
      <td />
      <td colSpan={6}>
        <div className="likelihood-compare">
          <span className="likelihood-sides">
            {compactFigures(likelihood).map((p) => (
              <span key={p.key} data-key={p.key}>
                {p.text}
              </span>
            ))}
          </span>
          <WarningsBox warnings={likelihood.warnings} testId="compare-warnings" />
        </div>
      </td>
    </tr>
  );
}

/** The comparison as a table: method, quantity, estimate, error vs exact, posterior-mean error, SE, time; AIS and importance rows with their likelihood line. */
export const CompareTable = memo(function CompareTable({ rows }: { rows: readonly CompareRowData[] }) {
  const stopped = rows.some((r) => r.converged === false);
  return (
    <table className="compare-table">
      {stopped && <caption>* stopped at the sweep limit before converging (the bound holds at any sweep)</caption>}
      <thead>
        <tr>
          <th>Method</th>
          <th>Quantity</th>
          <th title="Mean over the data's patterns, nats">Estimate</th>
          <th title="Estimate − exact mean ln P(V), nats">Error vs exact</th>
          <th title="Mean |posterior mean − exact posterior mean| over hidden units and patterns">Posterior error</th>
          <th>SE</th>
          <th>Time</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) =>
          row.refusal !== undefined ? (
            <tr key={row.method} data-testid="compare-row" data-method={row.method} className="refused">
              <td title={`${row.label} (${row.method})`}>{displayName(row.method)}</td>
              <td colSpan={6}>{row.refusal}</td>
            </tr>
          ) : (
            <Fragment key={row.method}>
              <tr data-testid="compare-row" data-method={row.method} data-estimate={row.estimate ?? ''} data-posterior-error={row.posteriorError ?? ''} title={row.likelihood?.provenanceText}>
                <td title={`${row.label} (${row.method})`}>{displayName(row.method)}</td>
                <td>{row.quantity ? QUANTITY_NAMES[row.quantity] : 'posterior means'}</td>
                <td className="number">{fixed(row.estimate, 4)}</td>
                <td className="number">{row.method === 'exact' ? '0' : signed(row.errorVsExact)}</td>
                <td className="number">{row.posteriorError === undefined ? '—' : row.posteriorError.toFixed(4)}</td>
                <td className="number">{standardErrorText(row)}</td>
                <td className="number" title={row.converged === false ? `stopped at ${row.sweeps} sweeps before converging` : undefined}>
                  {row.seconds.toFixed(2)} s{row.converged === false ? ' *' : ''}
                </td>
              </tr>
              {row.likelihood && <LikelihoodRow method={row.method} likelihood={row.likelihood} />}
            </Fragment>
          ),
        )}
      </tbody>
    </table>
  );
});
