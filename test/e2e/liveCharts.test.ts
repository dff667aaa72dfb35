import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { summary } from './editorHelpers';
import { generateDataset, insertTemplate, openNewProject, selectAlgorithm, trainInPanel } from './flows';
import { screenshot, useE2eSession } from './harness';

// Issue 7 acceptance: a sigmoid belief network on 4×4 bars, trained by the mean-field bound from the Train panel;
// the Charts view shows the bound rise while the run goes, overlays a second run and exports PNG, SVG and CSV.

const FIRST_EPOCHS = 30;
const SECOND_EPOCHS = 10;

interface Reading {
  latest: number;
  points: number;
  at: number;
}

async function chartReading(page: Page): Promise<Reading | undefined> {
  const chart = page.getByTestId('charts-chart');
  if ((await chart.count()) === 0) return undefined;
  const [latest, points] = await Promise.all([chart.getAttribute('data-latest'), chart.getAttribute('data-points')]);
  return latest ? { latest: Number(latest), points: Number(points), at: Date.now() } : undefined;
}

const completedRuns = (page: Page) => page.locator('[data-testid="chart-runs"] .charts-run-status[title="completed"]').count();

async function downloaded(page: Page, button: string): Promise<{ name: string; bytes: Buffer }> {
  const download: Promise<Download> = page.waitForEvent('download');
  await page.getByTestId(button).click();
  const file = await download;
  return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
}

describe('live charts', () => {
  const session = useE2eSession('e2e-live-charts');
  let page: Page;

  beforeAll(async () => {
    page = await openNewProject(session);
  });

  test('SBN 8-16 on 4×4 bars: the bound rises live in the Charts view; two runs overlaid; PNG, SVG and CSV exported', async () => {
    await insertTemplate(page, 'sbn', { sizes: '8-16' });
    await expect.poll(() => summary(page)).toBe('sigmoid belief network · 2 layers · 24 units · 128 links');
    await page.keyboard.press('Escape');

    const label = await generateDataset(page, 'hinton-bars', { count: '100' }, "Hinton's bars 4×4 (100 draws) — 100 × 16");
    await page.getByTestId('dataset-select').selectOption({ label });
    await selectAlgorithm(page, 'sbn-meanfield', 10_000);

    await page.keyboard.press('Alt+1');
    await expect.poll(() => page.getByTestId('analysis-tab-charts').getAttribute('aria-selected')).toBe('true');
    await trainInPanel(page, { algorithm: 'sbn-meanfield', epochs: FIRST_EPOCHS, seed: 1 });
    // The view charts the newest run of the active diagram; the 8-hidden-unit net also reports the exact ln P, listed first.
    await expect.poll(() => page.getByTestId('chart-metric').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)), { timeout: 30_000 }).toContain('bound');
    await page.getByTestId('chart-metric').selectOption('bound');

    // Poll the chart while the run goes: its point count grows and its latest bound climbs.
    const readings: Reading[] = [];
    while ((await completedRuns(page)) === 0) {
      const reading = await chartReading(page);
      if (reading && (readings.length === 0 || reading.points > readings[readings.length - 1].points)) readings.push(reading);
      await page.waitForTimeout(150);
    }
    const final = await chartReading(page);
    console.log(`bound readings during the run (points: F): ${readings.map((r) => `${r.points}: ${r.latest.toFixed(3)} @${r.at - readings[0].at}`).join(', ')}; final ${final?.points}: ${final?.latest.toFixed(3)}`);
    const live = readings.filter((r) => r.points < FIRST_EPOCHS);
    expect(live.length).toBeGreaterThanOrEqual(4);
    const rises = live.slice(1).filter((r, i) => r.latest > live[i].latest).length;
    expect(rises).toBeGreaterThanOrEqual(3);
    expect(final!.points).toBe(FIRST_EPOCHS);
    expect(final!.latest).toBeGreaterThan(readings[0].latest);
    // F ≤ ln P(v) < 0, and the bound of a 16-pixel image lies above 16 ln ½ once learning has begun.
    expect(final!.latest).toBeLessThan(0);
    expect(final!.latest).toBeGreaterThan(-16 * Math.LN2);

    // A second run; the view follows it, and ticking the first overlays both.
    await trainInPanel(page, { algorithm: 'sbn-meanfield', epochs: SECOND_EPOCHS, seed: 2 });
    await expect.poll(() => completedRuns(page), { timeout: 60_000 }).toBe(2);
    const boxes = page.locator('[data-testid="chart-runs"] input[type="checkbox"]');
    expect(await boxes.count()).toBe(2);
    expect(await boxes.nth(0).isChecked()).toBe(true);
    expect(await boxes.nth(1).isChecked()).toBe(false);
    await boxes.nth(1).check();
    await expect.poll(() => page.getByTestId('charts-chart').getAttribute('data-runs'), { timeout: 20_000 }).toBe('2');
    expect(await page.getByTestId('chart-legend').locator('li').count()).toBe(2);
    await page.getByTestId('chart-metric').selectOption('bound');
    await screenshot(page, 'charts-view');

    const png = await downloaded(page, 'export-png');
    expect(png.name).toBe('chart-bound.png');
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const svg = await downloaded(page, 'export-svg');
    const svgText = svg.bytes.toString('utf8');
    expect(svgText).toContain('<svg');
    expect(svgText.match(/<polyline /g)).toHaveLength(2);
    expect(svgText).toContain('mean-field bound F');
    const csv = (await downloaded(page, 'export-csv')).bytes.toString('utf8').trim().split('\n');
    const header = csv[0].split(',');
    expect(header.slice(0, 3)).toEqual(['run', 'label', 'step']);
    expect(header).toEqual(expect.arrayContaining(['bound', 'logLikelihood', 'weightNorm', 'examplesPerSecond']));
    // The full stored series of both runs (run:metrics), one row per epoch.
    expect(csv.length - 1).toBe(FIRST_EPOCHS + SECOND_EPOCHS);
    const bound = header.indexOf('bound');
    expect(csv.slice(1).every((row) => Number.isFinite(Number(row.split(',')[bound])))).toBe(true);

    // Zoom: a drag across the middle of the plot narrows the exported steps; a double click restores them.
    const plot = page.getByTestId('charts-chart').locator('.u-over');
    const box = (await plot.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    const pointsIn = (text: string) =>
      [...text.matchAll(/<polyline points="([^"]+)"/g)].reduce((sum, m) => sum + m[1].split(' ').length, 0) + (text.match(/<circle /g)?.length ?? 0);
    expect(pointsIn(svgText)).toBe(FIRST_EPOCHS + SECOND_EPOCHS);
    const zoomed = (await downloaded(page, 'export-svg')).bytes.toString('utf8');
    expect(pointsIn(zoomed)).toBeGreaterThan(0);
    expect(pointsIn(zoomed)).toBeLessThan((FIRST_EPOCHS + SECOND_EPOCHS) / 2);
    await plot.dblclick();
    expect(pointsIn((await downloaded(page, 'export-svg')).bytes.toString('utf8'))).toBe(FIRST_EPOCHS + SECOND_EPOCHS);
  });
});
