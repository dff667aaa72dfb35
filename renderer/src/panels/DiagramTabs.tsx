import { useRef, useState } from 'react';
import { useActions, useStudio } from '../app/StudioContext';
import type { Commands } from '../app/useCommands';
import { ContextMenu } from '../canvas/ContextMenu';
import type { MenuGroups } from '../canvas/contextMenuItems';
import { diagramUnsaved } from '../store/savedState';

/**
 * One tab per diagram of the project (● marks a diagram changed since the last save), with rename (double-click),
 * duplicate, delete and JSON export in each tab's menu, and buttons to add a diagram or import one from a JSON file.
 */
export function DiagramTabs({ commands }: { commands: Commands }) {
  const actions = useActions();
  const order = useStudio((s) => s.doc.order);
  const names = useStudio((s) => s.doc.order.map((id) => s.doc.diagrams[id].name).join('\u0000'));
  const unsaved = useStudio((s) => s.doc.order.map((id) => (diagramUnsaved(s, id) ? '1' : '0')).join(''));
  const activeId = useStudio((s) => s.activeDiagramId);
  const readOnly = useStudio((s) => s.project?.readOnly ?? false);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [menu, setMenu] = useState<{ x: number; y: number; id: string } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const nameList = names.split('\u0000');

  const menuGroups = (id: string, index: number): MenuGroups => [
    [
      { id: 'rename-diagram', label: 'Rename', disabled: readOnly, run: () => setRenaming(id) },
      { id: 'duplicate-diagram', label: 'Duplicate', disabled: readOnly, run: () => void actions.duplicateDiagram(id) },
      { id: 'export-diagram', label: 'Export as JSON…', run: () => commands.exportDiagram(id) },
    ],
    [{ id: 'delete-diagram', label: order.length < 2 ? 'Delete (the last diagram stays)' : 'Delete', disabled: readOnly || order.length < 2, run: () => void actions.deleteDiagram(order[index]) }],
  ];

  return (
    <div className="diagram-tabs" role="tablist" aria-label="Diagrams">
      {order.map((id, index) => (
        <div key={id} className={`diagram-tab${id === activeId ? ' is-on' : ''}`} data-testid={`diagram-tab-${index}`}>
          {renaming === id ? (
            <RenameField
              initial={nameList[index]}
              onDone={(name) => {
                setRenaming(null);
                if (name !== undefined && name !== nameList[index]) actions.renameDiagram(name, id);
              }}
            />
          ) : (
            <button
              type="button"
              role="tab"
              aria-selected={id === activeId}
              onClick={() => actions.setActiveDiagram(id)}
              onDoubleClick={() => !readOnly && setRenaming(id)}
              onContextMenu={(e) => {
                e.preventDefault();
                setMenu({ x: e.clientX, y: e.clientY, id });
              }}
              title="Double-click to rename; right-click for more"
            >
              {nameList[index]}
              {unsaved[index] === '1' && (
                <span className="unsaved-mark" role="img" aria-label="unsaved changes" title="Changed since the last save" data-testid="unsaved-mark">
                  ●
                </span>
              )}
            </button>
          )}
          <button
            type="button"
            className="tab-menu-button ghost"
            aria-label={`More actions for ${nameList[index]}`}
            data-testid={`diagram-tab-menu-${index}`}
            onClick={(e) => {
              const box = e.currentTarget.getBoundingClientRect();
              setMenu({ x: box.left, y: box.bottom, id });
            }}
          >
            ⋯
          </button>
        </div>
      ))}
      <button type="button" className="ghost tab-add" onClick={commands.newDiagram} disabled={readOnly} title="New diagram (Shift+N)" aria-label="New diagram" data-testid="add-diagram">
        +
      </button>
      <button type="button" className="ghost" onClick={() => fileInput.current?.click()} disabled={readOnly} title="Add a diagram from a .json file" data-testid="import-diagram">
        Import…
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="import-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void commands.importDiagramFile(file);
        }}
      />
      {menu && <ContextMenu x={menu.x} y={menu.y} groups={menuGroups(menu.id, order.indexOf(menu.id))} onClose={() => setMenu(null)} />}
    </div>
  );
}

/** The tab's name as a text field: Enter or leaving it renames, Escape keeps the old name; an empty name is refused. */
function RenameField({ initial, onDone }: { initial: string; onDone(name: string | undefined): void }) {
  const [text, setText] = useState(initial);
  const finish = () => onDone(text.trim() === '' ? undefined : text.trim());
  return (
    <input
      className="tab-rename"
      autoFocus
      value={text}
      aria-label="Diagram name"
      data-testid="diagram-rename"
      onChange={(e) => setText(e.target.value)}
      onFocus={(e) => e.target.select()}
      onBlur={finish}
      onKeyDown={(e) => {
        if (e.key === 'Enter') finish();
        if (e.key === 'Escape') onDone(undefined);
      }}
    />
  );
}
