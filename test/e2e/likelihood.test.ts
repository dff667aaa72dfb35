import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { summary } from './editorHelpers';
import { generateDataset, insertTemplate, openNewProject, trainInPanel, waitTrained } from './flows';
import { screenshot, useE2eSession } from './harness';

// Issue 12 acceptance on screen: an RBM trained from the Train panel with the AIS monitor on shows forward and reverse AIS
// as one objective in the Charts view (exact ln P beside them), says on hover how each estimate was made, opens the
// likelihood diagnostics panel, and with a deliberately short schedule shows a warning that names what to do.

const EPOCHS = 60;
const AIS_EVERY = 20;

async function panelFigures(page: Page) {
  const panel = page.getByTestId('likelihood-panel');
  const read = async (name: string) => Number((await panel.getAttribute(`data-${name}`)) ?? NaN);
  const interval = ((await panel.getAttribute('data-interval')) ?? '').split(',').map(Number);
  return { step: await read('step'), forward: await read('forward'), reverse: await read('reverse'), exact: await read('exact'), interval, warnings: await read('warnings') };
}

async function trainWithMonitor(page: Page, temperatures: number, dataset?: string, init?: 'current'): Promise<void> {
  await page.getByTestId('hyper-aisEvery').fill(String(AIS_EVERY));
  await page.getByTestId('hyper-aisTemperatures').fill(String(temperatures));
  await page.getByTestId('hyper-aisRuns').fill('100');
  await trainInPanel(page, { ...(dataset ? { dataset } : {}), epochs: EPOCHS, seed: 1, ...(init ? { init } : {}) });
  await waitTrained(page, 180_000);
}

