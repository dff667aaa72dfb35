import type { WebSocket } from 'ws';
import { CHANNELS, EVENTS, type ApiResult, type Channel } from '../api/contract';
import type { AppServices } from '../services/appServices';
import { quoteCell } from '../../engine/text/boundedText';

/** A call from the browser: {id, channel, arg}. */
export interface BridgeRequest {
  id: number | string;
  channel: Channel;
  arg?: unknown;
}

/** What the server sends: the answer to a call, or a pushed event. */
export type BridgeMessage = { id: number | string | null; result: ApiResult<unknown> } | { event: string; payload: unknown };

/** JSON with typed arrays written as plain arrays. */
export function encodeMessage(message: BridgeMessage): string {
  return JSON.stringify(message, (_key, value: unknown) =>
    ArrayBuffer.isView(value) && !(value instanceof DataView) ? Array.from(value as unknown as ArrayLike<number>) : value,
  );
}

function parseRequest(text: string): BridgeRequest | { id: number | string | null; problem: string } {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { id: null, problem: 'The message is not JSON.' };
  }
  const { id, channel, arg } = (message ?? {}) as Record<string, unknown>;
  const validId = typeof id === 'number' || typeof id === 'string' ? id : null;
  if (validId === null) return { id: null, problem: 'The message needs an id (number or string).' };
  if (typeof channel !== 'string' || !(CHANNELS as readonly string[]).includes(channel)) {
    return { id: validId, problem: `Unknown channel ${quoteCell(String(channel), 60)}.` };
  }
  return { id: validId, channel: channel as Channel, arg };
}

/** Serves the API contract over one WebSocket: calls answered in any order, every event pushed. */
export function attachBridge(socket: WebSocket, services: AppServices): void {
  const send = (message: BridgeMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(encodeMessage(message));
  };
  const unsubscribe = EVENTS.map((event) => services.on(event, (payload) => send({ event, payload })));
  socket.on('message', (data, isBinary) => {
    const request = isBinary ? { id: null, problem: 'Binary messages are not supported.' } : parseRequest(data.toString());
    if ('problem' in request) {
      send({ id: request.id, result: { ok: false, error: { code: 'invalid-argument', message: request.problem } } });
      return;
    }
    void services
      .handle(request.channel, request.arg as never)
      .then((result) => send({ id: request.id, result }))
      .catch((error: unknown) => console.error(`${request.channel}: could not send the answer:`, error));
  });
  // A malformed frame or one over maxPayload: ws closes the connection; without a listener the error would end the process.
  socket.on('error', (error) => console.error('API connection closed after a protocol error:', error.message));
  socket.on('close', () => unsubscribe.forEach((off) => off()));
}
