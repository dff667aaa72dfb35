import { describe, expect, test } from 'vitest';
import { openApp, screenshot, useE2eSession } from './harness';

// The dataset panel: generate a built-in, see it listed (and offered for training); a bad CSV is refused naming its row.
describe('dataset panel', () => {
  const session = useE2eSession('e2e-datasets');

  test('generates 4×4 bars and stripes, then refuses a CSV with a bad cell, naming row and column, importing nothing', async () => {
    const page = await openApp(session.browser, await session.startApp());
    await page.getByTestId('open-example-menu').click();
    await page.getByTestId('open-example-xor-boltzmann').click();
    const panel = page.getByTestId('dataset-panel');
    const items = panel.getByTestId('dataset-item');
    await expect.poll(() => items.count()).toBe(1);

    await panel.getByTestId('dataset-generate-toggle').click();
    await panel.getByTestId('generator-select').selectOption('bars-stripes');
    await panel.getByTestId('generator-option-size').fill('4');
    await panel.getByTestId('generate-button').click();
    await expect.poll(() => items.count()).toBe(2);
    const generated = items.nth(1);
    expect(await generated.getByTestId('dataset-name').textContent()).toBe('Bars and stripes 4×4');
    expect(await generated.getByTestId('dataset-facts').textContent()).toBe('30 rows × 16 bits · 4×4 images · labels: stripes, bars');
    await expect.poll(() => page.getByTestId('dataset-select').locator('option').allTextContents()).toContain('Bars and stripes 4×4 — 30 × 16');

    await panel.getByTestId('dataset-import-toggle').click();
    await panel.getByTestId('csv-file-input').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('x1,x2,x3\n0,1,1\n1,5,0\n') });
    await panel.getByTestId('import-button').click();
    await expect.poll(() => panel.getByTestId('dataset-error').textContent()).toBe('bad.csv: Row 3, column 2: 5 is not a binary value; use 0/1 or −1/1');
    expect(await items.count()).toBe(2);
    await screenshot(page, 'datasets-bad-csv');

    await panel.getByTestId('csv-file-input').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from('0,1,1\n1,0,1\n') });
    await panel.getByTestId('import-button').click();
    await expect.poll(() => items.count()).toBe(3);
    expect(await panel.getByTestId('dataset-error').count()).toBe(0);
    expect(await items.nth(2).getByTestId('dataset-facts').textContent()).toBe('2 rows × 3 bits');
  });
});
