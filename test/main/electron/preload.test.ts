import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AttractorApi } from '../../../main/api/contract';

// The sandboxed preload only sees contextBridge and ipcRenderer; both are recorded here.
const exposed: Record<string, unknown> = {};
const invoke = vi.fn(async (channel: string, arg: unknown) => ({ ok: true, value: { channel, arg } }));
const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
  ipcRenderer: {
    invoke,
    on: (channel: string, listener: (...args: unknown[]) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(listener);
    },
    removeListener: (channel: string, listener: (...args: unknown[]) => void) => listeners.get(channel)?.delete(listener),
  },
}));

let api: AttractorApi;
beforeAll(async () => {
  await import('../../../main/preload/index');
  api = exposed.api as AttractorApi;
});

describe('preload window.api', () => {
  it('exposes only call and on, never ipcRenderer', () => {
    expect(Object.keys(exposed)).toEqual(['api']);
    expect(Object.keys(api).sort()).toEqual(['call', 'on']);
  });

  it('invokes contract channels and refuses others without reaching main', async () => {
    expect(await api.call('project:open', { path: '/tmp/x.attractor' })).toEqual({
      ok: true,
      value: { channel: 'project:open', arg: { path: '/tmp/x.attractor' } },
    });
    invoke.mockClear();
    const refused = await api.call('shell:exec' as never);
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(invoke).not.toHaveBeenCalled();
  });

  it('subscribes to contract events and unsubscribes', () => {
    const received: unknown[] = [];
    const off = api.on('run:progress', (p) => received.push(p));
    const [forward] = listeners.get('api-event:run:progress') ?? [];
    forward({ sender: null }, { runId: 'r', step: 1 });
    expect(received).toEqual([{ runId: 'r', step: 1 }]);
    off();
    expect(listeners.get('api-event:run:progress')?.size).toBe(0);
    expect(() => api.on('ipc:anything' as never, () => {})).toThrow(/Unknown event/);
  });
});
