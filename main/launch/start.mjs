#!/usr/bin/env node
// `npm start`: the desktop app when the Electron binary is available (building out/ when stale), otherwise browser mode.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_SOURCES, isStale, ROOT } from './freshness.mjs';

const ELECTRON_DIR = join(ROOT, 'node_modules/electron');
const DOWNLOAD_TIMEOUT_MS = 60_000;

/** Path of the Electron executable, found the way node_modules/electron/index.js does (without its download side effect). */
function electronExecutable() {
  if (!existsSync(join(ELECTRON_DIR, 'package.json'))) return undefined;
  const pathFile = join(ELECTRON_DIR, 'path.txt');
  const relative = existsSync(pathFile)
    ? readFileSync(pathFile, 'utf8')
    : { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' }[process.platform] ?? 'electron';
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(ELECTRON_DIR, 'dist');
  const executable = join(dist, relative);
  return existsSync(executable) ? executable : undefined;
}

/** Runs Electron's installer (downloads the binary); resolves to undefined or a short reason it failed. */
function downloadElectron() {
  if (!existsSync(join(ELECTRON_DIR, 'install.js'))) return 'the electron package is not installed';
  const result = spawnSync(process.execPath, [join(ELECTRON_DIR, 'install.js')], {
    cwd: ELECTRON_DIR,
    timeout: DOWNLOAD_TIMEOUT_MS,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.error?.code === 'ETIMEDOUT') return `no answer within ${DOWNLOAD_TIMEOUT_MS / 1000} s`;
  if (result.error) return result.error.message;
  if (result.status === 0) return undefined;
  const lines = `${result.stderr}\n${result.stdout}`.split('\n').map((l) => l.trim()).filter(Boolean);
  const reason = lines.find((l) => /error/i.test(l)) ?? lines[0] ?? `installer exit code ${result.status}`;
  return reason.length > 160 ? `${reason.slice(0, 157)}…` : reason;
}

function startBrowserMode(why) {
  process.stderr.write(`${why}; starting browser mode instead.\n`);
  return import('./web.mjs');
}

let executable = electronExecutable();
let failure;
if (!executable) {
  // On a terminal a transient notice covers the wait; it is erased so the fallback stays ONE line.
  const notice = Boolean(process.stderr.isTTY);
  if (notice) process.stderr.write('Electron binary missing; downloading it (up to 60 s)…');
  failure = downloadElectron();
  if (notice) process.stderr.write('\r\x1b[K');
  executable = electronExecutable();
}
if (!executable) {
  await startBrowserMode(`Electron binary not available (download failed: ${failure ?? 'binary still missing after install'})`);
} else if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  await startBrowserMode('No display for the desktop app (DISPLAY and WAYLAND_DISPLAY are unset)');
} else {
  if (isStale(['out/main/index.js', 'out/main/jobWorker.js', 'out/main/probeWorker.js', 'out/preload/index.cjs', 'out/renderer/index.html'], APP_SOURCES)) {
    process.stderr.write('Building the app (electron-vite build)…\n');
    const built = spawnSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
      cwd: ROOT,
      stdio: ['ignore', 2, 2],
    });
    if (built.status !== 0) {
      process.stderr.write('The build failed (see above).\n');
      process.exit(1);
    }
  }
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(executable, [join(ROOT, 'out/main/index.js'), ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