describe('likelihood estimates on screen', () => {
  const session = useE2eSession('e2e-likelihood');
  let page: Page;
  let dataset: string;

  beforeAll(async () => {
    page = await openNewProject(session);
  });

  test('an RBM 9×6 (±1 units) from the template, generated 3×3 bars and stripes, CD chosen', async () => {
    await insertTemplate(page, 'rbm', { visible: '9', hidden: '6' });
    await expect.poll(() => summary(page)).toBe('restricted Boltzmann machine · 15 units · 54 couplings');
    await page.keyboard.press('Escape');
    await page.locator('#diagram-encoding').selectOption('pm1');
    dataset = await generateDataset(page, 'bars-stripes', { size: '3' }, 'Bars and stripes 3×3 — 14 × 9');
    await page.getByTestId('dataset-select').selectOption({ label: dataset });
    await expect.poll(() => page.getByTestId('algorithm-select').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)), { timeout: 10_000 }).toContain('cd');
    await page.getByTestId('algorithm-select').selectOption('cd');
    await page.keyboard.press('Alt+1');
    // A taller dock, so the chart and the diagnostics panel fit the screenshots.
    const edge = (await page.locator('.analysis-resize').boundingBox())!;
    await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2);
    await page.mouse.down();
    await page.mouse.move(edge.x + edge.width / 2, edge.y - 330, { steps: 6 });
    await page.mouse.up();
  });

  test('CD with AIS every 20 epochs (1,000 temperatures): forward and reverse on one chart beside exact ln P, provenance on hover, the diagnostics panel', async () => {
    await trainWithMonitor(page, 1000);
    const metric = page.getByTestId('chart-metric');
    await expect.poll(() => metric.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)), { timeout: 30_000 }).toContain('aisLogLikelihood');
    const values = await metric.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    // Reverse AIS and the error bars are drawn with the forward estimate, never offered as charts of their own.
    expect(values).not.toContain('aisReverseLogLikelihood');
    expect(values).not.toContain('aisStandardError');
    await metric.selectOption('aisLogLikelihood');
    const chart = page.getByTestId('charts-chart');
    await expect.poll(() => chart.getAttribute('data-companions')).toBe('aisReverseLogLikelihood,logLikelihood');
    expect(await chart.getAttribute('data-intervals')).toBe('1');
    expect(await chart.getAttribute('data-points')).toBe(String(EPOCHS / AIS_EVERY));
    await expect.poll(() => page.getByTestId('chart-style-key').textContent()).toMatch(/forward \(optimistic\).*reverse \(conservative\).*exact/);

    // Hovering the last estimate tells how it was made (the stored estimate's provenance).
    const plot = (await chart.locator('.u-over').boundingBox())!;
    const hover = page.getByTestId('chart-hover');
    // The hover names the series nearest the pointer: down the last epoch's column until it is the AIS estimate (the
    // exact ln P beside it may lie nearer the middle, depending on the run).
    let row = 0;
    await expect
      .poll(async () => {
        await page.mouse.move(plot.x + plot.width - 2, plot.y + (plot.height * ((row++ % 19) + 0.5)) / 19);
        return hover.textContent();
      }, { timeout: 20_000 })
      .toMatch(/^epoch 60: AIS ln P −\d+\.\d+ ± /);
    expect(await hover.textContent()).toMatch(/AIS: data base rates .*1000 temperatures .*100 runs, seed \d+; reverse from exact samples/);
    await screenshot(page, 'likelihood-chart');

    await page.getByTestId('chart-diagnostics').click();
    const panel = page.getByTestId('likelihood-panel');
    await panel.waitFor();
    await expect.poll(() => panel.getAttribute('data-step')).toBe(String(EPOCHS));
    const f = await panelFigures(page);
    console.log(`1,000 temperatures, epoch ${f.step}: forward ${f.forward}, reverse ${f.reverse}, exact ${f.exact}, interval [${f.interval.join(', ')}], ${f.warnings} warnings`);
    // On 2^6 hidden states the exact mean ln P is known: a long schedule puts both sides within a few hundredths of it.
    expect(Math.abs(f.forward - f.exact)).toBeLessThan(0.1);
    expect(Math.abs(f.reverse - f.exact)).toBeLessThan(0.1);
    expect(f.interval[0]).toBeLessThanOrEqual(f.exact + 0.05);
    expect(f.interval[1]).toBeGreaterThanOrEqual(f.exact - 0.05);
    if (f.warnings === 0) expect(await page.getByTestId('likelihood-no-warnings').isVisible()).toBe(true);
    const figures = page.getByTestId('likelihood-figures');
    for (const key of ['forward', 'reverse', 'interval', 'gap', 'exact', 'forwardError', 'reverseError', 'forwardEffective', 'provenance']) {
      await expect.poll(() => figures.locator(`tr[data-key="${key}"]`).count(), { message: key }).toBe(1);
    }
    // The per-temperature effective share of both sides, plotted against β.
    const share = page.getByTestId('likelihood-share-chart');
    await share.waitFor();
    expect(Number(await share.getAttribute('data-points'))).toBeGreaterThan(10);
    expect(await share.locator('polyline').count()).toBe(2);
    expect(await page.getByTestId('likelihood-guarantees').textContent()).toMatch(/Forward AIS underestimates log Z in expectation.*Reverse AIS started from exact samples.*guarantees nothing/);
    // Three estimates to pick from, the latest shown first.
    const epochs = page.getByTestId('likelihood-epoch');
    expect((await epochs.locator('option').allTextContents()).map((t) => /^epoch \d+/.exec(t)?.[0])).toEqual(['epoch 20', 'epoch 40', 'epoch 60']);
    await page.getByTestId('likelihood-panel').scrollIntoViewIfNeeded();
    await page.getByTestId('likelihood-panel').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'likelihood-diagnostics');
    await page.getByTestId('likelihood-share').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'likelihood-effective-share');
  });

  test('a deliberately short schedule (3 temperatures): the panel shows a visible warning naming what to do', async () => {
    // On from the first run's trained parameters: a sharper model, whose short-schedule estimates part (a fresh one may not).
    await trainWithMonitor(page, 3, undefined, 'current');
    const panel = page.getByTestId('likelihood-panel');
    const epochs = page.getByTestId('likelihood-epoch');
    // The view follows the newest run; the open panel shows its estimates once they are listed (all three, latest first).
    await expect
      .poll(async () => `${await epochs.locator('option').count()} ${await page.getByTestId('likelihood-figures').textContent()}`, { timeout: 30_000 })
      .toMatch(/^3 .*3 temperatures/);
    // Forward and reverse now part: the chart shades the interval between them.
    await page.getByTestId('charts-chart').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'likelihood-chart-short-schedule');
    const labels = await epochs.locator('option').allTextContents();
    console.log(`3-temperature estimates: ${labels.join(', ')}`);
    // The picker marks estimates with warnings; a 3-temperature schedule draws at least one.
    const warned = labels.findIndex((t) => t.includes('⚠'));
    expect(warned).toBeGreaterThanOrEqual(0);
    await epochs.selectOption({ index: warned });
    const f = await panelFigures(page);
    console.log(`3 temperatures, epoch ${f.step}: forward ${f.forward}, reverse ${f.reverse}, exact ${f.exact}, interval [${f.interval.join(', ')}], ${f.warnings} warnings`);
    expect(f.warnings).toBeGreaterThan(0);
    const warnings = panel.getByTestId('likelihood-warnings');
    await warnings.waitFor();
    expect(await warnings.isVisible()).toBe(true);
    const text = (await warnings.textContent()) ?? '';
    console.log(`warnings: ${text}`);
    expect(text).toMatch(/use more temperatures/);
    await warnings.evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'likelihood-warning');
    // The dark theme draws the same box and chart in its own colours.
    await page.getByTestId('theme-toggle').click();
    await screenshot(page, 'likelihood-warning-dark');
    await page.getByTestId('theme-toggle').click();

    // The run report carries the estimates, how each was made and the warnings.
    const row = page.locator('[data-testid="run-row"][data-status="completed"]').first();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }) as Promise<Download>, row.getByTestId('run-report').click()]);
    const html = readFileSync((await download.path())!).toString('utf8');
    expect(html).toContain('<h2>Likelihood estimates</h2>');
    expect(html).toContain('<div class="warnings">');
    expect(html).toMatch(/3 temperatures \(salakhutdinov-murray\)/);
    expect(html).toContain('data-figure="effective-share"');
  });

  test('Compare: the AIS row shows forward and reverse, the interval and the effective runs, with how it was made on hover', async () => {
    await page.getByTestId('analysis-tab-compare').click();
    const view = page.getByTestId('compare-view');
    await view.waitFor();
    await expect.poll(() => view.getByTestId('compare-run').isEnabled(), { timeout: 10_000 }).toBe(true);
    await view.getByTestId('compare-run').click();
    const line = view.locator('[data-testid="compare-likelihood"][data-method="ais"]');
    try {
      await view.getByTestId('compare-ordering').waitFor({ timeout: 120_000 });
    } finally {
      await screenshot(page, 'likelihood-compare');
    }
    console.log(`compare rows: ${(await view.getByTestId('compare-row').allTextContents()).join(' | ')}`);
    await line.waitFor({ timeout: 20_000 });
    const text = (await line.textContent()) ?? '';
    console.log(`Compare AIS: ${text}`);
    expect(text).toMatch(/forward \(optimistic\) −\d+\.\d{3} ± \d\.\d{3}/);
    expect(text).toMatch(/reverse \(conservative\) −\d+\.\d{3} ± \d\.\d{3}/);
    expect(text).toMatch(/interval \[−\d+\.\d{3}, −\d+\.\d{3}\]/);
    expect(await line.getAttribute('title')).toMatch(/^AIS: .*temperatures.*runs/);
    expect(await view.getByTestId('compare-chart').locator('rect.chart-interval').count()).toBe(1);
    await line.scrollIntoViewIfNeeded();
    await screenshot(page, 'likelihood-compare');
  });
});
