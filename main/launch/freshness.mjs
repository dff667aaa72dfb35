// Shared by the launchers: is a build output older than the sources it is built from?
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file lives in main/launch/). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Newest modification time (ms) of the files under the given paths (relative to ROOT, or absolute); 0 when none exist. */
export function newestMtime(paths) {
  let newest = 0;
  const visit = (path) => {
    let info;
    try {
      info = statSync(path);
    } catch {
      return;
    }
    if (info.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules') visit(join(path, entry));
    } else {
      newest = Math.max(newest, info.mtimeMs);
    }
  };
  for (const path of paths) visit(resolve(ROOT, path));
  return newest;
}

/** True when an output file is missing or older than any of the sources. */
export function isStale(outputs, sources) {
  const sourceTime = newestMtime(sources);
  return outputs.some((output) => {
    try {
      return statSync(resolve(ROOT, output)).mtimeMs < sourceTime;
    } catch {
      return true;
    }
  });
}

/** Sources of the renderer bundle (it imports the pure engine code and the API contract). */
export const RENDERER_SOURCES = ['renderer', 'engine', 'main/api', 'electron.vite.config.ts', 'package.json'];
/** Sources of the whole Electron build. */
export const APP_SOURCES = ['renderer', 'engine', 'projects', 'main', 'electron.vite.config.ts', 'package.json'];
