import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, EVENTS, type ApiResult, type AttractorApi, type Channel, type EventName } from '../api/contract';

/** window.api: one invoke per contract channel and event subscriptions; ipcRenderer itself never reaches the page. */
const api: AttractorApi = {
  call(channel: Channel, ...args: unknown[]) {
    if (!CHANNELS.includes(channel)) {
      const refused: ApiResult<never> = { ok: false, error: { code: 'invalid-argument', message: `Unknown channel '${String(channel)}'.` } };
      return Promise.resolve(refused);
    }
    return ipcRenderer.invoke(channel, args[0]);
  },
  on(event: EventName, listener: (payload: never) => void) {
    if (!EVENTS.includes(event)) throw new Error(`Unknown event '${String(event)}'.`);
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never);
    ipcRenderer.on(`api-event:${event}`, forward);
    return () => {
      ipcRenderer.removeListener(`api-event:${event}`, forward);
    };
  },
} as AttractorApi;

contextBridge.exposeInMainWorld('api', api);
