import { existsSync, mkdirSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../../main/web/server';
import { makeServices, tempDir } from '../helpers';
import { connect } from './wsClient';

let server: WebServer;
let staticDir: string;
const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(async () => {
  const dir = tempDir('static');
  cleanups.push(dir.cleanup);
  staticDir = join(dir.dir, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Attractor</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1);');
  writeFileSync(join(staticDir, 'assets', 'kernel.wasm'), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
  writeFileSync(join(dir.dir, 'secret.txt'), 'outside the static folder');
  const { services, cleanup } = makeServices();
  cleanups.push(cleanup);
  server = await startWebServer({ services, staticDir });
  cleanups.push(() => server.close());
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw GET, so paths are sent exactly as written (no client-side normalisation of "..") and Host can be forged. */
function get(path: string, host = `127.0.0.1:${server.port}`): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser-mode web server', () => {
  it('listens on 127.0.0.1 only, with a fresh 48-hex-digit token per launch', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[0-9a-f]{48}$/);
    const reached = (host: string) =>
      new Promise<boolean>((resolve) => {
        const socket = createConnection({ host, port: server.port }, () => (socket.destroy(), resolve(true)));
        socket.on('error', () => resolve(false));
      });
    expect(await reached('127.0.0.1')).toBe(true);
    // 127.0.0.2 is loopback too: only a server bound to 0.0.0.0 (or to it) would answer there.
    expect(await reached('127.0.0.2')).toBe(false);
    const { services, cleanup } = makeServices();
    const second = await startWebServer({ services, staticDir });
    await second.close();
    await cleanup();
    expect(second.token).not.toBe(server.token);
  });

  it('serves the renderer with MIME types and a strict Content-Security-Policy', async () => {
    const index = await get('/?token=abc');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.body).toContain('<title>Attractor</title>');
    const csp = String(index.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain(`ws://127.0.0.1:${server.port}`);
    expect(csp).toContain("object-src 'none'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect((await get('/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get('/assets/kernel.wasm')).headers['content-type']).toBe('application/wasm');
    expect((await get('/assets/missing.js')).status).toBe(404);
  });

  it('never serves files outside the static folder', async () => {
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2E%2E%2F%2E%2E%2Fsecret.txt', '/..%5csecret.txt', '/%00index.html']) {
      const reply = await get(path);
      expect(reply.status, path).toBe(404);
      expect(reply.body).not.toContain('outside the static folder');
    }
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    expect((await get('/', `evil.example:${server.port}`)).status).toBe(421);
    await expect(connect(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, { host: 'evil.example' })).rejects.toThrow('HTTP 421');
  });

  it('rejects WebSocket connections without the token, with a wrong one, or from a foreign origin', async () => {
    const base = `ws://127.0.0.1:${server.port}/api`;
    await expect(connect(base)).rejects.toThrow('HTTP 401');
    await expect(connect(`${base}?token=${'0'.repeat(48)}`)).rejects.toThrow('HTTP 401');
    await expect(connect(`${base}?token=${server.token.slice(1)}`)).rejects.toThrow('HTTP 401');
    await expect(connect(`${base}?token=${server.token}`, { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(connect(`ws://127.0.0.1:${server.port}/other?token=${server.token}`)).rejects.toThrow('HTTP 404');
  });

  // Linux only: counts the server's open descriptors of a file through /proc.
  it.skipIf(!existsSync('/proc/self/fd'))('closes a file whose download the client abandons', async () => {
    const big = join(staticDir, 'assets', 'big.wasm');
    writeFileSync(big, Buffer.alloc(32 * 1024 * 1024));
    const openDescriptors = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === big;
        } catch {
          return false;
        }
      }).length;
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/assets/big.wasm', headers: { host: `127.0.0.1:${server.port}` } }, (res) =>
        res.once('data', () => {
          req.destroy();
          resolve();
        }),
      );
      req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
      req.end();
    });
    const deadline = Date.now() + 10_000;
    while (openDescriptors() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(openDescriptors()).toBe(0);
  });

  it('survives a malformed WebSocket frame: that connection closes, others are answered', async () => {
    const url = `ws://127.0.0.1:${server.port}/api?token=${server.token}`;
    const raw = new WebSocket(url);
    await new Promise((resolve, reject) => raw.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => raw.once('close', resolve));
    // A text frame that is not UTF-8: ws rejects it with close code 1007.
    raw.send(Buffer.from([0xff, 0xfe, 0xfd]), { binary: false });
    expect(await closed).toBe(1007);
    const client = await connect(url);
    try {
      expect(await client.call('app:info')).toMatchObject({ ok: true, value: { mode: 'browser' } });
    } finally {
      client.close();
    }
  });

  it('answers calls over the WebSocket and pushes events', async () => {
    const client = await connect(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, { origin: `http://127.0.0.1:${server.port}` });
    try {
      const info = await client.call('app:info');
      expect(info).toMatchObject({ ok: true, value: { mode: 'browser' } });
      const changed = client.nextEvent('project:changed');
      const opened = await client.call('project:openExample', { exampleId: 'xor-boltzmann' });
      expect(opened).toMatchObject({ ok: true, value: { name: 'XOR Boltzmann machine', path: null } });
      expect(await changed).toMatchObject({ name: 'XOR Boltzmann machine' });
      expect(await client.call('no:such')).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
      expect(await client.call('project:save')).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    } finally {
      client.close();
    }
  });
});
