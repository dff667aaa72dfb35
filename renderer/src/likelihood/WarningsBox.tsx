import { memo } from 'react';
import type { EstimateWarning } from '../../../engine/likelihood/estimate';
import './likelihood.css';

/** An estimate's warnings as a visible box (never a tooltip), each message naming what to do; nothing when there are none. */
export const WarningsBox = memo(function WarningsBox({ warnings, testId = 'likelihood-warnings' }: { warnings: readonly EstimateWarning[]; testId?: string }) {
  if (warnings.length === 0) return null;
  return (
    <div className="likelihood-warnings" role="status" data-testid={testId} data-count={warnings.length}>
      <strong>
        ⚠ {warnings.length === 1 ? 'This estimate cannot be fully trusted' : `${warnings.length} reasons not to trust this estimate fully`}
      </strong>
      <ul>
        {warnings.map((w) => (
          <li key={w.code} data-code={w.code}>
            {w.message}
          </li>
        ))}
      </ul>
    </div>
  );
});
