import type { EdgeKind } from '../../../engine/diagram/types';
import { useActions, useStudio } from '../app/StudioContext';
import type { Commands } from '../app/useCommands';
import { isMac } from '../app/useShortcuts';
import { ExampleMenu } from './ExampleMenu';

const modKey = isMac ? '⌘' : 'Ctrl+';

const EDGE_MODES: { kind: EdgeKind; label: string; hint: string }[] = [
  { kind: 'coupling', label: 'Coupling', hint: 'New connections are undirected symmetric couplings (E switches)' },
  { kind: 'parent', label: 'Parent link', hint: 'New connections are directed parent → child links (E switches)' },
];

/** The top bar: project commands, undo/redo, the edge kind new connections make, layout and view, help and the theme. */
export function Toolbar({ commands }: { commands: Commands }) {
  const actions = useActions();
  const hasProject = useStudio((s) => s.project !== null);
  const hasDiagram = useStudio((s) => s.activeDiagramId !== null);
  const canUndo = useStudio((s) => s.history.past.length > 0);
  const canRedo = useStudio((s) => s.history.future.length > 0);
  const undoLabel = useStudio((s) => s.history.past.at(-1)?.label);
  const redoLabel = useStudio((s) => s.history.future.at(-1)?.label);
  const edgeMode = useStudio((s) => s.edgeMode);
  const snap = useStudio((s) => s.snapToGrid);
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
        <button type="button" onClick={commands.undo} disabled={!canUndo} title={`Undo ${undoLabel ?? ''} (${modKey}Z)`} aria-label="Undo" data-testid="undo">
          ↶ Undo
        </button>
        <button type="button" onClick={commands.redo} disabled={!canRedo} title={`Redo ${redoLabel ?? ''} (${modKey}Shift+Z)`} aria-label="Redo" data-testid="redo">
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
      <div className="toolbar-group">
        <button type="button" onClick={commands.autoLayout} disabled={!hasDiagram} title="Auto-layout: layered, two rows or a ring (L)" data-testid="auto-layout">
          Layout
        </button>
        <button type="button" onClick={commands.fitView} disabled={!hasDiagram} title="Zoom to fit (F)" data-testid="fit-view">
          Fit
        </button>
        <button
          type="button"
          role="switch"
          aria-checked={snap}
          className={snap ? 'is-on' : undefined}
          onClick={commands.toggleSnap}
          title="Snap nodes to the grid (G)"
          data-testid="snap-toggle"
        >
          # Snap
        </button>
      </div>
      <span className="toolbar-spacer" />
      <button type="button" onClick={commands.help} title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts" data-testid="help-button">
        ?
      </button>
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
