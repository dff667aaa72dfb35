import type { ApiEvents, ApiResult, AttractorApi, Channel, EventName, ResultOf } from '../../../main/api/contract';

export type ConnectionStatus = 'connecting' | 'open' | 'failed' | 'lost';

/** The browser-mode API over one WebSocket, reconnectable; listeners survive reconnects. */
export interface WsApi {
  api: AttractorApi;
  status(): ConnectionStatus;
  /** Opens (or reopens) the socket; resolves true once open, false if it could not connect. */
  connect(): Promise<boolean>;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  close(): void;
}

interface Pending {
  resolve(result: ApiResult<unknown>): void;
}

const lostResult: ApiResult<never> = {
  ok: false,
  error: { code: 'io', message: 'the connection to Attractor Studio was lost before it answered' },
};

/** A client for `ws://host/api?token=…`: calls are {id, channel, arg}, replies {id, result}, pushes {event, payload}. */
export function createWsApi(url: string): WsApi {
  let socket: WebSocket | undefined;
  let status: ConnectionStatus = 'connecting';
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const eventListeners = new Map<EventName, Set<(payload: never) => void>>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();

  function setStatus(next: ConnectionStatus): void {
    status = next;
    for (const listener of statusListeners) listener(next);
  }

  function failPending(): void {
    for (const p of pending.values()) p.resolve(lostResult);
    pending.clear();
  }

  function handleMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: { id?: number; result?: ApiResult<unknown>; event?: EventName; payload?: unknown };
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof message.id === 'number' && message.result) {
      pending.get(message.id)?.resolve(message.result);
      pending.delete(message.id);
    } else if (message.event) {
      for (const listener of eventListeners.get(message.event) ?? []) listener(message.payload as never);
    }
  }

  function connect(): Promise<boolean> {
    socket?.close();
    setStatus('connecting');
    return new Promise((resolve) => {
      const ws = new WebSocket(url);
      socket = ws;
      let opened = false;
      ws.onopen = () => {
        opened = true;
        setStatus('open');
        resolve(true);
      };
      ws.onmessage = (event) => handleMessage(event.data);
      // A failed or broken connection is reported by the close event that follows.
      ws.onerror = () => undefined;
      ws.onclose = () => {
        if (socket !== ws) return;
        failPending();
        setStatus(opened ? 'lost' : 'failed');
        if (!opened) resolve(false);
      };
    });
  }

  const api: AttractorApi = {
    call<C extends Channel>(channel: C, ...args: unknown[]): Promise<ApiResult<ResultOf<C>>> {
      if (!socket || socket.readyState !== WebSocket.OPEN) return Promise.resolve(lostResult);
      const id = nextId++;
      const ws = socket;
      return new Promise((resolve) => {
        pending.set(id, { resolve: resolve as Pending['resolve'] });
        ws.send(JSON.stringify({ id, channel, arg: args[0] }));
      });
    },
    on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
      const set = eventListeners.get(event) ?? new Set();
      eventListeners.set(event, set);
      set.add(listener as (payload: never) => void);
      return () => void set.delete(listener as (payload: never) => void);
    },
  };

  return {
    api,
    status: () => status,
    connect,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => void statusListeners.delete(listener);
    },
    close() {
      const ws = socket;
      socket = undefined;
      ws?.close();
      failPending();
    },
  };
}

/** The WebSocket URL of the browser-mode bridge for this page, or undefined when the address carries no token. */
export function bridgeUrl(location: Pick<Location, 'host' | 'search' | 'protocol'>): string | undefined {
  const token = new URLSearchParams(location.search).get('token');
  if (!token) return undefined;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/api?token=${encodeURIComponent(token)}`;
}
