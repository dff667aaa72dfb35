import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers';
import { connect } from '../web/wsClient';

const WEB = join(process.cwd(), 'main/launch/web.mjs');
const URL_LINE = /^Attractor Studio \(browser mode\): (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]{48}))$/;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function launch(env: Record<string, string>): { child: ChildProcess; output: { stdout: string; stderr: string }; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [WEB], { env: { ...process.env, ATTRACTOR_PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  cleanups.push(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return { child, output, exited };
}

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('npm run web (main/launch/web.mjs)', () => {
  it('prints exactly one line with the URL, serves the API, and closes the project on SIGTERM', async () => {
    const { dir, cleanup } = tempDir('web-launch');
    cleanups.push(cleanup);
    const renderer = join(dir, 'renderer');
    mkdirSync(renderer);
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>t</title>');
    const dataDir = join(dir, 'data');
    const { child, output, exited } = launch({ ATTRACTOR_RENDERER_DIR: renderer, ATTRACTOR_DATA_DIR: dataDir });
    await until(() => output.stdout.includes('\n'));
    const lines = output.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const [, url, port, token] = URL_LINE.exec(lines[0]) ?? [];
    expect(url).toBeDefined();

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const client = await connect(`ws://127.0.0.1:${port}/api?token=${token}`);
    const opened = await client.call('project:openExample', { exampleId: 'xor-boltzmann' });
    expect(opened).toMatchObject({ ok: true });
    client.close();
    const scratch = join(dataDir, 'scratch');
    expect(readdirSync(scratch).some((f) => f.endsWith('-lock'))).toBe(true);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(output.stderr).toContain('SIGTERM: closing the project');
    // The store was closed: no writer lock or WAL left, the untitled project kept for recovery.
    const left = readdirSync(scratch);
    expect(left.filter((f) => f.endsWith('.attractor'))).toHaveLength(1);
    expect(left.filter((f) => /-(lock|wal|shm)$/.test(f))).toEqual([]);
  });

  it('refuses to start without a built renderer when building is switched off', async () => {
    const { dir, cleanup } = tempDir('web-missing');
    cleanups.push(cleanup);
    const { output, exited } = launch({ ATTRACTOR_RENDERER_DIR: join(dir, 'nothing'), ATTRACTOR_DATA_DIR: dir, ATTRACTOR_NO_BUILD: '1' });
    expect(await exited).toBe(1);
    expect(output.stdout).toBe('');
    expect(output.stderr).toContain(join(dir, 'nothing', 'index.html'));
    expect(existsSync(join(dir, 'scratch'))).toBe(false);
  });

  it('refuses a bad ATTRACTOR_PORT with one clear line', async () => {
    const { dir, cleanup } = tempDir('web-port');
    cleanups.push(cleanup);
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    const { output, exited } = launch({ ATTRACTOR_RENDERER_DIR: dir, ATTRACTOR_DATA_DIR: dir, ATTRACTOR_PORT: 'eighty' });
    expect(await exited).toBe(1);
    expect(output.stderr.trim().split('\n')).toEqual(["Attractor Studio could not start: ATTRACTOR_PORT must be a port number (0 = any free port); got 'eighty'."]);
  });
});
