import type { DragEvent } from 'react';
import { useActions, useStudio } from '../app/StudioContext';
import type { Commands } from '../app/useCommands';
import { PALETTE_DRAG_TYPE, PALETTE_ITEMS, type PaletteItem } from '../canvas/paletteTemplates';
import { TEMPLATES } from '../templates/templates';

/**
 * Node palette: click (or press the item's number) to add the node at the centre of the view, or drag it onto the
 * canvas; below it, the network templates, each opening the size dialog.
 */
export function Palette({ commands }: { commands: Commands }) {
  const actions = useActions();
  const enabled = useStudio((s) => s.activeDiagramId !== null && !s.project?.readOnly);

  const onDragStart = (event: DragEvent, item: PaletteItem) => {
    event.dataTransfer.setData(PALETTE_DRAG_TYPE, item.id);
    event.dataTransfer.effectAllowed = 'copy';
  };

  return (
    <nav className="palette" aria-label="Add nodes">
      <h2 className="panel-heading">Add</h2>
      {PALETTE_ITEMS.map((item, i) => (
        <button
          key={item.id}
          type="button"
          className="palette-item"
          draggable={enabled}
          disabled={!enabled}
          onClick={() => commands.addAtCentre(item)}
          onDragStart={(event) => onDragStart(event, item)}
          title={`${item.hint}. Click or press ${i + 1} to add at the centre, or drag onto the canvas.`}
          data-testid={`palette-${item.id}`}
        >
          <span className={`palette-glyph glyph-${item.id}`} aria-hidden="true" />
          <span className="palette-label">{item.label}</span>
          <kbd className="palette-key">{i + 1}</kbd>
        </button>
      ))}
      <h2 className="panel-heading palette-templates-heading">Templates</h2>
      {TEMPLATES.map((template) => (
        <button
          key={template.id}
          type="button"
          className="palette-item palette-template"
          disabled={!enabled}
          onClick={() => actions.setOverlay({ kind: 'template', templateId: template.id })}
          title={template.description}
          data-testid={`palette-template-${template.id}`}
        >
          {template.label}…
        </button>
      ))}
    </nav>
  );
}
