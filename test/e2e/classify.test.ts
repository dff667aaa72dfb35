import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { summary } from './editorHelpers';
import { datasetOption, openAnalysisTab, openDatasetForm, openNewProject, trainInPanel, waitTrained } from './flows';
import { screenshot, useE2eSession } from './harness';

// Issue 13 item 9: generative classification in the Classify view. Two sigmoid belief networks 4-16, each trained on
// one class of 4×4 bars (horizontal, vertical), classify a labelled set of both; blank and full images belong to both
// classes, so at least one of each pair is misclassified whatever the models learnt.

/** A 4×4 image with the bars of `mask` filled: rows (horizontal) or columns (vertical), '0'/'1' row-major. */
function bars(mask: number, horizontal: boolean): number[] {
  return Array.from({ length: 16 }, (_, i) => ((mask >> (horizontal ? Math.floor(i / 4) : i % 4)) & 1));
}

const MASKS = Array.from({ length: 16 }, (_, m) => m);
const csv = (lines: string[]) => Buffer.from(`${lines.join('\n')}\n`);
const classCsv = (horizontal: boolean) => csv(MASKS.map((m) => bars(m, horizontal).join(',')));
const labelledCsv = () => csv([true, false].flatMap((h) => MASKS.map((m) => `${bars(m, h).join(',')},${h ? 'horizontal' : 'vertical'}`)));

/** Imports a CSV from the dataset panel as 4×4 images, with its last column as labels when `labelled`. */
async function importCsv(page: Page, name: string, buffer: Buffer, labelled: boolean): Promise<void> {
  const panel = page.getByTestId('dataset-panel');
  await openDatasetForm(page, 'import');
  await panel.getByTestId('csv-file-input').setInputFiles({ name, mimeType: 'text/csv', buffer });
  await panel.getByTestId('csv-label-column').selectOption(labelled ? 'last' : 'none');
  await panel.locator('#csv-shape').fill('4x4');
  await panel.getByTestId('import-button').click();
  await datasetOption(page, new RegExp(`^${name.replace('.csv', '')} — `));
}

/** Inserts an SBN 4-16 (in a new diagram after the first) and names its tab. */
async function classModel(page: Page, index: number, name: string): Promise<void> {
  await page.getByTestId('palette-template-sbn').click();
  await page.getByTestId('template-field-sizes').fill('4-16');
  if (index > 0) await page.getByTestId('template-new-diagram').check();
  await page.getByTestId('template-insert').click();
  await expect.poll(() => summary(page)).toBe('sigmoid belief network · 2 layers · 20 units · 64 links');
  await page.keyboard.press('Escape');
  await page.getByTestId(`diagram-tab-${index}`).getByRole('tab').dblclick();
  await page.getByTestId('diagram-rename').fill(name);
  await page.getByTestId('diagram-rename').press('Enter');
  await expect.poll(() => page.getByTestId(`diagram-tab-${index}`).textContent()).toContain(name);
}

