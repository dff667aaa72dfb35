import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { summary } from './editorHelpers';
import { generateDataset, insertTemplate, openAnalysisTab, openExample, openNewProject, trainInPanel, waitTrained } from './flows';
import { screenshot, useE2eSession } from './harness';

// The Dynamics view on a Hopfield net of 25 units storing three random 5×5 patterns by Hebb's rule: deterministic
// asynchronous dynamics from a random state, stepped and played back on the layer's thumbnail beside the energy trace.

/** The RGBA pixels of the canvas's first layer thumbnail. */
const thumbnailPixels = (page: Page) =>
  page.locator('canvas.thumbnail').first().evaluate((c) => {
    const canvas = c as HTMLCanvasElement;
    return Array.from(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data);
  });

const frameInfo = async (page: Page) => {
  const counter = page.getByTestId('dynamics-frame');
  return { frame: Number(await counter.getAttribute('data-frame')), step: Number(await counter.getAttribute('data-step')), trace: Number(await counter.getAttribute('data-trace')) };
};

describe('the dynamics view', () => {
  const session = useE2eSession('e2e-dynamics-view');
  let page: Page;

  beforeAll(async () => {
    page = await openNewProject(session);
  });

  test('Hopfield dynamics at T = 0: stepping and playing never raise H, and the thumbnail animates', async () => {
    await insertTemplate(page, 'hopfield', { units: '25' });
    await expect.poll(() => summary(page)).toMatch(/^Hopfield network · 25 units/);
    await page.keyboard.press('Escape');

    // Untrained, the view says what to do first.
    const view = await openAnalysisTab(page, 'dynamics');
    await page.getByTestId('dynamics-untrained').waitFor();
    expect(await page.getByTestId('dynamics-run').isDisabled()).toBe(true);

    const dataset = await generateDataset(page, 'random', { count: '3', rows: '5', cols: '5' }, /3 × 25/);
    expect(await page.getByTestId('dataset-select').locator('option', { hasText: '3 × 25' }).count()).toBe(1);
    await trainInPanel(page, { dataset, algorithm: 'hebb' });
    await waitTrained(page, 60_000);

    // A Hopfield net offers the energy-model methods, Hopfield dynamics first, at T = 0.
    expect(await view.getByTestId('dynamics-method').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['gibbs', 'meanfield', 'hopfield']);
    expect(await view.getByTestId('dynamics-method').inputValue()).toBe('hopfield');
    expect(await view.getByTestId('dynamics-temperature').inputValue()).toBe('0');
    await view.getByTestId('dynamics-steps').fill('8');
    await view.getByTestId('dynamics-seed').fill('3');
    await expect.poll(() => view.getByTestId('dynamics-run').isEnabled()).toBe(true);
    await view.getByTestId('dynamics-run').click();
    await view.getByTestId('dynamics-trace').waitFor();
    expect(await view.getByTestId('dynamics-trace').getAttribute('data-points')).toBe('9');
    expect(await view.getByTestId('dynamics-trace').textContent()).toContain('Energy H(s)');

    // Frame 0 is the random start; the thumbnail shows its states (not the biases or the bare grid).
    await expect.poll(() => page.locator('canvas.thumbnail').first().getAttribute('data-content')).toBe('activations');
    const first = await frameInfo(page);
    expect(first).toMatchObject({ frame: 0, step: 0 });
    const startPixels = await thumbnailPixels(page);

    // Step through every frame: H(s) never rises along deterministic asynchronous updates (Mehlig §2.5).
    const traces = [first.trace];
    while (await view.getByTestId('dynamics-step-forward').isEnabled()) {
      const before = (await frameInfo(page)).frame;
      await view.getByTestId('dynamics-step-forward').click();
      await expect.poll(async () => (await frameInfo(page)).frame).toBe(before + 1);
      traces.push((await frameInfo(page)).trace);
    }
    expect(traces).toHaveLength(9);
    traces.slice(1).forEach((t, k) => expect(t).toBeLessThanOrEqual(traces[k] + 1e-6));
    expect(traces[8]).toBeLessThan(traces[0]);
    expect((await frameInfo(page)).step).toBe(8);
    // The relaxed state differs from the random start, and the thumbnail's colours follow.
    expect(await thumbnailPixels(page)).not.toEqual(startPixels);

    // Back to the start by the scrubber, then play to the end.
    await view.getByTestId('dynamics-scrubber').fill('0');
    await expect.poll(async () => (await frameInfo(page)).frame).toBe(0);
    expect(await thumbnailPixels(page)).toEqual(startPixels);
    await view.getByTestId('dynamics-speed').fill('30');
    await view.getByTestId('dynamics-play').click();
    await expect.poll(async () => (await frameInfo(page)).frame, { timeout: 10_000 }).toBe(8);
    await expect.poll(() => view.getByTestId('dynamics-play').getAttribute('aria-pressed')).toBe('false');
    await view.getByTestId('dynamics-trace').scrollIntoViewIfNeeded();
    await screenshot(page, 'dynamics-view');

    // Started from a stored row, with the overlaps m_µ(t) with the three rows traced in a second panel.
    await view.getByTestId('dynamics-start').selectOption({ index: 1 });
    await view.getByTestId('dynamics-overlaps').waitFor();
    await expect.poll(() => view.getByTestId('dynamics-run').isEnabled()).toBe(true);
    await view.getByTestId('dynamics-run').click();
    await expect.poll(() => view.getByTestId('dynamics-trace').textContent()).toContain('Overlaps');
    expect(await view.getByTestId('dynamics-trace').locator('polyline').count()).toBe(4);

    // The frames export as CSV, and leaving the view clears the live activations from the canvas.
    expect(await view.getByTestId('export-csv').count()).toBe(1);
    await page.getByTestId('analysis-tab-charts').click();
    await expect.poll(() => page.locator('canvas.thumbnail').first().getAttribute('data-content')).not.toBe('activations');
  });

  test('the XOR example trained briefly: sequential mean field never raises F, and the unit circles shade with P(on)', async () => {
    await openExample(page, 'xor-boltzmann');
    await expect.poll(() => summary(page)).toContain('Boltzmann machine · 7 units · 21 couplings');
    await trainInPanel(page, { epochs: 20 });
    await waitTrained(page, 60_000);

    const view = await openAnalysisTab(page, 'dynamics');
    await view.getByTestId('dynamics-method').selectOption('meanfield');
    await view.getByTestId('dynamics-steps').fill('12');
    await expect.poll(() => view.getByTestId('dynamics-run').isEnabled()).toBe(true);
    await view.getByTestId('dynamics-run').click();
    await expect.poll(() => view.getByTestId('dynamics-trace').textContent()).toContain('Mean-field free energy F');

    const discs = page.locator('.unit-activation');
    await expect.poll(() => discs.count()).toBe(7);
    const startShades = await discs.evaluateAll((ds) => ds.map((d) => d.getAttribute('data-activation')));
    const traces: number[] = [];
    for (let k = 0; k <= 12; k++) {
      await view.getByTestId('dynamics-scrubber').fill(String(k));
      await expect.poll(async () => (await frameInfo(page)).frame).toBe(k);
      traces.push((await frameInfo(page)).trace);
    }
    traces.slice(1).forEach((t, k) => expect(t).toBeLessThanOrEqual(traces[k] + 1e-5));
    expect(await discs.evaluateAll((ds) => ds.map((d) => d.getAttribute('data-activation')))).not.toEqual(startShades);
    await screenshot(page, 'dynamics-view-units');
  });

  test('a sigmoid belief network: attractor dynamics with a bars-and-stripes image held on the visible layer lower L', async () => {
    await insertTemplate(page, 'sbn', { sizes: '2-4-9' });
    await expect.poll(() => summary(page)).toMatch(/^sigmoid belief network · 3 layers · 15 units/);
    await page.keyboard.press('Escape');
    const dataset = await generateDataset(page, 'bars-stripes', { size: '3' }, 'Bars and stripes 3×3 — 14 × 9');
    await trainInPanel(page, { dataset, algorithm: 'sbn-meanfield', epochs: 10 });
    await waitTrained(page, 60_000);

    const view = page.getByTestId('dynamics-view');
    // Belief networks: Gibbs, mean field (SJJ) and attractor dynamics, at their own T = 1 (no temperature field).
    await expect.poll(() => view.getByTestId('dynamics-method').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['gibbs', 'meanfield', 'attractor']);
    expect(await view.getByTestId('dynamics-method').inputValue()).toBe('attractor');
    expect(await view.getByTestId('dynamics-temperature').count()).toBe(0);
    await view.getByTestId('dynamics-start').selectOption({ index: 1 });
    expect(await view.getByTestId('dynamics-clamp').isChecked()).toBe(true);
    await view.getByTestId('dynamics-start-row').fill('3');
    await view.getByTestId('dynamics-steps').fill('30');
    await expect.poll(() => view.getByTestId('dynamics-run').isEnabled()).toBe(true);
    await view.getByTestId('dynamics-run').click();
    await expect.poll(() => view.getByTestId('dynamics-trace').textContent()).toContain('Lyapunov function L');
    const start = await frameInfo(page);
    const hidden = page.locator('canvas.thumbnail').first();
    await expect.poll(() => hidden.getAttribute('data-content')).toBe('activations');
    const hiddenStart = await thumbnailPixels(page);
    await view.getByTestId('dynamics-scrubber').fill('30');
    await expect.poll(async () => (await frameInfo(page)).step).toBe(30);
    expect((await frameInfo(page)).trace).toBeLessThan(start.trace);
    expect(await thumbnailPixels(page)).not.toEqual(hiddenStart);
    await screenshot(page, 'dynamics-view-sbn');
  });
});
