import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { bridgeUrl, createWsApi } from '../../renderer/src/api/wsClient';

let server: WebSocketServer | undefined;

beforeAll(() => {
  // Node 20 has no global WebSocket; the ws client implements the same browser interface.
  (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
});

afterEach(async () => {
  for (const client of server?.clients ?? []) client.terminate();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A bridge stand-in: answers calls in reverse order and pushes an event on request. */
async function startServer(): Promise<string> {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => server!.once('listening', resolve));
  const held: { id: number; channel: string }[] = [];
  server.on('connection', (socket) => {
    socket.on('message', (data) => {
      const request = JSON.parse(String(data));
      if (request.channel === 'run:list') {
        socket.send(JSON.stringify({ event: 'run:progress', payload: { runId: 'r', step: 1 } }));
        socket.send(JSON.stringify({ id: request.id, result: { ok: true, value: [] } }));
        return;
      }
      held.push(request);
      if (held.length === 2) {
        for (const r of held.reverse()) socket.send(JSON.stringify({ id: r.id, result: { ok: true, value: r.channel } }));
      }
    });
  });
  const address = server.address() as { port: number };
  return `ws://127.0.0.1:${address.port}/api?token=t`;
}

describe('browser-mode WebSocket client', () => {
  it('matches replies to calls by id and delivers pushed events', async () => {
    const client = createWsApi(await startServer());
    expect(await client.connect()).toBe(true);
    const events: unknown[] = [];
    client.api.on('run:progress', (p) => events.push(p));
    const [a, b] = await Promise.all([client.api.call('app:info'), client.api.call('project:get')]);
    expect(a).toEqual({ ok: true, value: 'app:info' });
    expect(b).toEqual({ ok: true, value: 'project:get' });
    await client.api.call('run:list');
    expect(events).toEqual([{ runId: 'r', step: 1 }]);
    client.close();
  });

  it('reports a failed connection, and answers pending calls with an error when the connection drops', async () => {
    const url = await startServer();
    const refused = createWsApi(url.replace(/:\d+\//, ':1/'));
    expect(await refused.connect()).toBe(false);
    expect(refused.status()).toBe('failed');

    const client = createWsApi(url);
    const statuses: string[] = [];
    client.onStatus((s) => statuses.push(s));
    await client.connect();
    const pending = client.api.call('app:info');
    for (const socket of server!.clients) socket.terminate();
    const result = await pending;
    expect(result.ok).toBe(false);
    expect(statuses).toEqual(['connecting', 'open', 'lost']);
    expect(await client.api.call('app:info')).toMatchObject({ ok: false, error: { code: 'io' } });
  });

  it('builds the bridge URL from the page address, and none without a token', () => {
    expect(bridgeUrl({ host: '127.0.0.1:5000', search: '?token=a%2Bb&debug=1', protocol: 'http:' })).toBe('ws://127.0.0.1:5000/api?token=a%2Bb');
    expect(bridgeUrl({ host: '127.0.0.1:5000', search: '', protocol: 'http:' })).toBeUndefined();
  });
});
