#!/usr/bin/env node
// `npm run web`: browser mode. Builds the renderer when out/renderer is missing or stale (unless ATTRACTOR_NO_BUILD=1),
// then starts main/web/serve.ts under tsx, which prints `Attractor Studio (browser mode): http://127.0.0.1:PORT/?token=…`.
// ATTRACTOR_RENDERER_DIR serves another built renderer folder (no build then).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { register } from 'tsx/esm/api';
import { isStale, RENDERER_SOURCES, ROOT } from './freshness.mjs';

const customDir = process.env.ATTRACTOR_RENDERER_DIR;
const index = customDir ? resolve(customDir, 'index.html') : join(ROOT, 'out/renderer/index.html');

if (!customDir && process.env.ATTRACTOR_NO_BUILD !== '1' && isStale([index], RENDERER_SOURCES)) {
  process.stderr.write('Building the renderer (out/renderer)…\n');
  const result = spawnSync(process.execPath, [join(ROOT, 'main/launch/buildRenderer.mjs')], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    process.stderr.write('The renderer build failed (see above); fix it or run `npx electron-vite build`.\n');
    process.exit(1);
  }
}
if (!existsSync(index)) {
  process.stderr.write(`${index} is missing: run \`npx electron-vite build\`, or start without ATTRACTOR_NO_BUILD=1.\n`);
  process.exit(1);
}

register();
await import('../web/serve.ts');
