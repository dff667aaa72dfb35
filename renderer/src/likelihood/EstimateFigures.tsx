import { memo } from 'react';
import type { LikelihoodSummary } from '../../../engine/likelihood/estimate';
import { estimateFigures } from './estimates';
import './likelihood.css';

/** An estimate's figures as a two-column table: forward, reverse, effective runs, interval, gap, exact and the errors against it, how it was made. */
export const EstimateFigures = memo(function EstimateFigures({ likelihood }: { likelihood: LikelihoodSummary }) {
  return (
    <table className="likelihood-figures" data-testid="likelihood-figures">
      <tbody>
        {estimateFigures(likelihood).map((row) => (
          <tr key={row.key} data-key={row.key}>
            <th scope="row">{row.label}</th>
            <td className={row.key === 'provenance' ? 'likelihood-provenance' : 'number'}>
              {row.value}
              {row.note && <span className="likelihood-note"> — {row.note}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
});
