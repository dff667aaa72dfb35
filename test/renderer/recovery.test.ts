import { describe, expect, it } from 'vitest';
import type { ApiResult, AttractorApi, Channel, RecoverableProject } from '../../main/api/contract';
import { createController } from '../../renderer/src/app/controller';
import { createAutosave } from '../../renderer/src/store/autosave';
import { createStudioStore } from '../../renderer/src/store/studioStore';
import { smallDiagram, snapshot } from './fixtures';

const entry = (path: string, name: string): RecoverableProject => ({ path, name, modifiedAt: 1_700_000_000_000, diagramCount: 1, runCount: 0 });

/** A fake main process holding a list of scratch files; records every call. */
function setup(failRecover = false) {
  let scratch = [entry('/data/scratch/a.attractor', 'A'), entry('/data/scratch/b.attractor', 'B')];
  const calls: { channel: Channel; arg: unknown }[] = [];
  const answer = (channel: Channel, arg: unknown): ApiResult<unknown> => {
    const path = (arg as { path?: string } | undefined)?.path;
    if (channel === 'project:listRecoverable') return { ok: true, value: scratch };
    if (channel === 'project:discardRecoverable') {
      scratch = scratch.filter((e) => e.path !== path);
      return { ok: true, value: undefined };
    }
    if (channel === 'project:recover') {
      if (failRecover) {
        scratch = scratch.filter((e) => e.path !== path);
        return { ok: false, error: { code: 'not-found', message: 'It was recovered elsewhere.' } };
      }
      return { ok: true, value: { ...snapshot([smallDiagram()]), name: 'A', dirty: true } };
    }
    return { ok: false, error: { code: 'internal', message: `unexpected ${channel}` } };
  };
  const api = {
    call: async (channel: Channel, arg?: unknown) => (calls.push({ channel, arg }), answer(channel, arg)),
    on: () => () => undefined,
  } as unknown as AttractorApi;
  const store = createStudioStore();
  const autosave = createAutosave(store, { put: async () => ({ ok: true, value: undefined }) });
  return { store, calls, controller: createController(store, api, autosave) };
}

describe('recovering unsaved work', () => {
  it('lists the scratch files, recovers one as the open project and drops it from the list', async () => {
    const { store, controller, calls } = setup();
    await controller.loadRecoverable();
    expect(store.getState().recoverable.map((e) => e.name)).toEqual(['A', 'B']);
    await controller.recover('/data/scratch/a.attractor');
    expect(calls.at(-1)).toEqual({ channel: 'project:recover', arg: { path: '/data/scratch/a.attractor' } });
    expect(store.getState().project).toMatchObject({ name: 'A', path: null, dirty: true });
    expect(store.getState().activeDiagramId).toBe('d1');
    expect(store.getState().recoverable.map((e) => e.name)).toEqual(['B']);
  });

  it('reports a failed recovery and re-reads the list', async () => {
    const { store, controller } = setup(true);
    await controller.loadRecoverable();
    await controller.recover('/data/scratch/a.attractor');
    expect(store.getState().project).toBeNull();
    expect(store.getState().notices.map((n) => n.message)).toEqual(['Could not recover the unsaved project: It was recovered elsewhere.']);
    expect(store.getState().recoverable.map((e) => e.name)).toEqual(['B']);
  });

  it('discards one and keeps the list when a project is closed', async () => {
    const { store, controller } = setup();
    await controller.loadRecoverable();
    await controller.discardRecoverable('/data/scratch/b.attractor');
    expect(store.getState().recoverable.map((e) => e.name)).toEqual(['A']);
    store.actions.closeProject();
    expect(store.getState().recoverable.map((e) => e.name)).toEqual(['A']);
  });
});
