import { describe, expect, it } from 'vitest';
import { hasUnsavedWork } from '../../../renderer/src/files/unsavedWork';
import { replaceGuardOf } from '../../../renderer/src/files/replaceGuard';
import { createStudioStore } from '../../../renderer/src/store/studioStore';
import { run, smallDiagram, snapshot } from '../fixtures';

function loaded(patch: Partial<ReturnType<typeof snapshot>> = {}) {
  const store = createStudioStore();
  store.actions.loadProject({ ...snapshot([smallDiagram()]), ...patch });
  return store;
}

describe('unsaved work (asking before an untitled project is replaced)', () => {
  it('an untouched untitled project, a saved one and no project at all replace without asking', () => {
    expect(hasUnsavedWork(createStudioStore().getState())).toBe(false);
    expect(hasUnsavedWork(loaded().getState())).toBe(false);
    expect(hasUnsavedWork(loaded({ path: '/p/x.attractor', edited: true }).getState())).toBe(false);
  });

  it('asks for an untitled project main marked edited (e.g. recovered), one with runs, or one edited here', () => {
    expect(hasUnsavedWork(loaded({ edited: true }).getState())).toBe(true);
    expect(hasUnsavedWork(loaded({ runs: [run('r1', { status: 'completed' })] }).getState())).toBe(true);
    const store = loaded();
    store.actions.addNode({ kind: 'unit', role: 'visible' }, { x: 300, y: 300 });
    expect(hasUnsavedWork(store.getState())).toBe(true);
  });
});

describe('replace guard', () => {
  it('shows one question at a time and resolves with the answer; a Save As settles its waiter', async () => {
    const guard = replaceGuardOf(createStudioStore());
    const first = guard.ask({ projectName: 'A', replacement: 'a new project' });
    const second = guard.ask({ projectName: 'A', replacement: 'another project' });
    expect(await first).toBe('cancel');
    expect(guard.question()).toMatchObject({ replacement: 'another project' });
    guard.answer('discard');
    expect(await second).toBe('discard');
    expect(guard.question()).toBeNull();
    const saved = guard.awaitSaveAs();
    guard.settleSaveAs(true);
    expect(await saved).toBe(true);
  });

  it('is separate per store', () => {
    expect(replaceGuardOf(createStudioStore())).not.toBe(replaceGuardOf(createStudioStore()));
  });
});
