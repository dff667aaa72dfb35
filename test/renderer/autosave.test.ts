import { describe, expect, it } from 'vitest';
import type { Diagram } from '../../engine/diagram/types';
import type { ApiResult } from '../../main/api/contract';
import { createAutosave } from '../../renderer/src/store/autosave';
import { canonicalJson } from '../../renderer/src/store/savedState';
import { createStudioStore } from '../../renderer/src/store/studioStore';
import { counterIds, smallDiagram, smallParameters, snapshot } from './fixtures';

/** A manual clock: timers run only when the test advances it. */
function manualTimers() {
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let now = 0;
  let nextId = 1;
  return {
    setTimer: (fn: () => void, ms: number) => {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimer: (id: unknown) => void (timers = timers.filter((t) => t.id !== id)),
    advance(ms: number) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      due.forEach((t) => t.fn());
    },
    pending: () => timers.length,
  };
}

function setup(result: ApiResult<void> = { ok: true, value: undefined }) {
  const store = createStudioStore({ makeId: counterIds() });
  store.actions.loadProject(snapshot([smallDiagram(smallParameters())]));
  const puts: Diagram[] = [];
  const clock = manualTimers();
  const autosave = createAutosave(store, {
    put: async (diagram) => {
      puts.push(diagram);
      return result;
    },
    delayMs: 400,
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
  });
  return { store, puts, clock, autosave };
}

describe('autosave', () => {
  it('sends one diagram:put 400 ms after the last of several quick edits, with the parameters', async () => {
    const { store, puts, clock, autosave } = setup();
    store.actions.moveNodes([{ id: 'v1', position: { x: 5, y: 5 } }]);
    clock.advance(300);
    store.actions.setEncoding('binary01');
    clock.advance(300);
    expect(puts).toHaveLength(0);
    expect(store.getState().unsynced).toBe(true);
    clock.advance(100);
    await autosave.flush();
    expect(puts).toHaveLength(1);
    expect(puts[0].settings.encoding).toBe('binary01');
    expect(puts[0].nodes[0].position).toEqual({ x: 5, y: 5 });
    expect(puts[0].parameters).toEqual(smallParameters());
    expect(store.getState().unsynced).toBe(false);
    expect(store.getState().project?.dirty).toBe(true);
  });

  it('flush sends pending edits at once; an undo is sent like any edit', async () => {
    const { store, puts, autosave } = setup();
    store.actions.setEncoding('binary01');
    await autosave.flush();
    store.actions.undo();
    await autosave.flush();
    expect(puts.map((d) => d.settings.encoding)).toEqual(['binary01', 'pm1']);
  });

  it('parameter updates and loading a project send nothing', async () => {
    const { store, puts, clock, autosave } = setup();
    store.actions.setParameters('d1', smallParameters(2));
    store.actions.loadProject(snapshot([smallDiagram()]));
    clock.advance(1000);
    await autosave.flush();
    expect(puts).toHaveLength(0);
  });

  it('loading a project drops edits not yet sent', async () => {
    const { store, puts, clock, autosave } = setup();
    store.actions.setEncoding('binary01');
    store.actions.loadProject(snapshot([smallDiagram()]));
    expect(clock.pending()).toBe(0);
    await autosave.flush();
    expect(puts).toHaveLength(0);
    expect(store.getState().unsynced).toBe(false);
  });

  it('reports a refused put as a notice', async () => {
    const { store, autosave } = setup({ ok: false, error: { code: 'io', message: 'disk full' } });
    store.actions.setEncoding('binary01');
    await autosave.flush();
    expect(store.getState().notices.map((n) => n.message)).toEqual(['Could not store the edit of “Small BM”: disk full']);
  });

  it('recognises snapshots of its own diagrams (whatever the key order) and tells a switched project apart', async () => {
    const { store, autosave } = setup();
    const reordered = (d: Diagram) => JSON.parse(canonicalJson(d)) as Diagram;
    expect(autosave.isEcho(snapshot([reordered(smallDiagram())]))).toBe(true);
    store.actions.setEncoding('binary01');
    await autosave.flush();
    const edited = { ...smallDiagram(), settings: { encoding: 'binary01' as const } };
    expect(autosave.isEcho(snapshot([edited]))).toBe(true);
    // The pristine diagram is no longer what main holds for this window: seeing it again means a reopened project.
    expect(autosave.isEcho(snapshot([smallDiagram()]))).toBe(false);
    expect(autosave.isEcho(snapshot([{ ...smallDiagram(), id: 'other' as Diagram['id'] }]))).toBe(false);
    expect(autosave.isEcho(snapshot([]))).toBe(false);
  });

  it('counts a diagram sent but not yet confirmed as an echo', async () => {
    const store = createStudioStore({ makeId: counterIds() });
    store.actions.loadProject(snapshot([smallDiagram()]));
    let release: () => void = () => undefined;
    let entered: () => void = () => undefined;
    const putStarted = new Promise<void>((resolve) => (entered = resolve));
    let seenDuringPut = false;
    const autosave = createAutosave(store, {
      put: async (diagram) => {
        seenDuringPut = autosave.isEcho(snapshot([diagram]));
        const confirmed = new Promise<void>((resolve) => (release = resolve));
        entered();
        await confirmed;
        return { ok: true, value: undefined };
      },
      setTimer: () => 0,
      clearTimer: () => undefined,
    });
    store.actions.setEncoding('binary01');
    const flushed = autosave.flush();
    await putStarted;
    release();
    await flushed;
    expect(seenDuringPut).toBe(true);
  });
});
