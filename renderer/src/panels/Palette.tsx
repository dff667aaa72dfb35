import { useStoreApi } from '@xyflow/react';
import type { DragEvent } from 'react';
import { useServices, useStudio } from '../app/StudioContext';
import { NODE_SIZE } from '../canvas/flowTypes';
import { PALETTE_DRAG_TYPE, PALETTE_ITEMS, type PaletteItem } from '../canvas/paletteTemplates';
import { freePosition } from '../canvas/placement';
import { activeStructure } from '../store/compiled';

/** Node palette: click adds the node at the centre of the view (or the nearest free spot); dragging onto the canvas drops it there. */
export function Palette() {
  const { store } = useServices();
  const flowStore = useStoreApi();
  const enabled = useStudio((s) => s.activeDiagramId !== null && !s.project?.readOnly);

  const addAtCentre = (item: PaletteItem) => {
    const { width, height, transform } = flowStore.getState();
    const [x, y, zoom] = transform;
    const centre = { x: (width / 2 - x) / zoom, y: (height / 2 - y) / zoom };
    const existing = (activeStructure(store.getState())?.nodes ?? []).map((n) => ({ ...n.position, ...NODE_SIZE[n.kind] }));
    store.actions.addNode(item.template, freePosition(item.template.kind, centre, existing));
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
