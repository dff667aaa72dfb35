import { describe, expect, it } from 'vitest';
import type { Diagram } from '../../engine/diagram/types';
import type { ApiResult } from '../../main/api/contract';
import { freshDiagramName, numberedDiagramName } from '../../renderer/src/store/actions/diagramActions';
import { createAutosave } from '../../renderer/src/store/autosave';
import { savedDiagram } from '../../renderer/src/store/compiled';
import { diagramUnsaved, documentKeys, windowTitle } from '../../renderer/src/store/savedState';
import { createStudioStore, type StudioStore } from '../../renderer/src/store/studioStore';
import { counterIds, smallDiagram, smallParameters, snapshot } from './fixtures';

function loadedStore(): StudioStore {
  const store = createStudioStore({ makeId: counterIds() });
  store.actions.loadProject(snapshot([smallDiagram(smallParameters())]));
  return store;
}

describe('diagrams as tabs', () => {
  it('adds, duplicates (with parameters), renames and deletes diagrams, each one undo entry that shows its tab', () => {
    const store = loadedStore();
    const { actions } = store;
    const original = structuredClone(store.getState().doc);
    const added = actions.addDiagram()!;
    expect(store.getState().doc.order).toEqual(['d1', added]);
    expect(store.getState().doc.diagrams[added].name).toBe('Diagram 1');
    actions.setActiveDiagram('d1');
    const copy = actions.duplicateDiagram('d1')!;
    expect(store.getState().doc.order).toEqual(['d1', added, copy]);
    expect(store.getState().doc.diagrams[copy]).toMatchObject({ name: 'Small BM copy', nodes: smallDiagram().nodes, edges: smallDiagram().edges });
    expect(savedDiagram(store.getState(), copy)?.parameters).toEqual(smallParameters());
    actions.renameDiagram('Renamed', added);
    expect(actions.deleteDiagram(copy)).toBe(true);
    expect(store.getState().activeDiagramId).toBe(added);
    expect(store.getState().history.past.map((e) => e.label)).toEqual(['New diagram', 'Duplicate diagram', 'Rename', 'Delete diagram']);

    actions.undo();
    expect(store.getState().doc.order).toEqual(['d1', added, copy]);
    expect(store.getState().activeDiagramId).toBe(copy);
    for (let i = 0; i < 3; i++) actions.undo();
    expect(store.getState().doc).toEqual(original);
    expect(store.getState().activeDiagramId).toBe('d1');
  });

  it('never deletes the last diagram', () => {
    const store = loadedStore();
    expect(store.actions.deleteDiagram('d1')).toBe(false);
    expect(store.getState().doc.order).toEqual(['d1']);
  });

  it('imports a diagram file as a new tab, renaming a clashing id and name, keeping its parameters', () => {
    const store = loadedStore();
    const id = store.actions.importDiagram(smallDiagram(smallParameters(2)))!;
    expect(id).not.toBe('d1');
    expect(store.getState().doc.diagrams[id].name).toBe('Small BM 2');
    expect(savedDiagram(store.getState(), id)).toEqual({ ...smallDiagram(smallParameters(2)), id, name: 'Small BM 2' });
  });

  it('numbers new names after existing ones', () => {
    expect(freshDiagramName(['Diagram', 'Diagram 2'], 'Diagram')).toBe('Diagram 3');
    expect(freshDiagramName([], 'Diagram')).toBe('Diagram');
    expect(numberedDiagramName(['Diagram 1', 'XOR'], 'Diagram')).toBe('Diagram 2');
  });
});

describe('unsaved marks and the window title', () => {
  it('a diagram is unsaved after an edit, saved again once undone or once marked saved', () => {
    const store = loadedStore();
    expect(diagramUnsaved(store.getState(), 'd1')).toBe(false);
    store.actions.setEncoding('binary01');
    expect(diagramUnsaved(store.getState(), 'd1')).toBe(true);
    store.actions.undo();
    expect(diagramUnsaved(store.getState(), 'd1')).toBe(false);
    store.actions.setEncoding('binary01');
    store.actions.markSaved(documentKeys(store.getState().doc));
    expect(diagramUnsaved(store.getState(), 'd1')).toBe(false);
    const added = store.actions.addDiagram()!;
    expect(diagramUnsaved(store.getState(), added)).toBe(true);
  });

  it('the title names the project and its state', () => {
    const store = loadedStore();
    const project = store.getState().project!;
    expect(windowTitle({ project: null, unsynced: false })).toBe('Attractor Studio');
    expect(windowTitle({ project, unsynced: false })).toBe('Test project — Attractor Studio');
    expect(windowTitle({ project: { ...project, dirty: true }, unsynced: false })).toBe('Test project • unsaved changes — Attractor Studio');
    expect(windowTitle({ project, unsynced: true })).toBe('Test project • storing edits — Attractor Studio');
    expect(windowTitle({ project: { ...project, readOnly: true }, unsynced: false })).toBe('Test project (read-only) — Attractor Studio');
  });
});

describe('autosave of added and deleted diagrams', () => {
  function setup() {
    const store = loadedStore();
    const calls: string[] = [];
    const ok: ApiResult<void> = { ok: true, value: undefined };
    const autosave = createAutosave(store, {
      put: async (diagram: Diagram) => {
        calls.push(`put ${diagram.id}`);
        return ok;
      },
      remove: async (id) => {
        calls.push(`delete ${id}`);
        return ok;
      },
      setTimer: () => 0,
      clearTimer: () => undefined,
    });
    return { store, calls, autosave };
  }

  it('sends a new diagram with diagram:put and a deleted one with diagram:delete; undoing the delete puts it back', async () => {
    const { store, calls, autosave } = setup();
    const added = store.actions.addDiagram()!;
    await autosave.flush();
    store.actions.deleteDiagram(added);
    await autosave.flush();
    store.actions.undo();
    await autosave.flush();
    expect(calls).toEqual([`put ${added}`, `delete ${added}`, `put ${added}`]);
    expect(store.getState().unsynced).toBe(false);
  });

  it('a diagram added and deleted before the flush never reaches main', async () => {
    const { store, calls, autosave } = setup();
    const added = store.actions.addDiagram()!;
    store.actions.deleteDiagram(added);
    await autosave.flush();
    expect(calls).toEqual([]);
  });

  it('a snapshot without a diagram not yet sent is still an echo; one missing a stored diagram is not', async () => {
    const { store, autosave } = setup();
    store.actions.addDiagram();
    expect(autosave.isEcho(snapshot([smallDiagram(smallParameters())]))).toBe(true);
    await autosave.flush();
    expect(autosave.isEcho(snapshot([smallDiagram(smallParameters())]))).toBe(false);
  });
});
