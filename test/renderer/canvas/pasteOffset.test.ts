import { describe, expect, it } from 'vitest';
import { NODE_SIZE } from '../../../renderer/src/canvas/flowTypes';
import { COPY_CLEARANCE, pasteOffset } from '../../../renderer/src/canvas/pasteOffset';
import { GRID_SIZE } from '../../../renderer/src/store/state';
import { createStudioStore } from '../../../renderer/src/store/studioStore';
import { counterIds, smallDiagram, snapshot } from '../fixtures';

const overlap = (a: { x: number; y: number }, b: { x: number; y: number }, size: { width: number; height: number }) =>
  a.x < b.x + size.width && b.x < a.x + size.width && a.y < b.y + size.height && b.y < a.y + size.height;

describe('paste and duplicate offsets', () => {
  it('a copy moves by the tallest node plus the clearance, in whole grid steps, and further with each paste', () => {
    expect(pasteOffset([{ kind: 'unit' }], 1)).toEqual({ x: 96, y: 96 });
    expect(pasteOffset([{ kind: 'unit' }, { kind: 'layer' }], 1)).toEqual({ x: 112, y: 112 });
    expect(pasteOffset([{ kind: 'rbm' }], 2)).toEqual({ x: 288, y: 288 });
    for (const kind of ['unit', 'layer', 'rbm'] as const) {
      const { x } = pasteOffset([{ kind }], 1);
      expect(x % GRID_SIZE).toBe(0);
      expect(x).toBeGreaterThanOrEqual(NODE_SIZE[kind].height + COPY_CLEARANCE);
    }
  });

  it('no copy of a unit or a layer overlaps its original or the copy before it', () => {
    for (const kind of ['unit', 'layer', 'rbm'] as const) {
      const places = [0, 1, 2, 3].map((step) => pasteOffset([{ kind }], step));
      for (let i = 1; i < places.length; i++) expect(overlap(places[i], places[i - 1], NODE_SIZE[kind]), kind).toBe(false);
    }
  });

  it('pastes from the store cascade clear of each other; duplicate lands clear of the originals', () => {
    const store = createStudioStore({ makeId: counterIds() });
    store.actions.loadProject(snapshot([smallDiagram()]));
    store.actions.setSelection({ nodeIds: ['v1'], edgeIds: [] });
    store.actions.copySelection();
    const pasted = [store.actions.paste()[0], store.actions.paste()[0], store.actions.paste()[0]];
    store.actions.setSelection({ nodeIds: ['v1'], edgeIds: [] });
    const [duplicate] = store.actions.duplicateSelection();
    const diagram = store.getState().doc.diagrams[store.getState().activeDiagramId!];
    const at = (id: string) => diagram.nodes.find((n) => n.id === id)!.position;
    const cascade = ['v1', ...pasted].map(at);
    for (let i = 0; i < cascade.length; i++) for (let j = i + 1; j < cascade.length; j++) expect(overlap(cascade[i], cascade[j], NODE_SIZE.unit), `${i} ${j}`).toBe(false);
    expect(overlap(at(duplicate), at('v1'), NODE_SIZE.unit)).toBe(false);
    expect(at(duplicate)).toEqual({ x: at('v1').x + 96, y: at('v1').y + 96 });
  });
});
