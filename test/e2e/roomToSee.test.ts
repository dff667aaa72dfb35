import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { openAnalysisTab, openExample, trainInPanel, waitTrained } from './flows';
import { openApp, screenshot, useE2eSession, type WebApp } from './harness';

// Issue 13 item 6: room to see at 1440×900. Every example opens with all its nodes in view, none under the minimap or
// the zoom controls. The dock opens tall enough for a chart with both axes and a completion result, keeps whatever
// height it is given (from its minimum to its tallest) without cutting the chart's x axis, maximises over the canvas
// and remembers that across reloads; the Exact table gets its width; at 200 % zoom (a 720×450 viewport) every toolbar
// command stays on screen. A chart of a single point shows it.

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

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** Nodes outside the canvas or under one of its panels (minimap, zoom controls, weight legend), by label; empty when all are in view. */
async function hiddenNodes(page: Page): Promise<string[]> {
  const pane = await boxOf(page.locator('.react-flow').first());
  await page.locator('.react-flow__minimap').waitFor();
  const panels = page.locator('.react-flow__panel');
  const overlays: Box[] = [];
  for (let i = 0; i < (await panels.count()); i++) {
    const b = await panels.nth(i).boundingBox();
    if (b) overlays.push({ top: b.y, left: b.x, bottom: b.y + b.height, right: b.x + b.width });
  }
  const nodes = page.locator('.react-flow__node');
  const hidden: string[] = [];
  for (let i = 0; i < (await nodes.count()); i++) {
    const box = await boxOf(nodes.nth(i));
    if (!inside(box, pane) || overlays.some((o) => overlaps(box, o))) hidden.push((await nodes.nth(i).textContent()) ?? `node ${i}`);
  }
  return hidden;
}

/** Pixels of the chart's canvas in a saturated colour: the series (grid, axes and text are grey). */
const seriesPixels = (chart: Locator) =>
  chart.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let count = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 128 && Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 60) count++;
    return count;
  });

const dockHeight = (page: Page) => page.locator('.analysis-body').evaluate((b) => b.getBoundingClientRect().height);

describe('room to see', () => {
  const session = useE2eSession('e2e-room-to-see');
  let app: WebApp;
  let page: Page;

  beforeAll(async () => {
    app = await session.startApp();
    page = await openApp(session.browser, app);
  });

  test('every example opens at 1440×900 with every node in view, none under the minimap or the zoom controls', async () => {
    await page.getByTestId('open-example-menu').click();
    const summary = () => page.getByTestId('compiled-summary').allTextContents();
    const ids = (await page.locator('[data-testid^="open-example-"]').evaluateAll((items) => items.map((i) => i.getAttribute('data-testid')!))).filter((id) => id !== 'open-example-menu').map((id) => id.slice('open-example-'.length));
    await page.keyboard.press('Escape');
    expect(ids).toContain('xor-boltzmann');
    // Each example's compiled summary differs from the one before, which tells that its diagram replaced the last.
    const open = async (id: string) => {
      const before = (await summary()).join('');
      await openExample(page, id);
      await expect.poll(async () => (await summary()).join(''), { timeout: 60_000, message: `example ${id} opens` }).not.toBe(before);
      await expect.poll(() => hiddenNodes(page), { timeout: 60_000, message: `example ${id}` }).toEqual([]);
    };
    for (const id of ids) {
      await open(id);
      if (id === 'xor-boltzmann') {
        await screenshot(page, 'room-example-open-light');
        await page.getByTestId('theme-toggle').click();
        await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
        await screenshot(page, 'room-example-open-dark');
        await page.getByTestId('theme-toggle').click();
      }
    }
    // Zoomed in past the pane's edges, F and the controls' fit button bring every node back clear of the panels.
    const zoomIn = async () => {
      for (let i = 0; i < 4; i++) await page.locator('.react-flow__controls-zoomin').click();
      await expect.poll(async () => (await hiddenNodes(page)).length, { timeout: 60_000 }).toBeGreaterThan(0);
    };
    await zoomIn();
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('KeyF');
    await expect.poll(() => hiddenNodes(page), { timeout: 60_000 }).toEqual([]);
    await zoomIn();
    await page.locator('.react-flow__controls-fitview').click();
    await expect.poll(() => hiddenNodes(page), { timeout: 60_000 }).toEqual([]);
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
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowUp');
    expect(Number(await page.getByTestId('analysis-resize').getAttribute('aria-valuenow'))).toBe(minimum + 240);
    // The body really gets that height (the canvas gives way down to its strip), and the chart follows it.
    await expect.poll(() => dockHeight(page)).toBeCloseTo(minimum + 240, 0);
    // The canvas strip left above is too short for the minimap, which would cover most of it.
    await expect.poll(() => page.locator('.react-flow__minimap').isVisible()).toBe(false);
    await expectXAxisVisible(page);
  });

  test('the dock maximises and restores; height and maximised state survive a reload', async () => {
    const chosen = await dockHeight(page);
    await page.getByTestId('analysis-maximise').click();
    await expect.poll(() => page.getByTestId('analysis-dock').getAttribute('data-maximised')).toBe('true');
    const maximised = await dockHeight(page);
    // It covers the whole canvas column (diagram tabs and canvas included), well above the chosen height.
    const column = await boxOf(page.locator('.canvas-column'));
    const dock = await boxOf(page.getByTestId('analysis-dock'));
    expect([dock.top, dock.bottom]).toEqual([expect.closeTo(column.top, 0), expect.closeTo(column.bottom, 0)]);
    expect(maximised).toBeGreaterThan(chosen + 150);
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

  test('a one-epoch run: its single point shows in the Train panel’s live chart and in the Charts view', async () => {
    await openAnalysisTab(page, 'charts');
    await trainInPanel(page, { epochs: 1, seed: 5 });
    const live = page.getByTestId('kl-chart');
    await expect.poll(() => live.getAttribute('data-points'), { timeout: 120_000 }).toBe('1');
    await expect.poll(() => seriesPixels(live), { timeout: 60_000 }).toBeGreaterThan(8);
    const chart = page.getByTestId('charts-chart');
    await expect.poll(() => chart.getAttribute('data-points'), { timeout: 60_000 }).toBe('1');
    await expect.poll(() => seriesPixels(chart), { timeout: 60_000 }).toBeGreaterThan(8);
    await screenshot(page, 'room-one-point-light');
    await page.getByTestId('theme-toggle').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expect.poll(() => seriesPixels(chart), { timeout: 60_000 }).toBeGreaterThan(8);
    await screenshot(page, 'room-one-point-dark');
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
    await small.getByTestId('theme-toggle').click();
    await expect.poll(() => small.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await screenshot(small, 'room-toolbar-720-dark');
    await small.close();
  });
});
