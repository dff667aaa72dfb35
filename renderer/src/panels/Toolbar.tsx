import type { EdgeKind } from '../../../engine/diagram/types';
import { useActions, useStudio } from '../app/StudioContext';
import type { Commands } from '../app/useCommands';
import { ExampleMenu } from './ExampleMenu';

const modKey = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform) ? '⌘' : 'Ctrl+';

const EDGE_MODES: { kind: EdgeKind; label: string; hint: string }[] = [
  { kind: 'coupling', label: 'Coupling', hint: 'New connections are undirected symmetric couplings' },
  { kind: 'parent', label: 'Parent link', hint: 'New connections are directed parent → child links' },
];

/** The top bar: project commands, undo/redo, the edge kind new connections make, and the theme. */
export function Toolbar({ commands }: { commands: Commands }) {
  const actions = useActions();
  const hasProject = useStudio((s) => s.project !== null);
  const canUndo = useStudio((s) => s.history.past.length > 0);
  const canRedo = useStudio((s) => s.history.future.length > 0);
  const edgeMode = useStudio((s) => s.edgeMode);
  const theme = useStudio((s) => s.theme);

  return (
    <header className="toolbar" role="toolbar" aria-label="Project">
      <span className="brand">Attractor Studio</span>
      <div className="toolbar-group">
        <button type="button" onClick={commands.newProject} title={`New project (${modKey}N)`} data-testid="new-project">
          New
        </button>
        <ExampleMenu onOpen={commands.openExample} />
        <button type="button" onClick={commands.open} title={`Open a project file (${modKey}O)`} data-testid="open-project">
          Open…
        </button>
        <button type="button" onClick={commands.save} disabled={!hasProject} title={`Save (${modKey}S)`} data-testid="save">
          Save
        </button>
        <button type="button" onClick={commands.saveAs} disabled={!hasProject} title={`Save as a new file (${modKey}Shift+S)`} data-testid="save-as">
          Save As…
        </button>
      </div>
      <div className="toolbar-group">
        <button type="button" onClick={commands.undo} disabled={!canUndo} title={`Undo (${modKey}Z)`} aria-label="Undo">
          ↶ Undo
        </button>
        <button type="button" onClick={commands.redo} disabled={!canRedo} title={`Redo (${modKey}Shift+Z)`} aria-label="Redo">
          ↷ Redo
        </button>
      </div>
      <div className="toolbar-group segmented" role="radiogroup" aria-label="Edge kind for new connections">
        {EDGE_MODES.map((mode) => (
          <button
            key={mode.kind}
            type="button"
            role="radio"
            aria-checked={edgeMode === mode.kind}
            className={edgeMode === mode.kind ? 'is-on' : undefined}
            title={mode.hint}
            data-testid={`edge-mode-${mode.kind}`}
            onClick={() => actions.setEdgeMode(mode.kind)}
          >
            {mode.kind === 'coupling' ? '— ' : '→ '}
            {mode.label}
          </button>
        ))}
      </div>
      <span className="toolbar-spacer" />
      <button
        type="button"
        onClick={() => actions.setTheme(theme === 'light' ? 'dark' : 'light')}
        title="Switch between light and dark theme"
        data-testid="theme-toggle"
      >
        {theme === 'light' ? '☾ Dark' : '☀ Light'}
      </button>
    </header>
  );
}
