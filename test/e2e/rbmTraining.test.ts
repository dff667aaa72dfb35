import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { newProject, summary } from './editorHelpers';
import { openApp, screenshot, useE2eSession } from './harness';

// A new user's path beyond the example: an RBM from a template, a generated dataset, CD training from the Train panel.

describe('training an RBM built from a template', () => {
  const session = useE2eSession('e2e-rbm-training');
  let page: Page;

  beforeAll(async () => {
    page = await openApp(session.browser, await session.startApp());
    await newProject(page);
  });

  test('RBM 9×6 (±1 units) on generated 3×3 bars and stripes: main offers CD for it, 200 epochs of CD-1 take KL from 3.6 below 2 nats', async () => {
    await page.getByTestId('palette-template-rbm').click();
    await page.getByTestId('template-field-visible').fill('9');
    await page.getByTestId('template-field-hidden').fill('6');
    await page.getByTestId('template-insert').click();
    await expect.poll(() => summary(page)).toBe('restricted Boltzmann machine · 15 units · 54 couplings');
    // Mehlig's bars-and-stripes RBM uses ±1 units; CD with 0/1 units and 6 hidden units learns this set far more slowly.
    await page.keyboard.press('Escape');
    await page.locator('#diagram-encoding').selectOption('pm1');

    const panel = page.getByTestId('dataset-panel');
    await panel.getByTestId('dataset-generate-toggle').click();
    await panel.getByTestId('generator-select').selectOption('bars-stripes');
    await panel.getByTestId('generator-option-size').fill('3');
    await panel.getByTestId('generate-button').click();
    await expect.poll(() => page.getByTestId('dataset-select').locator('option').allTextContents()).toContain('Bars and stripes 3×3 — 14 × 9');
    await page.getByTestId('dataset-select').selectOption({ label: 'Bars and stripes 3×3 — 14 × 9' });

    // Main offers the algorithms that fit an RBM of 15 units, CD among them.
    await expect.poll(() => page.getByTestId('algorithm-select').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toContain('cd');
    await page.getByTestId('algorithm-select').selectOption('cd');
    await page.getByTestId('epochs-input').fill('200');
    await expect.poll(() => page.getByTestId('train-button').isEnabled()).toBe(true);
    await page.getByTestId('train-button').click();
    await page.locator('[data-testid="trained-state"].state-trained').waitFor({ timeout: 180_000 });
    const klText = (await page.getByTestId('kl-value').textContent()) ?? '';
    const kl = Number(/([0-9]*\.?[0-9]+(?:e-?\d+)?)/.exec(klText)?.[1]);
    // The uniform model's KL is ln(512/14) ≈ 3.6 nats; the engine reaches ≈ 0.9 with these defaults (seed 1).
    expect(kl).toBeLessThan(2);
    await screenshot(page, 'rbm-cd-trained');
  });
});
