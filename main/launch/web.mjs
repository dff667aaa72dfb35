#!/usr/bin/env node
// `npm run web`: browser mode. Builds the renderer when out/renderer is missing or stale (unless ATTRACTOR_NO_BUILD=1),
// then starts main/web/serve.ts under tsx, which prints `Attractor Studio (browser mode): http://127.0.0.1:PORT/?token=…`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'tsx/esm/api';
import { isStale, RENDERER_SOURCES, ROOT } from './freshness.mjs';

const INDEX = 'out/renderer/index.html';

if (process.env.ATTRACTOR_NO_BUILD !== '1' && isStale([INDEX], RENDERER_SOURCES)) {
  process.stderr.write('Building the renderer (out/renderer)…\n');
  const result = spawnSync(process.execPath, [join(ROOT, 'main/launch/buildRenderer.mjs')], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    process.stderr.write('The renderer build failed (see above); fix it or run `npx electron-vite build`.\n');
    process.exit(1);
  }
}
if (!existsSync(join(ROOT, INDEX))) {
  process.stderr.write(`${INDEX} is missing: run \`npx electron-vite build\`, or start without ATTRACTOR_NO_BUILD=1.\n`);
  process.exit(1);
}

register();
await import('../web/serve.ts');
