import { useMemo } from 'react';
import { ANALYSIS_TABS, DOCK_MAXIMISE_KEY } from '../analysis/analysisTabs';
import { GESTURES, shortcutTable, type Shortcut } from '../app/shortcuts';
import { useActions, useStudio } from '../app/StudioContext';
import { isMac } from '../app/useShortcuts';

const GROUPS: Shortcut['group'][] = ['Project', 'Edit', 'Build', 'Select and move', 'View'];

/** The analysis dock handles its own keys (AnalysisDock.tsx); listed here with the view shortcuts. */
const DOCK_KEYS = [...ANALYSIS_TABS.map((t) => ({ keys: `Alt+${t.key}`, description: `Analysis dock: ${t.label}` })), { keys: 'Alt+0', description: 'Fold or open the analysis dock' }, { keys: `Alt+${DOCK_MAXIMISE_KEY}`, description: 'Maximise the analysis dock, or restore its height' }];

/** The `?` overlay: every keyboard shortcut (from the same table the keyboard handler uses) and the mouse gestures. */
export function HelpOverlay() {
  const open = useStudio((s) => s.overlay?.kind === 'help');
  const actions = useActions();
  const table = useMemo(() => shortcutTable(isMac).filter((s) => s.description !== ''), []);
  if (!open) return null;
  const close = () => actions.setOverlay(null);
  return (
    <div className="dialog-backdrop" role="presentation" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div className="dialog help-dialog" role="dialog" aria-modal="true" aria-labelledby="help-title" data-testid="help-overlay">
        <h2 id="help-title">Keyboard shortcuts</h2>
        <div className="help-columns">
          {GROUPS.map((group) => (
            <section key={group}>
              <h3 className="sub-heading">{group}</h3>
              <dl className="shortcut-list">
                {table
                  .filter((s) => s.group === group)
                  .map((s) => (
                    <div key={s.command}>
                      <dt>
                        <kbd>{s.keys}</kbd>
                      </dt>
                      <dd>{s.description}</dd>
                    </div>
                  ))}
                {(group === 'Select and move' ? GESTURES : group === 'View' ? DOCK_KEYS : []).map((g) => (
                  <div key={g.keys}>
                    <dt>
                      <kbd>{g.keys}</kbd>
                    </dt>
                    <dd>{g.description}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
        <div className="dialog-buttons">
          <button type="button" className="primary" onClick={close} autoFocus>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
