// Builds only the renderer (out/renderer) with the renderer section of electron.vite.config.ts.
import { resolveConfig } from 'electron-vite';
import { build } from 'vite';
import { ROOT } from './freshness.mjs';

process.chdir(ROOT);
process.env.NODE_ENV_ELECTRON_VITE = 'production';
const { config } = await resolveConfig({}, 'build', 'production');
if (!config?.renderer) throw new Error('electron.vite.config.ts has no renderer section');
await build(config.renderer);
