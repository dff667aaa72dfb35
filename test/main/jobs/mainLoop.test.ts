import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProjectSnapshot, RunSummary } from '../../../main/api/contract';
import { startWebServer } from '../../../main/web/server';
import { makeServices, tempDir, xorRequest } from '../helpers';
import { connect } from '../web/wsClient';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('main event loop under training load', () => {
  it('answers app:info over the WebSocket bridge in < 50 ms (99 % of calls; < 250 ms at worst) while a training job runs', async () => {
    const { services, cleanup } = makeServices();
    cleanups.push(cleanup);
    const dir = tempDir('loop');
    cleanups.push(dir.cleanup);
    mkdirSync(join(dir.dir, 'renderer'));
    writeFileSync(join(dir.dir, 'renderer', 'index.html'), '<!doctype html>');
    const server = await startWebServer({ services, staticDir: join(dir.dir, 'renderer') });
    cleanups.push(() => server.close());
    const client = await connect(`ws://127.0.0.1:${server.port}/api?token=${server.token}`);
    cleanups.push(() => client.close());

    const opened = await client.call('project:openExample', { exampleId: 'xor-boltzmann' });
    const example = (opened as { value: ProjectSnapshot }).value;
    await client.call('app:info');
    const started = await client.call('run:start', xorRequest(example, { epochs: 1_000_000, seed: 1 }));
    const run = (started as { value: RunSummary }).value;
    while (((await client.nextEvent('run:progress')) as { step: number }).step < 50);

    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    const latencies: number[] = [];
    const until = performance.now() + 3000;
    while (performance.now() < until) {
      const sent = performance.now();
      expect(await client.call('app:info')).toMatchObject({ ok: true });
      latencies.push(performance.now() - sent);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    loopDelay.disable();

    const list = (await client.call('run:list')) as { value: RunSummary[] };
    expect(list.value[0]).toMatchObject({ id: run.id, status: 'running' });
    expect(list.value[0].lastStep).toBeGreaterThan(50);
    const ended = client.nextEvent('run:ended');
    await client.call('run:cancel', { runId: run.id });
    expect(await ended).toMatchObject({ run: { status: 'cancelled' } });

    latencies.sort((a, b) => a - b);
    const worst = latencies[latencies.length - 1];
    const p99 = latencies[Math.floor(latencies.length * 0.99)];
    console.log(
      `app:info round trips under training load: ${latencies.length} calls, median ${latencies[latencies.length >> 1].toFixed(2)} ms, ` +
        `p99 ${p99.toFixed(2)} ms, max ${worst.toFixed(2)} ms; event-loop delay max ${(loopDelay.max / 1e6).toFixed(1)} ms`,
    );
    expect(latencies.length).toBeGreaterThan(200);
    // On a loaded 2-core CI machine the OS may deschedule this thread for tens of ms now and then (seen: 62 ms),
    // so the 50 ms bound applies to the 99th percentile and the worst call gets a looser one.
    expect(p99).toBeLessThan(50);
    expect(worst).toBeLessThan(250);
  });
});
