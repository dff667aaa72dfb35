import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { openAnalysisTab, openExample } from './flows';
import { ARTEFACT_DIR, openApp, screenshot, useE2eSession } from './harness';

// Export from the real UI: a run's HTML report from the run list, and the Charts view's chart as PNG, SVG and CSV.

/** Clicks `button` and returns the download it starts, with its bytes. */
async function downloadOf(page: Page, click: () => Promise<void>): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()]);
  const path = await download.path();
  return { download, bytes: readFileSync(path) };
}

/** Parses text in the page (DOMParser) and returns what went wrong, or null when it parsed, with the root element's name. */
function parseInPage(page: Page, text: string, type: 'image/svg+xml' | 'text/html') {
  return page.evaluate(
    ([source, mime]) => {
      const doc = new DOMParser().parseFromString(source, mime as DOMParserSupportedType);
      const error = doc.querySelector('parsererror');
      return { error: error ? error.textContent : null, root: doc.documentElement.nodeName, svgCount: doc.querySelectorAll('svg').length };
    },
    [text, type] as const,
  );
}

describe('exporting runs and charts', () => {
  const session = useE2eSession('e2e-export');
  let page: Page;

  beforeAll(async () => {
    page = await openApp(session.browser, await session.startApp());
  });

  test('the XOR example trains for 40 epochs', async () => {
    await expect.poll(() => page.getByTestId('status-backend').textContent()).toMatch(/wasm|cpu|tensorflow/);
    await openExample(page, 'xor-boltzmann');
    await expect.poll(() => page.getByTestId('compiled-summary').textContent()).toContain('Boltzmann machine · 7 units · 21 couplings');
    await page.getByTestId('epochs-input').fill('40');
    await page.getByTestId('train-button').click();
    await page.locator('[data-testid="run-row"][data-status="completed"]').waitFor({ timeout: 120_000 });
    await screenshot(page, 'export-xor-trained');
  });

  test('the run list downloads a self-contained HTML report with the settings, an SVG chart and the final KL', async () => {
    const row = page.locator('[data-testid="run-row"][data-status="completed"]').first();
    const figures = (await row.getByTestId('run-figures').textContent()) ?? '';
    const shownKl = /KL ([0-9.e−-]+)/.exec(figures)?.[1];
    expect(shownKl).toBeTruthy();

    if ((await row.getByTestId('run-report').count()) === 0) {
      throw new Error('No run-report button in the run row: RunReportButton (renderer/src/export/RunReportButton.tsx) belongs in RunList.tsx .run-actions.');
    }
    const { download, bytes } = await downloadOf(page, () => row.getByTestId('run-report').click());
    expect(download.suggestedFilename()).toMatch(/^XOR.*boltzmann-exact.*-report\.html$/);
    const html = bytes.toString('utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    const parsed = await parseInPage(page, html, 'text/html');
    expect(parsed.svgCount).toBeGreaterThanOrEqual(1);
    expect(html).toContain('<figure data-metric="kl"><svg');
    // The final KL the run list shows (four significant digits) is the report's final KL.
    expect(html).toMatch(new RegExp(`<td>KL\\(data‖model\\) \\(nats\\)</td><td>${shownKl!.replace(/\./g, '\\.')}</td><td>40</td>`));
    expect(html).toContain('Boltzmann machine · 7 units · 21 couplings');
    expect(html).toContain('<th scope="row">Seed</th>');
    expect(html).not.toMatch(/https?:\/\//);
    // The report's KL chart has one point per epoch of the full series.
    const klPoints = /<figure data-metric="kl">[\s\S]*?<polyline points="([^"]*)"/.exec(html)?.[1].split(' ').length;
    expect(klPoints).toBe(40);

    // The page as a reader sees it, offline (the test artefact).
    const reportPage = await session.browser.newPage({ viewport: { width: 1000, height: 1400 } });
    await reportPage.setContent(html);
    await reportPage.screenshot({ path: join(ARTEFACT_DIR, 'export-run-report.png'), fullPage: true });
    await reportPage.close();
  });

  test('the Charts view exports its chart as a 2× PNG, a standalone SVG without theme variables, and CSV', async () => {
    // The tab folds the dock when its view is already open, so click it only when another view is showing.
    const view = await openAnalysisTab(page, 'charts');
    await view.getByTestId('export-svg').waitFor();
    await screenshot(page, 'export-charts-view');

    const svg = await downloadOf(page, () => view.getByTestId('export-svg').click());
    expect(svg.download.suggestedFilename()).toMatch(/\.svg$/);
    const svgText = svg.bytes.toString('utf8');
    const parsed = await parseInPage(page, svgText, 'image/svg+xml');
    expect(parsed.error).toBeNull();
    expect(parsed.root).toBe('svg');
    expect(svgText).not.toContain('var(');
    expect(svgText).toContain('<polyline');
    const width = Number(/<svg[^>]*\swidth="(\d+)"/.exec(svgText)?.[1]);
    const height = Number(/<svg[^>]*\sheight="(\d+)"/.exec(svgText)?.[1]);
    expect(width).toBeGreaterThan(0);

    const png = await downloadOf(page, () => view.getByTestId('export-png').click());
    expect(png.download.suggestedFilename()).toMatch(/\.png$/);
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // IHDR: width and height (big-endian) at bytes 16 and 20; the page's device scale is 1, so the PNG is twice the SVG.
    expect(png.bytes.readUInt32BE(16)).toBe(2 * width);
    expect(png.bytes.readUInt32BE(20)).toBe(2 * height);
    writeFileSync(join(ARTEFACT_DIR, 'export-chart.png'), png.bytes);

    // Theme colours are resolved at export time: light surface and text now, the dark theme's after switching.
    expect(svgText).toContain('fill="#ffffff"/>');
    expect(svgText).toContain('#1c2230');
    await page.getByTestId('theme-toggle').click();
    const dark = (await downloadOf(page, () => view.getByTestId('export-svg').click())).bytes.toString('utf8');
    await page.getByTestId('theme-toggle').click();
    expect(dark).toContain('fill="#1c2028"/>');
    expect(dark).toContain('#e6e9ef');
    expect(dark).not.toContain('#1c2230');

    const csv = await downloadOf(page, () => view.getByTestId('export-csv').click());
    const lines = csv.bytes.toString('utf8').trim().split('\n');
    expect(lines[0]).toMatch(/step/);
    expect(lines.length).toBeGreaterThanOrEqual(41);
  });

  test('an SVG drawn by the page (the Inside view) exports with its computed styles inlined: no classes, no theme variables', async () => {
    const view = await openAnalysisTab(page, 'inside');
    const card = view.locator('.inside-card').first();
    await card.getByTestId('export-svg').waitFor();
    const onScreen = await card.locator('svg').first().evaluate((svg) => ({ width: Math.round(svg.getBoundingClientRect().width), height: Math.round(svg.getBoundingClientRect().height) }));

    const svg = await downloadOf(page, () => card.getByTestId('export-svg').click());
    const svgText = svg.bytes.toString('utf8');
    expect((await parseInPage(page, svgText, 'image/svg+xml')).error).toBeNull();
    expect(svgText).not.toContain('var(');
    expect(svgText).not.toMatch(/\sclass="/);
    expect(svgText).toMatch(/style="[^"]*fill:rgb\(/);
    expect(svgText).toContain(`width="${onScreen.width}" height="${onScreen.height}"`);

    const png = await downloadOf(page, () => card.getByTestId('export-png').click());
    expect([...png.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(png.bytes.readUInt32BE(16)).toBe(2 * onScreen.width);
    writeFileSync(join(ARTEFACT_DIR, 'export-inside-figure.png'), png.bytes);
  });
});
