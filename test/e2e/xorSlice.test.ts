import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { openApp, screenshot, useE2eSession } from './harness';

// The Foundation's vertical slice, driven through the real UI in Chromium (browser mode):
// open the XOR example, train it with exact Boltzmann learning, save, quit, reopen, find the same weights.

type DebugWindow = { __attractorDebug: { getDiagram(): { parameters?: unknown } | undefined } };

async function currentParameters(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as unknown as DebugWindow).__attractorDebug.getDiagram()?.parameters);
}

describe('XOR Boltzmann machine, end to end', () => {
  const session = useE2eSession('e2e-xor');
  const dataDir = session.dataDir;
  const projectPath = join(dataDir, 'xor.attractor');

  test('open the example, train to KL < 0.05, save, quit, reopen with identical weights', async () => {
    const app = await session.startApp();
    const page = await openApp(session.browser, app, { debug: true });
    // '…' until app:info answers (backend selection can take a while on a loaded machine).
    await expect.poll(() => page.getByTestId('status-backend').textContent()).toMatch(/wasm|cpu|tensorflow/);

    await page.getByTestId('open-example-menu').click();
    await page.getByTestId('open-example-xor-boltzmann').click();
    await expect.poll(() => page.getByTestId('compiled-summary').textContent()).toContain('Boltzmann machine · 7 units · 21 couplings');
    await screenshot(page, 'xor-opened');

    await page.getByTestId('train-button').click();
    await page.getByTestId('run-progress').waitFor();
    await page.locator('[data-testid="trained-state"].state-trained').waitFor({ timeout: 120_000 });
    const klText = (await page.getByTestId('kl-value').textContent()) ?? '';
    const kl = Number(/([0-9]*\.?[0-9]+(?:e-?\d+)?)/.exec(klText)?.[1]);
    expect(kl).toBeLessThan(0.05);
    await screenshot(page, 'xor-trained');
    const trained = await currentParameters(page);
    expect(trained).toBeTruthy();

    // A file already at the chosen path is replaced only after the user confirms.
    writeFileSync(projectPath, 'an older file');
    await page.getByTestId('save-as').click();
    await page.getByTestId('path-input').fill(projectPath);
    await page.getByTestId('path-ok').click();
    await page.getByTestId('path-exists').waitFor();
    expect(readFileSync(projectPath, 'utf8')).toBe('an older file');
    await screenshot(page, 'save-as-replace');
    await page.getByTestId('path-replace').click();
    await expect.poll(() => page.getByTestId('status-path').textContent()).toContain('xor.attractor');
    expect(readFileSync(projectPath).subarray(0, 15).toString()).toBe('SQLite format 3');

    // Quit: close the page and stop the server process, then start a fresh one.
    await page.close();
    await app.stop();
    const reopened = await session.startApp();
    const page2 = await openApp(session.browser, reopened, { debug: true });
    await page2.getByTestId('open-project').click();
    await page2.getByTestId('path-input').fill(projectPath);
    await page2.getByTestId('path-ok').click();
    await expect.poll(() => page2.getByTestId('compiled-summary').textContent()).toContain('Boltzmann machine · 7 units · 21 couplings');
    await expect.poll(() => currentParameters(page2)).toEqual(trained);
    await expect.poll(() => page2.getByTestId('run-list').textContent()).toMatch(/completed/i);
    await screenshot(page2, 'xor-reopened');
    await page2.close();
  });
});
