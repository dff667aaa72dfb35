import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { summary } from './editorHelpers';
import { generateDataset, insertTemplate, numberIn, openAnalysisTab, openExample, trainInPanel, waitTrained } from './flows';
import { openApp, screenshot, useE2eSession } from './harness';

// Small models, exactly: the XOR machine trained briefly, then every one of its 2^7 states with energy and probability,
// the data and model distributions as bars and KL(data‖model), which must equal the Train panel's final KL.

describe('the exact view of the XOR Boltzmann machine', () => {
  const session = useE2eSession('e2e-exact-view');
  let page: Page;

  beforeAll(async () => {
    page = await openApp(session.browser, await session.startApp(), { debug: true });
  });

  test('128 states summing to 1, bars per visible pattern, and the KL of the Train panel', async () => {
    await expect.poll(() => page.getByTestId('status-backend').textContent()).toMatch(/wasm|cpu|tensorflow/);
    await openExample(page, 'xor-boltzmann');
    await expect.poll(() => page.getByTestId('compiled-summary').textContent()).toContain('Boltzmann machine · 7 units · 21 couplings');

    // Untrained: the view says what to do.
    const view = await openAnalysisTab(page, 'exact');
    await expect.poll(() => view.getByTestId('exact-message').textContent()).toContain('has no parameters yet: train it in the Train panel first');

    await page.getByTestId('epochs-input').fill('150');
    await page.getByTestId('train-button').click();
    await waitTrained(page, 120_000);
    const trainKl = numberIn(await page.getByTestId('kl-value').textContent());
    expect(trainKl).toBeGreaterThan(0);

    // The table comes back on its own once the run's parameters arrive.
    const rows = view.getByTestId('exact-state-row');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(128);
    await expect.poll(async () => Number(await view.getByTestId('exact-kl').getAttribute('data-value'))).toBeGreaterThan(0);
    const kl = Number(await view.getByTestId('exact-kl').getAttribute('data-value'));
    expect(Math.abs(kl - trainKl)).toBeLessThan(1e-3);
    expect(numberIn(await view.getByTestId('exact-kl').textContent())).toBeCloseTo(kl, 4);

    const probabilities = (await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-probability'))))) as number[];
    expect(probabilities.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 4);
    for (let k = 1; k < probabilities.length; k++) expect(probabilities[k]).toBeLessThanOrEqual(probabilities[k - 1]);
    await expect.poll(() => rows.first().locator('td.bit').count()).toBe(7);
    expect(await view.locator('.exact-table th.unit').allTextContents()).toEqual(['x1', 'x2', 'y', 'h1', 'h2', 'h3', 'h4']);

    // Bars: one group per visible pattern (2^3), the four XOR patterns holding the data.
    const bars = view.getByTestId('exact-bars');
    await expect.poll(() => bars.locator('g[data-pattern]').count()).toBe(8);
    expect(await bars.locator('rect.bar-data').count()).toBe(8);
    const dataHeights = await bars.locator('rect.bar-data').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('height'))));
    // Four patterns carry P_data = ¼ each and four carry none.
    expect(dataHeights.filter((h) => h > 1)).toHaveLength(4);

    // Sorting by energy ascending gives the same order as by probability descending (P ∝ e^{−H}).
    await view.getByTestId('exact-sort-energy').click();
    const energies = (await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-energy'))))) as number[];
    for (let k = 1; k < energies.length; k++) expect(energies[k]).toBeGreaterThanOrEqual(energies[k - 1]);

    // The state table exports as CSV: a header of unit names, then 128 rows.
    const download: Promise<Download> = page.waitForEvent('download');
    await view.locator('.exact-states').getByTestId('export-csv').click();
    const csv = readFileSync((await (await download).path())!, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('x1,x2,y,h1,h2,h3,h4,energy,probability');
    expect(csv).toHaveLength(129);
    await screenshot(page, 'exact-view');

    // Without data: the model's distribution alone, no KL.
    await view.getByTestId('exact-dataset').selectOption({ label: 'none (model only)' });
    await expect.poll(() => view.getByTestId('exact-kl').textContent()).toContain('KL needs a dataset');
    await expect.poll(() => view.getByTestId('exact-bars').locator('rect.bar-data').count()).toBe(0);
    expect(await view.getByTestId('exact-bars').locator('rect.bar-model').count()).toBe(8);
  });

  test('a 22-unit Hopfield net (2^22 states) is enumerated only when asked, most probable states first', async () => {
    await insertTemplate(page, 'hopfield', { units: '22' });
    await expect.poll(() => summary(page)).toBe('Hopfield network · 22 units · 231 couplings');
    await page.keyboard.press('Escape');
    const dataset = await generateDataset(page, 'random', { count: '3', rows: '2', cols: '11', seed: '5' }, /^Random .*3 × 22$/);
    await trainInPanel(page, { dataset, algorithm: 'hebb' });
    await waitTrained(page, 120_000);
    const view = await openAnalysisTab(page, 'exact');
    await expect.poll(() => view.getByTestId('exact-ask').textContent()).toContain('2^22 = 4,194,304 states');
    expect(await view.getByTestId('exact-state-row').count()).toBe(0);
    await view.getByTestId('exact-refresh').click();
    await expect.poll(() => view.getByTestId('exact-status').textContent(), { timeout: 60_000 }).toMatch(/\d s$/);
    await expect.poll(() => view.getByTestId('exact-state-row').count()).toBeGreaterThan(0);
    expect(await view.getByTestId('exact-ask').count()).toBe(0);
    // The Hebb machine stores each pattern and its negative as the lowest energies: P sorted, largest first.
    const probabilities = await view.getByTestId('exact-state-row').evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-probability'))));
    for (let k = 1; k < probabilities.length; k++) expect(probabilities[k]).toBeLessThanOrEqual(probabilities[k - 1]);
  });
});
