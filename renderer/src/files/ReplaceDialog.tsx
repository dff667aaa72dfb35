import { useSyncExternalStore } from 'react';
import { useServices } from '../app/StudioContext';
import { replaceGuardOf } from './replaceGuard';
import './files.css';

/** "Save changes to “Untitled”?": asked before New, Open, an example or a recovery replaces an edited untitled project. */
export function ReplaceDialog() {
  const { store } = useServices();
  const guard = replaceGuardOf(store);
  const question = useSyncExternalStore(guard.subscribe, guard.question);
  if (!question) return null;
  return (
    <div className="dialog-backdrop" onPointerDown={(e) => e.target === e.currentTarget && guard.answer('cancel')}>
      <div
        className="dialog replace-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="replace-dialog-title"
        aria-describedby="replace-dialog-text"
        data-testid="replace-dialog"
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          e.stopPropagation();
          guard.answer('cancel');
        }}
      >
        <h2 id="replace-dialog-title">Save changes to “{question.projectName}”?</h2>
        <p id="replace-dialog-text">
          This untitled project has not been saved to a file. Save it before opening {question.replacement}, or discard it (it stays
          listed under <em>Unsaved work</em> in the Open dialog until you discard it there).
        </p>
        <div className="dialog-buttons">
          <button type="button" data-testid="replace-cancel" onClick={() => guard.answer('cancel')}>
            Cancel
          </button>
          <button type="button" className="danger" data-testid="replace-discard" onClick={() => guard.answer('discard')}>
            Discard
          </button>
          <button type="button" className="primary" data-testid="replace-save" autoFocus onClick={() => guard.answer('save')}>
            Save…
          </button>
        </div>
      </div>
    </div>
  );
}
