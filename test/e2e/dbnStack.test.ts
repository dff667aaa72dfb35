import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { summary } from './editorHelpers';
import { datasetOption, generateDataset, insertTemplate, openAnalysisTab, openNewProject, selectAlgorithm, waitTrained } from './flows';
import { screenshot, useE2eSession } from './harness';

// A deep belief net from the template: greedy layer-wise training from the Train panel, then the stack's fantasies
// (Gibbs in the top RBM, one pass down) drawn as images in the Generate view.

/** A 4×4 image ('0'/'1' row-major) is a bar or stripe pattern when all its rows, or all its columns, are uniform. */
function isBarsOrStripes(bits: string): boolean {
  const at = (r: number, c: number) => bits[4 * r + c];
  const range = [0, 1, 2, 3];
  const rowsUniform = range.every((r) => range.every((c) => at(r, c) === at(r, 0)));
  const colsUniform = range.every((c) => range.every((r) => at(r, c) === at(0, c)));
  return bits.length === 16 && (rowsUniform || colsUniform);
}

describe('a deep belief net built from the template', () => {
  const session = useE2eSession('e2e-dbn-stack');
  let page: Page;

  beforeAll(async () => {
    page = await openNewProject(session);
  });

  test('DBN 16-12-8 on 4×4 bars and stripes: dbn-greedy trains both RBMs, Generate draws the stack’s fantasies as images', async () => {
    await insertTemplate(page, 'dbn', { sizes: '16-12-8' });
    await expect.poll(() => summary(page)).toBe('Boltzmann machine · 36 units · 288 couplings');
    await page.keyboard.press('Escape');
    const dataset = await generateDataset(page, 'bars-stripes', { size: '4' }, /^Bars and stripes 4×4/);
    await page.getByTestId('dataset-select').selectOption({ label: await datasetOption(page, dataset) });
    // Main offers greedy layer-wise training for the stack; its own settings appear in the form.
    await selectAlgorithm(page, 'dbn-greedy', 10_000);
    // 200 epochs per layer of CD-1 at η = 0.3 in minibatches of 5 (momentum 0.5, the default): about one fantasy in five is then a bar or stripe pattern.
    await page.getByTestId('hyper-epochsPerLayer').fill('200');
    await page.getByTestId('hyper-learningRate').fill('0.3');
    await page.getByTestId('hyper-batchSize').fill('5');
    expect(await page.getByTestId('choice-propagate').inputValue()).toBe('means');
    await page.getByTestId('epochs-input').fill('400');
    await expect.poll(() => page.getByTestId('train-button').isEnabled()).toBe(true);
    await page.getByTestId('train-button').click();
    await waitTrained(page, 180_000);
    await screenshot(page, 'dbn-stack-trained');

    const view = await openAnalysisTab(page, 'generate');
    // The stack's own sampler is offered, and preselected, beside the general energy-model samplers.
    await expect.poll(() => page.getByTestId('fantasy-method').inputValue()).toBe('dbn-fantasy');
    await page.getByTestId('fantasy-count').fill('32');
    await page.getByTestId('fantasy-sweeps').fill('200');
    await page.getByTestId('fantasy-sample').click();
    await expect.poll(() => page.getByTestId('fantasy-cell').count(), { timeout: 60_000 }).toBe(32);
    const bits = await page.getByTestId('fantasy-cell').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-bits') ?? ''));
    expect(bits.every((b) => /^[01]{16}$/.test(b))).toBe(true);
    // 30 of the 2^16 images are bars or stripes; an untrained stack would draw one by chance about once in 2,000 fantasies.
    const valid = bits.filter(isBarsOrStripes).length;
    expect(valid).toBeGreaterThan(0);
    expect(await page.getByTestId('fantasy-matches').textContent()).toMatch(new RegExp(`^${valid} of 32 fantasies are training patterns`));
    await view.getByTestId('fantasy-grid').scrollIntoViewIfNeeded();
    await screenshot(page, 'dbn-stack-fantasies');
  });
});
