import { useState } from 'react';
import { useStudio } from '../app/StudioContext';
import './examples.css';

/**
 * The "try this" line of the example the untitled project was opened from (main names it after the example), above the
 * canvas until dismissed; it comes back when an example is opened again.
 */
export function ExampleHint() {
  const example = useStudio((s) => (s.project && s.project.path === null ? s.examples.find((e) => e.name === s.project?.name) : undefined));
  const epoch = useStudio((s) => s.docEpoch);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  if (!example || dismissedAt === epoch) return null;
  return (
    <div className="example-hint" role="note" data-testid="example-hint" data-example={example.id}>
      <span className="example-hint-label">Try this</span>
      <span className="example-hint-text">{example.tryThis}</span>
      <button type="button" className="ghost" data-testid="example-hint-dismiss" aria-label="Dismiss the hint" onClick={() => setDismissedAt(epoch)}>
        Dismiss
      </button>
    </div>
  );
}
