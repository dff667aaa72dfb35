import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/** Chromium from Debian; tests never download a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface WebApp {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `npm run web` (browser mode) on a random port with its own data folder; resolves once the URL is printed. */
export function startWebApp(dataDir: string): Promise<WebApp> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['main/launch/web.mjs'], {
      env: { ...process.env, ATTRACTOR_NO_BUILD: '1', ATTRACTOR_PORT: '0', ATTRACTOR_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`web app did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          process: child,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web app exited with ${code}:\n${output}`));
    });
  });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

export function freshDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `attractor-${prefix}-`));
}

/** Screenshots kept as test artefacts. */
export const ARTEFACT_DIR = join(process.cwd(), 'test-results', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTEFACT_DIR, `${name}.png`) });
}

/** One test file's Chromium and web apps: the browser starts before the tests, everything stops after them. */
export interface E2eSession {
  readonly browser: Browser;
  readonly dataDir: string;
  /** Starts a web app on the session's data folder (stopped after the file's tests). */
  startApp(): Promise<WebApp>;
}

export function useE2eSession(prefix: string): E2eSession {
  const apps: WebApp[] = [];
  let browser: Browser | undefined;
  const dataDir = freshDir(prefix);
  beforeAll(async () => {
    mkdirSync(ARTEFACT_DIR, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all(apps.map((app) => app.stop()));
    // The apps' data folder (scratch projects, recent list) goes with them.
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    get browser() {
      if (!browser) throw new Error('the browser starts in beforeAll');
      return browser;
    },
    dataDir,
    async startApp() {
      const app = await startWebApp(dataDir);
      apps.push(app);
      return app;
    },
  };
}

/** A new page on the app, once the status bar is up; `debug` exposes window.__attractorDebug. */
export async function openApp(browser: Browser, app: WebApp, options: { debug?: boolean } = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(options.debug ? `${app.url}&debug=1` : app.url);
  await page.getByTestId('status-backend').waitFor();
  return page;
}
