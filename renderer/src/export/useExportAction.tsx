import { useCallback, useState } from 'react';

/** A download action's state: `run` marks it busy, and keeps its error message to show beside the buttons. */
export function useExportAction(): { busy: boolean; error: string | null; run: (action: () => void | Promise<void>) => Promise<void> } {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (action: () => void | Promise<void>) => {
    setError(null);
    setBusy(true);
    try {
      await action();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}

/** Why the last download failed, announced to screen readers. */
export function ExportError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <span className="export-error" role="alert">
      {error}
    </span>
  );
}
