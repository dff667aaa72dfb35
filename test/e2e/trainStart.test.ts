import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { newProject, summary } from './editorHelpers';
import { generateDataset, insertTemplate, numberIn, openAnalysisTab, openExample } from './flows';
import { openApp, screenshot, useE2eSession, type WebApp } from './harness';

// Issue 13 items 1–3: what a run starts from (fresh by default, the diagram's current parameters continuing their run, a
// checkpoint), the algorithm each family gets by default and remembers per diagram, and the dataset that fits.

const WAIT = { timeout: 60_000 };
const RUN_WAIT = { timeout: 120_000 };

const runIds = (page: Page) => page.locator('[data-testid="run-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id') as string));
const row = (page: Page, runId: string) => page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
const optionValues = (page: Page, testId: string) => page.getByTestId(testId).locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));

/** Clicks Start and returns the new run's id once it completed. */
async function startAndFinish(page: Page): Promise<string> {
  const before = await runIds(page);
  await expect.poll(() => page.getByTestId('train-button').isEnabled(), WAIT).toBe(true);
  await page.getByTestId('train-button').click();
  await expect.poll(async () => (await runIds(page)).length, WAIT).toBe(before.length + 1);
  const id = (await runIds(page))[0];
  await expect.poll(() => row(page, id).getAttribute('data-status'), RUN_WAIT).toBe('completed');
  return id;
}

async function downloadOf(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const [download] = (await Promise.all([page.waitForEvent('download', WAIT), click()])) as [Download, void];
  return readFileSync((await download.path())!);
}

/** The stored KL series of a run, step by step, from the Charts view's CSV (the view shows the newest run). */
async function klSeries(page: Page, runId: string): Promise<{ step: number; kl: number }[]> {
  const view = await openAnalysisTab(page, 'charts');
  await expect.poll(() => view.locator('[data-testid="chart-runs"] input[type="checkbox"]').first().isChecked(), WAIT).toBe(true);
  const [header, ...lines] = (await downloadOf(page, () => view.getByTestId('export-csv').click())).toString('utf8').trim().split('\n').map((l) => l.split(','));
  const [run, step, kl] = ['run', 'step', 'kl'].map((name) => header.indexOf(name));
  return lines.filter((cells) => cells[run] === runId && cells[kl] !== '').map((cells) => ({ step: Number(cells[step]), kl: Number(cells[kl]) }));
}