describe('classify view', () => {
  const session = useE2eSession('e2e-classify');
  let page: Page;

  beforeAll(async () => {
    page = await openNewProject(session);
  });

  test('two SBNs 4-16 trained on horizontal and vertical 4×4 bars: confusion matrix, error rate, misclassified images', async () => {
    await importCsv(page, 'horizontal.csv', classCsv(true), false);
    await importCsv(page, 'vertical.csv', classCsv(false), false);
    await importCsv(page, 'bars.csv', labelledCsv(), true);
    await classModel(page, 0, 'horizontal');
    await classModel(page, 1, 'vertical');

    // Untrained models are refused with the fix.
    const view = await openAnalysisTab(page, 'classify');
    await expect.poll(() => view.getByTestId('classify-dataset').locator('option').allTextContents()).toEqual(['bars — 32 × 16']);
    await expect.poll(() => view.getByTestId('classify-problems').textContent()).toContain("Diagram 'horizontal' is not trained: train it in the Train panel");
    expect(await view.getByTestId('classify-run').isDisabled()).toBe(true);

    for (const [index, name] of [[0, 'horizontal'], [1, 'vertical']] as const) {
      await page.getByTestId(`diagram-tab-${index}`).getByRole('tab').click();
      await trainInPanel(page, { dataset: `${name} — 16 × 16`, algorithm: 'sbn-meanfield', algorithmTimeout: 10_000, epochs: 150, seed: 3 });
      await waitTrained(page, 120_000);
    }

    // Each class of the data gets the model of its name; exact ln P(v) scores every row.
    await expect.poll(() => view.getByTestId('classify-problems').count(), { timeout: 10_000 }).toBe(0);
    const ids = await page.getByTestId('classify-model-0').locator('option').evaluateAll((os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent]));
    const idOf = (name: string) => ids.find(([, text]) => text === name)![0];
    expect(await view.getByTestId('classify-model-0').inputValue()).toBe(idOf('horizontal'));
    expect(await view.getByTestId('classify-model-1').inputValue()).toBe(idOf('vertical'));
    await expect.poll(() => view.getByTestId('classify-method').inputValue()).toBe('exact');
    await view.getByTestId('classify-run').click();
    await view.getByTestId('classify-confusion').waitFor({ timeout: 60_000 });

    const count = (t: number, p: number) => view.getByTestId(`classify-cell-${t}-${p}`).getAttribute('data-count').then(Number);
    const cells = [await count(0, 0), await count(0, 1), await count(1, 0), await count(1, 1)];
    console.log(`classify: confusion ${JSON.stringify(cells)}, ${await view.getByTestId('classify-error-rate').textContent()}`);
    expect(cells[0] + cells[1]).toBe(16);
    expect(cells[2] + cells[3]).toBe(16);
    const errors = cells[1] + cells[2];
    // Blank and full images are in both classes: one of each identical pair is always wrong; the trained models get most right.
    expect(errors).toBeGreaterThanOrEqual(2);
    expect(errors).toBeLessThan(16);
    const summaryLine = view.getByTestId('classify-summary');
    const rate = errors / 32;
    expect(Number(await summaryLine.getAttribute('data-error-rate'))).toBeCloseTo(rate, 12);
    expect(await view.getByTestId('classify-error-rate').textContent()).toBe(`${(100 * rate).toFixed(1)} % ± ${(100 * Math.sqrt((rate * (1 - rate)) / 32)).toFixed(1)} %`);

    // Each misclassified row is drawn with its true and predicted class.
    const examples = view.getByTestId('classify-example');
    await expect.poll(() => examples.count()).toBe(errors);
    const shown = await examples.evaluateAll((items) => items.map((e) => [e.getAttribute('data-true'), e.getAttribute('data-predicted')]));
    expect(shown.filter(([t, p]) => t === 'horizontal' && p === 'vertical')).toHaveLength(cells[1]);
    expect(shown.filter(([t, p]) => t === 'vertical' && p === 'horizontal')).toHaveLength(cells[2]);
    expect(await examples.first().locator('canvas').count()).toBe(1);

    // The classification comes back from its stored runs when the view is opened again.
    await page.getByTestId('analysis-tab-charts').click();
    await openAnalysisTab(page, 'classify');
    await expect.poll(() => view.getByTestId('classify-example').count(), { timeout: 10_000 }).toBe(errors);
    expect(await count(0, 0)).toBe(cells[0]);

    const edge = await page.locator('.analysis-resize').boundingBox();
    await page.mouse.move(edge!.x + 300, edge!.y + 3);
    await page.mouse.down();
    await page.mouse.move(edge!.x + 300, 300, { steps: 8 });
    await page.mouse.up();
    await screenshot(page, 'classify-light');
    await page.getByTestId('theme-toggle').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await screenshot(page, 'classify-dark');
    await page.getByTestId('theme-toggle').click();
  });

  test('one labelled joint RBM 18×8 on the bars with their label units, trained as proposed: a confusion matrix from one model', async () => {
    // The bars followed by their class as two one-hot units, from Datasets → Generate.
    const panel = page.getByTestId('dataset-panel');
    await openDatasetForm(page, 'generate');
    await panel.getByTestId('generator-select').selectOption('label-units');
    await panel.getByTestId('generator-source').selectOption({ label: 'bars' });
    await panel.getByTestId('generate-button').click();
    await datasetOption(page, /^bars · label units \(2\) — 32 × 18/);

    await page.getByTestId('palette-template-rbm').click();
    await page.getByTestId('template-field-visible').fill('18');
    await page.getByTestId('template-field-hidden').fill('8');
    await page.getByTestId('template-new-diagram').check();
    await page.getByTestId('template-insert').click();
    await expect.poll(() => summary(page)).toContain('restricted Boltzmann machine · 26 units');
    await page.keyboard.press('Escape');
    await page.getByTestId('diagram-tab-2').getByRole('tab').dblclick();
    await page.getByTestId('diagram-rename').fill('joint');
    await page.getByTestId('diagram-rename').press('Enter');
    // CD-1 with the proposed settings: 750 epochs of 4 minibatches over the 32 rows.
    await trainInPanel(page, { dataset: /^bars · label units \(2\) — 32 × 18/, seed: 3 });
    expect(await page.getByTestId('algorithm-select').inputValue()).toBe('cd');
    expect(await page.getByTestId('epochs-input').inputValue()).toBe('750');
    await waitTrained(page, 180_000);

    const view = await openAnalysisTab(page, 'classify');
    await view.getByTestId('classify-mode-joint').check();
    await expect.poll(() => view.getByTestId('classify-joint-model').locator('option:checked').textContent()).toBe('joint');
    // The data with label units is refused for classification, with the fix; the bars themselves are taken.
    await view.getByTestId('classify-dataset').selectOption({ label: 'bars · label units (2) — 32 × 18' });
    await expect.poll(() => view.getByTestId('classify-problems').textContent()).toContain('classify the dataset its label units were made from');
    await view.getByTestId('classify-dataset').selectOption({ label: 'bars — 32 × 16' });
    await expect.poll(() => view.getByTestId('classify-problems').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => view.getByText('its last 2 visible units are the labels').count()).toBe(1);
    await expect.poll(() => view.getByTestId('classify-method').inputValue()).toBe('exact');
    expect(await view.getByTestId('classify-method').locator('option[value="ais"]').count()).toBe(0);
    await view.getByTestId('classify-run').click();
    await expect.poll(() => view.getByTestId('classify-summary').textContent(), { timeout: 60_000 }).toContain('one joint model');

    const count = (t: number, p: number) => view.getByTestId(`classify-cell-${t}-${p}`).getAttribute('data-count').then(Number);
    const cells = [await count(0, 0), await count(0, 1), await count(1, 0), await count(1, 1)];
    console.log(`classify joint: confusion ${JSON.stringify(cells)}, ${await view.getByTestId('classify-error-rate').textContent()}`);
    expect(cells[0] + cells[1]).toBe(16);
    expect(cells[2] + cells[3]).toBe(16);
    const errors = cells[1] + cells[2];
    expect(errors).toBeGreaterThanOrEqual(2);
    expect(errors).toBeLessThan(16);
    await expect.poll(() => view.getByTestId('classify-example').count()).toBe(errors);
    await screenshot(page, 'classify-joint-light');
  });
});
