import WebSocket from 'ws';
import type { ApiResult } from '../../../main/api/contract';

/** A minimal Node client of the browser-mode bridge, for tests. */
export interface TestClient {
  call(channel: string, arg?: unknown): Promise<ApiResult<unknown>>;
  events: { event: string; payload: unknown }[];
  nextEvent(event: string, timeoutMs?: number): Promise<unknown>;
  close(): void;
}

/** Connects; rejects with the HTTP status when the server refuses the upgrade. */
export function connect(url: string, headers: Record<string, string> = {}): Promise<TestClient> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    let nextId = 1;
    const pending = new Map<number, (result: ApiResult<unknown>) => void>();
    const events: { event: string; payload: unknown }[] = [];
    const waiters: { event: string; resolve: (payload: unknown) => void }[] = [];
    socket.on('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    socket.on('error', reject);
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: ApiResult<unknown>; event?: string; payload?: unknown };
      if (message.event !== undefined) {
        events.push({ event: message.event, payload: message.payload });
        for (const waiter of waiters.filter((w) => w.event === message.event)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(message.payload);
        }
      } else if (typeof message.id === 'number' && message.result) {
        pending.get(message.id)?.(message.result);
        pending.delete(message.id);
      }
    });
    socket.on('open', () =>
      resolve({
        events,
        call: (channel, arg) =>
          new Promise((done) => {
            const id = nextId++;
            pending.set(id, done);
            socket.send(JSON.stringify({ id, channel, arg }));
          }),
        nextEvent: (event, timeoutMs = 30_000) =>
          new Promise((done, fail) => {
            const timer = setTimeout(() => fail(new Error(`no ${event} event within ${timeoutMs} ms`)), timeoutMs);
            waiters.push({ event, resolve: (payload) => (clearTimeout(timer), done(payload)) });
          }),
        close: () => socket.close(),
      }),
    );
  });
}
