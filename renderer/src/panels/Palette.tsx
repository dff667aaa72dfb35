import { useStoreApi } from '@xyflow/react';
import type { DragEvent } from 'react';
import { useActions, useStudio } from '../app/StudioContext';
import { centredAt, PALETTE_DRAG_TYPE, PALETTE_ITEMS, type PaletteItem } from '../canvas/paletteTemplates';

/** Node palette: click adds the node at the centre of the view; dragging onto the canvas drops it there. */
export function Palette() {
  const actions = useActions();
  const flowStore = useStoreApi();
  const enabled = useStudio((s) => s.activeDiagramId !== null && !s.project?.readOnly);

  const addAtCentre = (item: PaletteItem) => {
    const { width, height, transform } = flowStore.getState();
    const [x, y, zoom] = transform;
    const nodeCount = flowStore.getState().nodes.length;
    const jitter = (nodeCount % 5) * 12;
    const centre = { x: (width / 2 - x) / zoom + jitter, y: (height / 2 - y) / zoom + jitter };
    actions.addNode(item.template, centredAt(item.template.kind, centre));
  };

  const onDragStart = (event: DragEvent, item: PaletteItem) => {
    event.dataTransfer.setData(PALETTE_DRAG_TYPE, item.id);
    event.dataTransfer.effectAllowed = 'copy';
  };

  return (
    <nav className="palette" aria-label="Add nodes">
      <h2 className="panel-heading">Add</h2>
      {PALETTE_ITEMS.map((item) => (
        <button
          key={item.id}
          type="button"
          className="palette-item"
          draggable={enabled}
          disabled={!enabled}
          onClick={() => addAtCentre(item)}
          onDragStart={(event) => onDragStart(event, item)}
          title={`${item.hint}. Click to add at the centre, or drag onto the canvas.`}
          data-testid={`palette-${item.id}`}
        >
          <span className={`palette-glyph glyph-${item.id}`} aria-hidden="true" />
          <span>{item.label}</span>
        </button>
      ))}
    </nav>
  );
}
