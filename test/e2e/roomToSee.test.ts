import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { openAnalysisTab, openExample, trainInPanel, waitTrained } from './flows';
import { openApp, screenshot, useE2eSession, type WebApp } from './harness';

// Issue 13 item 6: room to see at 1440×900. The dock opens tall enough for a chart with both axes and a completion
// result, keeps whatever height it is given (down to its minimum) without cutting the chart's x axis, maximises over
// the canvas and remembers that across reloads; the Exact table gets its width; at 200 % zoom (a 720×450 viewport)
// every toolbar command stays on screen.

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** The part of the dock's body the user sees (its client box, without a scroll bar). */
async function bodyBox(page: Page): Promise<Box> {
  return page.locator('.analysis-body').evaluate((body) => {
    const r = body.getBoundingClientRect();
    return { top: r.top + body.clientTop, left: r.left + body.clientLeft, bottom: r.top + body.clientTop + body.clientHeight, right: r.left + body.clientLeft + body.clientWidth };
  });
}

async function boxOf(locator: Locator): Promise<Box> {
  const b = (await locator.boundingBox())!;
  return { top: b.y, left: b.x, bottom: b.y + b.height, right: b.x + b.width };
}

const inside = (inner: Box, outer: Box) => inner.top >= outer.top - 0.5 && inner.bottom <= outer.bottom + 0.5 && inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5;

/** The chart's plot (u-over) and whole drawing (uplot root, which holds the axes) as laid out now. */
async function chartGeometry(page: Page): Promise<{ plot: Box; whole: Box; body: Box }> {
  const chart = page.getByTestId('charts-chart');
  return { plot: await boxOf(chart.locator('.u-over')), whole: await boxOf(chart.locator('.uplot')), body: await bodyBox(page) };
}

/** The x axis (ticks, values and the "epoch" label, 54 px in MetricChart) lies under the plot and inside the visible body. */
async function expectXAxisVisible(page: Page): Promise<void> {
  let geometry = await chartGeometry(page);
  const ok = () => geometry.whole.bottom - geometry.plot.bottom >= 50 && inside(geometry.whole, geometry.body);
  for (let tries = 0; tries < 20 && !ok(); tries++) {
    await page.waitForTimeout(150);
    geometry = await chartGeometry(page);
  }
  expect(ok(), `chart geometry ${JSON.stringify(geometry)}`).toBe(true);
}

const dockHeight = (page: Page) => page.locator('.analysis-body').evaluate((b) => b.getBoundingClientRect().height);

describe('room to see', () => {
  const session = useE2eSession('e2e-room-to-see');
  let app: WebApp;
  let page: Page;

  beforeAll(async () => {
    app = await session.startApp();
    page = await openApp(session.browser, app);
  });

  test('XOR at 1440×900: the chart’s x axis is visible at the default and the minimum dock height', async () => {
    await openExample(page, 'xor-boltzmann');
    await expect.poll(() => page.getByTestId('compiled-summary').textContent()).toContain('Boltzmann machine · 7 units · 21 couplings');
    await trainInPanel(page, { epochs: 40, seed: 3 });
    await waitTrained(page, 120_000);
    await openAnalysisTab(page, 'charts');
    await expect.poll(async () => Number(await page.getByTestId('charts-chart').getAttribute('data-points'))).toBe(40);
    expect(await dockHeight(page)).toBeGreaterThanOrEqual(380);
    await expectXAxisVisible(page);
    await screenshot(page, 'room-charts-light');

    // Down to the minimum with the keyboard on the resize edge: the chart shrinks, its axis stays in view.
    await page.getByTestId('analysis-resize').focus();
    for (let i = 0; i < 20; i++) await page.keyboard.press('Shift+ArrowDown');
    const minimum = Number(await page.getByTestId('analysis-resize').getAttribute('aria-valuemin'));
    expect(Number(await page.getByTestId('analysis-resize').getAttribute('aria-valuenow'))).toBe(minimum);
    await expectXAxisVisible(page);
    await screenshot(page, 'room-charts-minimum');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowUp');
    expect(Number(await page.getByTestId('analysis-resize').getAttribute('aria-valuenow'))).toBe(minimum + 320);
  });

  test('the dock maximises and restores; height and maximised state survive a reload', async () => {
    const chosen = await dockHeight(page);
    await page.getByTestId('analysis-maximise').click();
    await expect.poll(() => page.getByTestId('analysis-dock').getAttribute('data-maximised')).toBe('true');
    const maximised = await dockHeight(page);
    expect(maximised).toBeGreaterThan(chosen + 200);
    await expectXAxisVisible(page);
    await screenshot(page, 'room-charts-maximised');

    await page.reload();
    await page.getByTestId('status-backend').waitFor();
    await expect.poll(() => page.getByTestId('analysis-dock').getAttribute('data-maximised')).toBe('true');
    expect(await dockHeight(page)).toBeCloseTo(maximised, 0);

    // Alt+M restores the height chosen before; that survives a reload too.
    await page.keyboard.press('Alt+KeyM');
    await expect.poll(() => page.getByTestId('analysis-dock').getAttribute('data-maximised')).toBe('false');
    expect(await dockHeight(page)).toBeCloseTo(chosen, 0);
    await page.reload();
    await page.getByTestId('status-backend').waitFor();
    expect(await dockHeight(page)).toBeCloseTo(chosen, 0);
  });

  test('the Exact table has the width its columns need; the completion result is in view without scrolling', async () => {
    await expect.poll(() => page.getByTestId('compiled-summary').textContent()).toContain('7 units');
    const view = await openAnalysisTab(page, 'exact');
    await view.getByTestId('exact-state-row').first().waitFor({ timeout: 60_000 });
    const wrap = view.locator('.exact-table-wrap');
    const widths = await wrap.evaluate((w) => ({ scroll: w.scrollWidth, client: w.clientWidth, table: w.querySelector('table')!.getBoundingClientRect().width }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    expect(widths.table).toBeLessThanOrEqual(widths.client);
    await screenshot(page, 'room-exact');

    await openAnalysisTab(page, 'generate');
    await page.getByTestId('generate-tab-completion').click();
    // Every pixel unknown: the completion is the model's most probable pattern.
    await page.getByTestId('completion-invert-mask').click();
    await page.getByTestId('completion-run').click();
    const result = page.getByTestId('completion-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await page.locator('.analysis-body').evaluate((b) => b.scrollTop)).toBe(0);
    expect(inside(await boxOf(result), await bodyBox(page))).toBe(true);
    await screenshot(page, 'room-completion');
  });

  test('dark theme: the charts view', async () => {
    await openAnalysisTab(page, 'charts');
    await page.getByTestId('theme-toggle').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expectXAxisVisible(page);
    await screenshot(page, 'room-charts-dark');
    await page.getByTestId('theme-toggle').click();
  });

  test('720×450 (1440×900 at 200 %): every toolbar command is on screen', async () => {
    const small = await session.browser.newPage({ viewport: { width: 720, height: 450 } });
    await small.goto(app.url);
    await small.getByTestId('status-backend').waitFor();
    const viewport = { top: 0, left: 0, right: 720, bottom: 450 };
    const buttons = small.locator('header.toolbar button');
    const count = await buttons.count();
    expect(count).toBeGreaterThanOrEqual(14);
    for (let i = 0; i < count; i++) {
      const button = buttons.nth(i);
      const name = (await button.getAttribute('data-testid')) ?? (await button.textContent());
      expect({ name, inView: inside(await boxOf(button), viewport) }).toEqual({ name, inView: true });
    }
    expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(720);
    await screenshot(small, 'room-toolbar-720');
    await small.close();
  });
});
