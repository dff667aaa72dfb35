import { useState } from 'react';
import { DiagnosticsPanel } from './DiagnosticsPanel';
import type { StoredEstimate } from './estimates';

/** The diagnostics panel for one of the charted runs (a picker when several are charted; the first by default). */
export function RunDiagnostics({ runs, estimates }: { runs: readonly { id: string; label: string }[]; estimates: Record<string, StoredEstimate[]> }) {
  const [picked, setPicked] = useState<string | undefined>();
  const run = runs.find((r) => r.id === picked) ?? runs.find((r) => (estimates[r.id]?.length ?? 0) > 0) ?? runs[0];
  if (!run) return null;
  return (
    <div data-testid="run-diagnostics">
      {runs.length > 1 && (
        <label className="likelihood-note">
          Diagnostics of{' '}
          <select data-testid="likelihood-run" value={run.id} onChange={(e) => setPicked(e.target.value)}>
            {runs.map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
      )}
      <DiagnosticsPanel key={run.id} runLabel={run.label} estimates={estimates[run.id] ?? []} />
    </div>
  );
}
