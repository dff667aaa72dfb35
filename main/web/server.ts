import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { AppServices } from '../services/appServices';
import { contentSecurityPolicy } from '../security/csp';
import { attachBridge } from './bridge';
import { serveStatic } from './staticFiles';

/** The only interface the server listens on. */
export const HOST = '127.0.0.1';
/** Path of the WebSocket endpoint. */
export const API_PATH = '/api';

export interface WebServerOptions {
  services: AppServices;
  /** Folder with the built renderer (index.html and assets). */
  staticDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Per-launch secret the page passes as ?token=; default: 24 random bytes as hex. */
  token?: string;
}

export interface WebServer {
  port: number;
  token: string;
  /** http://127.0.0.1:PORT/?token=TOKEN */
  url: string;
  close(): Promise<void>;
}

function sameSecret(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function reject(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Serves the renderer and the API bridge on 127.0.0.1; requests naming another host (DNS rebinding) are refused. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  let port = 0;
  const allowedHosts = () => [`${HOST}:${port}`, `localhost:${port}`];
  const allowedOrigins = () => allowedHosts().map((host) => `http://${host}`);

  const server: Server = createServer((request, response) => {
    if (!allowedHosts().includes(request.headers.host ?? '')) {
      response.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Misdirected request\n');
      return;
    }
    response.setHeader('Content-Security-Policy', contentSecurityPolicy(allowedHosts().map((host) => `ws://${host}`)));
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('X-Frame-Options', 'DENY');
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    serveStatic(options.staticDir, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // The HTTP server drops its own error listener on upgrade; a reset connection must not end the process.
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== API_PATH) return reject(socket, 404, 'Not Found');
    if (!allowedHosts().includes(request.headers.host ?? '')) return reject(socket, 421, 'Misdirected Request');
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedOrigins().includes(origin)) return reject(socket, 403, 'Forbidden');
    if (!sameSecret(url.searchParams.get('token'), token)) return reject(socket, 401, 'Unauthorized');
    wss.handleUpgrade(request, socket, head, (ws) => attachBridge(ws, options.services));
  });

  await new Promise<void>((resolve, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', rejectListen);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://${HOST}:${port}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
