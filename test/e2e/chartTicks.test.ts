import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { openAnalysisTab, openExample, trainInPanel, waitTrained } from './flows';
import { openApp, screenshot, useE2eSession } from './harness';

// Issue 13 item 10: on a short run the metrics barely move, and three significant digits labelled every y tick of
// KL "3.6". The labels (data-y-ticks, as drawn) must be distinct for every metric, on a linear and a log axis.

const WAIT = { timeout: 60_000 };
const EPOCHS = 7;

const labelsOf = async (page: Page) => ((await page.getByTestId('charts-chart').getAttribute('data-y-ticks')) ?? '').split(' | ').filter(Boolean);
const valueOf = (label: string) => Number(label.replaceAll('−', '-'));
/** The labels the old rule (three significant digits) gave these ticks. */
const oldLabels = (labels: string[]) => labels.map((l) => String(Number(valueOf(l).toPrecision(3))));
const distinct = (labels: string[]) => new Set(labels).size === labels.length;

describe('chart axis labels', () => {
  const session = useE2eSession('e2e-chart-ticks');
  let page: Page;

  beforeAll(async () => {
    page = await openApp(session.browser, await session.startApp());
  });

  test(`a ${EPOCHS}-epoch PCD run on bars and stripes: every metric's y ticks read differently, linear and log`, async () => {
    await openExample(page, 'rbm-bars-stripes');
    await expect.poll(() => page.getByTestId('compiled-summary').textContent(), WAIT).toContain('17 units');
    await trainInPanel(page, { algorithm: 'pcd', epochs: EPOCHS, seed: 1 });
    await waitTrained(page, 120_000);
    await openAnalysisTab(page, 'charts');
    const chart = page.getByTestId('charts-chart');
    await expect.poll(async () => Number(await chart.getAttribute('data-points')), WAIT).toBe(EPOCHS);

    const metrics = await page.getByTestId('chart-metric').locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(metrics).toContain('kl');
    let narrow = 0;
    for (const log of [false, true]) {
      if ((await page.getByTestId('chart-log').isChecked()) !== log) await page.getByTestId('chart-log').click();
      for (const metric of metrics) {
        await page.getByTestId('chart-metric').selectOption(metric);
        // The labels of this metric's axis: a log toggle draws asinh instead where a value is ≤ 0.
        await expect.poll(() => chart.getAttribute('data-y-ticks-of'), WAIT).toMatch(new RegExp(`^${metric} ${log ? '(log|asinh)' : 'linear'}$`));
        await expect.poll(async () => (await labelsOf(page)).length, WAIT).toBeGreaterThan(0);
        const labels = await labelsOf(page);
        expect(distinct(labels), `${metric}${log ? ' (log y)' : ''}: ${labels.join(' ')}`).toBe(true);
        expect(labels.every((l) => Number.isFinite(valueOf(l))), labels.join(' ')).toBe(true);
        if (!distinct(oldLabels(labels))) narrow++;
        if (metric === 'kl' && !log) await screenshot(page, 'chart-ticks-kl-light');
      }
    }
    // The check is not vacuous: on this short run the old rule labelled some axis's ticks alike.
    expect(narrow).toBeGreaterThan(0);

    await page.getByTestId('chart-log').click();
    await page.getByTestId('chart-metric').selectOption('kl');
    await expect.poll(() => chart.getAttribute('data-y-ticks-of'), WAIT).toBe('kl linear');
    await page.getByTestId('theme-toggle').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await screenshot(page, 'chart-ticks-kl-dark');
    await page.getByTestId('theme-toggle').click();
  });
});