describe('what a run starts from, default algorithms, the dataset that fits', () => {
  const session = useE2eSession('e2e-train-start');
  let app: WebApp;
  let page: Page;

  beforeAll(async () => {
    app = await session.startApp();
    page = await openApp(session.browser, app);
  });

  test('XOR: a second Start begins fresh near KL 0.7; “current parameters” continues the first run near its final KL, epochs counting on', async () => {
    await openExample(page, 'xor-boltzmann');
    await expect.poll(() => summary(page), WAIT).toContain('Boltzmann machine · 7 units · 21 couplings');
    await expect.poll(() => page.getByTestId('algorithm-select').inputValue(), WAIT).toBe('boltzmann-exact');
    // A new run starts fresh, with its seed said; an untrained diagram offers no "current parameters".
    expect(await page.getByTestId('init-select').inputValue()).toBe('fresh');
    expect(await page.getByTestId('init-select').locator('option:checked').textContent()).toBe('Fresh initialisation (seed 1)');
    if ((await page.locator('[data-testid="trained-state"].state-untrained').count()) > 0) expect(await optionValues(page, 'init-select')).not.toContain('current');
    const epochs = Number(await page.getByTestId('epochs-input').inputValue());
    expect(epochs).toBeGreaterThanOrEqual(100);

    const first = await startAndFinish(page);
    const firstSeries = await klSeries(page, first);
    const firstFinal = firstSeries.at(-1)!.kl;
    expect(firstSeries[0].step).toBe(1);
    expect(firstSeries[0].kl).toBeGreaterThan(0.5);
    expect(firstFinal).toBeLessThan(0.1);

    // The diagram now holds the trained values; Start with the default begins from a fresh initialisation again.
    await expect.poll(() => optionValues(page, 'init-select'), WAIT).toContain('current');
    expect(await page.getByTestId('init-select').inputValue()).toBe('fresh');
    const second = await startAndFinish(page);
    const secondSeries = await klSeries(page, second);
    expect(secondSeries[0].step).toBe(1);
    expect(secondSeries[0].kl).toBeGreaterThan(0.5);
    expect(secondSeries[0].kl).toBeGreaterThan(5 * firstFinal);
    // Same seed, same fresh start: the same run.
    expect(secondSeries[0].kl).toBeCloseTo(firstSeries[0].kl, 5);
    const secondFinal = secondSeries.at(-1)!.kl;

    // Continue from the diagram's current parameters: the second run's final values.
    await page.getByTestId('init-select').selectOption('current');
    await expect.poll(() => page.getByTestId('init-hint').textContent(), WAIT).toContain(`run …${second.slice(-6)}`);
    await screenshot(page, 'train-start-continue-light');
    const continued = await startAndFinish(page);
    expect(await row(page, continued).textContent()).toContain(`from ${second.slice(-6)} @ ${epochs}`);
    await row(page, continued).locator('.run-select').click();
    expect(await page.getByTestId('run-progress').getAttribute('data-total')).toBe(String(2 * epochs));
    const continuedSeries = await klSeries(page, continued);
    // Its own epochs follow the parent's last; the parent's series comes first, as it was.
    const own = continuedSeries.filter((p) => p.step > epochs);
    expect(own[0].step).toBe(epochs + 1);
    expect(own.at(-1)!.step).toBe(2 * epochs);
    expect(continuedSeries.slice(0, epochs).map((p) => p.kl)).toEqual(secondSeries.map((p) => p.kl));
    expect(Math.abs(own[0].kl - secondFinal)).toBeLessThan(0.02);
    expect(own[0].kl).toBeLessThan(secondSeries[0].kl / 5);

    // The report names the parent.
    const report = (await downloadOf(page, () => row(page, continued).getByTestId('run-report').click())).toString('utf8');
    expect(report).toContain(`<th scope="row">Continued from</th><td>run ${second} at epoch ${epochs}</td>`);
    const secondReport = (await downloadOf(page, () => row(page, second).getByTestId('run-report').click())).toString('utf8');
    expect(secondReport).toContain('<th scope="row">Started from</th><td>fresh initialisation (seed 1)</td>');

    // "A checkpoint of a run…" hands over to Continue from a checkpoint, which opens.
    await page.getByTestId('init-select').selectOption('checkpoint');
    await expect.poll(() => page.getByTestId('resume-from').evaluate((d) => (d as HTMLDetailsElement).open), WAIT).toBe(true);
    expect(await page.getByTestId('train-button').isDisabled()).toBe(true);
    expect(await page.getByTestId('train-blocked-reason').textContent()).toContain('Continue from a checkpoint');
    await page.getByTestId('init-select').selectOption('fresh');
    await screenshot(page, 'train-start-runs-light');
    await page.getByTestId('theme-toggle').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.getByTestId('init-select').selectOption('current');
    await page.getByTestId('init-select').scrollIntoViewIfNeeded();
    await screenshot(page, 'train-start-continue-dark');
    await page.getByTestId('init-select').selectOption('fresh');
    await page.getByTestId('theme-toggle').click();
  });

  test('an RBM gets CD-1; a dataset of the right width, once generated, becomes the Train panel’s; the choice is remembered', async () => {
    await newProject(page);
    await insertTemplate(page, 'rbm', { visible: '9', hidden: '6' });
    await expect.poll(() => summary(page), WAIT).toBe('restricted Boltzmann machine · 15 units · 54 couplings');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('algorithm-select').inputValue(), WAIT).toBe('cd');
    expect(await page.getByTestId('hyper-k').inputValue()).toBe('1');
    expect(Number(await page.getByTestId('epochs-input').inputValue())).toBeLessThanOrEqual(200);

    // A dataset that does not fit is flagged; generating one that fits switches the form to it.
    const wrong = await generateDataset(page, 'bars-stripes', { size: '4' }, /Bars and stripes 4×4/);
    await expect.poll(() => page.getByTestId('dataset-select').locator('option:checked').textContent(), WAIT).toBe(wrong);
    await expect.poll(() => page.getByTestId('dataset-check').textContent(), WAIT).toContain('✖ width 16 ≠ 9');
    // The generate form closes once its dataset is stored; the next generation opens it again.
    await page.getByTestId('dataset-panel').getByTestId('generator-select').waitFor({ state: 'hidden', ...WAIT });
    const fitting = await generateDataset(page, 'bars-stripes', { size: '3' }, 'Bars and stripes 3×3 — 14 × 9');
    await expect.poll(() => page.getByTestId('dataset-select').locator('option:checked').textContent(), WAIT).toBe(fitting);
    await expect.poll(() => page.getByTestId('dataset-check').textContent(), WAIT).toContain('✓ width 9 = 9');
    await page.getByTestId('algorithm-select').scrollIntoViewIfNeeded();
    await screenshot(page, 'train-start-rbm-light');

    // Another choice, used once: a second window on the project proposes it, not the family's default.
    await page.getByTestId('algorithm-select').selectOption('pcd');
    await page.getByTestId('epochs-input').fill('7');
    await page.getByTestId('hyper-learningRate').fill('0.03');
    await startAndFinish(page);
    const second = await openApp(session.browser, app);
    await expect.poll(() => summary(second), WAIT).toBe('restricted Boltzmann machine · 15 units · 54 couplings');
    await expect.poll(() => second.getByTestId('algorithm-select').inputValue(), WAIT).toBe('pcd');
    expect(await second.getByTestId('epochs-input').inputValue()).toBe('7');
    expect(numberIn(await second.getByTestId('hyper-learningRate').inputValue())).toBe(0.03);
    expect(await second.getByTestId('dataset-select').locator('option:checked').textContent()).toBe(fitting);
    expect(await second.getByTestId('init-select').inputValue()).toBe('fresh');
    await second.getByTestId('theme-toggle').click();
    await expect.poll(() => second.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await second.getByTestId('algorithm-select').scrollIntoViewIfNeeded();
    await screenshot(second, 'train-start-rbm-dark');
    await second.getByTestId('theme-toggle').click();
    // The remembered settings were chosen for the units' encoding: switching it proposes the family's defaults again.
    const encoding = await second.locator('#diagram-encoding').inputValue();
    await second.locator('#diagram-encoding').selectOption(encoding === 'pm1' ? 'binary01' : 'pm1');
    await expect.poll(() => second.getByTestId('algorithm-select').inputValue(), WAIT).toBe('cd');
    await second.close();
  });

  test('a choice changed but never started is kept in the project; Peterson & Anderson opens with its own learner', async () => {
    await openExample(page, 'peterson-anderson-xor');
    // Bipartite, so an RBM by the compiler, whose default is CD: the example presets mean-field learning, input→output.
    await expect.poll(() => page.getByTestId('algorithm-select').inputValue(), WAIT).toBe('meanfield-boltzmann');
    expect(await page.getByTestId('choice-mode').inputValue()).toBe('input-output');
    expect(await page.getByTestId('epochs-input').inputValue()).toBe('150');

    await page.getByTestId('algorithm-select').selectOption('pcd');
    await page.getByTestId('epochs-input').fill('33');
    // Another window on the project proposes the change once main keeps it (shortly after the last keystroke).
    const second = await openApp(session.browser, app);
    await expect
      .poll(async () => {
        await second.reload();
        await expect.poll(() => summary(second), WAIT).toContain('restricted Boltzmann machine · 7 units');
        await expect.poll(() => second.getByTestId('algorithm-select').inputValue(), WAIT).not.toBe('');
        return `${await second.getByTestId('algorithm-select').inputValue()} ${await second.getByTestId('epochs-input').inputValue()}`;
      }, WAIT)
      .toBe('pcd 33');
    await second.close();
  });
});
