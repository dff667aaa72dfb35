import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { activeDiagram, debug, nodeByLabel, nodeId, settled, summary } from './editorHelpers';
import { openExample, openNewProject } from './flows';
import { screenshot, useE2eSession } from './harness';

// Templates, the look of the editor (light and dark themes, 200 % zoom), the help overlay and context menus.

const TEMPLATE_CASES: { id: string; fields: Record<string, string>; summary: string }[] = [
  { id: 'hopfield', fields: { units: '6' }, summary: 'Hopfield network · 6 units · 15 couplings' },
  { id: 'rbm', fields: { visible: '784', hidden: '64' }, summary: 'restricted Boltzmann machine · 848 units · 50,176 couplings' },
  { id: 'dbn', fields: { sizes: '64-32-16' }, summary: 'Boltzmann machine · 112 units · 2,560 couplings' },
  { id: 'sbn', fields: { sizes: '8-24-64' }, summary: 'sigmoid belief network · 3 layers · 96 units · 1,728 links' },
  { id: 'boltzmann', fields: { visible: '3', hidden: '4' }, summary: 'Boltzmann machine · 7 units · 21 couplings' },
  { id: 'peterson-anderson', fields: { hidden: '4' }, summary: 'restricted Boltzmann machine · 7 units · 12 couplings' },
];

describe('templates, looks and menus', () => {
  const session = useE2eSession('e2e-editor-templates');
  let page: Page;

  beforeAll(async () => {
    page = await openNewProject(session, { debug: true });
  });

  test('every template inserts from its size dialog and compiles to the network it names', async () => {
    for (const [i, template] of TEMPLATE_CASES.entries()) {
      await page.getByTestId(`palette-template-${template.id}`).click();
      await page.getByTestId('template-dialog').waitFor();
      for (const [key, value] of Object.entries(template.fields)) await page.getByTestId(`template-field-${key}`).fill(value);
      // The first template fills the empty diagram; the others each open a new one.
      expect(await page.getByTestId('template-new-diagram').isChecked()).toBe(i > 0);
      await page.getByTestId('template-insert').click();
      await expect.poll(() => summary(page), { message: template.id }).toBe(template.summary);
      expect(await page.getByTestId('problems-list').getAttribute('data-error-count')).toBe('0');
    }
    expect(await page.locator('.diagram-tabs [role="tab"]').count()).toBe(TEMPLATE_CASES.length);
  });

  test('a size refused in the dialog says why and cannot be inserted', async () => {
    await page.keyboard.press('t');
    await page.getByTestId('template-sbn').check();
    await page.getByTestId('template-field-sizes').fill('8');
    await expect.poll(() => page.getByTestId('template-dialog').getByRole('alert').textContent()).toMatch(/at least 2 layers/);
    expect(await page.getByTestId('template-insert').isDisabled()).toBe(true);
    await page.getByTestId('template-field-sizes').fill('8-0-4');
    await expect.poll(() => page.getByTestId('template-dialog').getByRole('alert').textContent()).toMatch(/e\.g\. 8-24-64/);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('template-dialog').count()).toBe(0);
  });

  test('invalid inspector values are refused in place with a message; several nodes are edited together', async () => {
    await page.getByTestId('diagram-tab-1').getByRole('tab').click();
    await expect.poll(() => summary(page)).toContain('848 units');
    await nodeByLabel(page, 'Visible').click();
    await page.getByTestId('field-size').fill('780');
    await page.getByTestId('field-size').press('Enter');
    await page.getByTestId('field-imageShape').fill('20x20');
    await page.getByTestId('field-imageShape').press('Enter');
    await expect.poll(() => page.getByTestId('field-error').textContent()).toBe('20×20 is 400 pixels, but “Visible” has 780 units: use rows × cols = 780.');
    expect(await page.getByTestId('field-imageShape').getAttribute('aria-invalid')).toBe('true');
    await page.getByTestId('field-imageShape').fill('26x30');
    await page.getByTestId('field-imageShape').press('Enter');
    await expect.poll(() => page.getByTestId('field-error').count()).toBe(0);
    await page.getByTestId('field-size').fill('0');
    await page.getByTestId('field-size').press('Enter');
    await expect.poll(() => page.getByTestId('field-error').textContent()).toMatch(/from 1 to 100,000/);
    await page.getByTestId('field-size').press('Escape');

    await page.keyboard.press('Control+a');
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('Control+a');
    await expect.poll(() => page.getByTestId('inspector').locator('h2').textContent()).toBe('2 nodes, 1 edge');
    await page.getByTestId('field-size').fill('100');
    await page.getByTestId('field-size').press('Enter');
    await expect.poll(() => summary(page)).toBe('restricted Boltzmann machine · 200 units · 10,000 couplings');
    const diagram = await activeDiagram(page);
    expect(diagram?.nodes.map((n) => (n as unknown as { imageShape?: unknown }).imageShape)).toEqual([undefined, undefined]);

    // The coupling's initial weights: N(0, σ²) with σ refused below 0.
    await page.getByTestId('field-weightInit').selectOption('normal');
    await page.getByTestId('field-weightInit-number').fill('-1');
    await page.getByTestId('field-weightInit-number').press('Enter');
    await expect.poll(() => page.getByTestId('field-error').textContent()).toBe('σ is a standard deviation: it must be 0 or more.');
    await page.getByTestId('field-weightInit-number').fill('0.05');
    await page.getByTestId('field-weightInit-number').press('Enter');
    await expect.poll(async () => ((await activeDiagram(page))?.edges[0] as unknown as { weightInit?: unknown }).weightInit).toEqual({ kind: 'normal', scale: 0.05 });
  });

  test('context menus on the canvas, a node and an edge run their commands', async () => {
    await page.locator('.react-flow__pane').click({ button: 'right', position: { x: 60, y: 60 } });
    await page.getByTestId('context-menu').waitFor();
    await screenshot(page, 'editor-context-menu');
    await page.getByTestId('menu-add-hidden-unit').click();
    await expect.poll(() => summary(page)).toMatch(/201 units/);
    await nodeByLabel(page, 'h1').click({ button: 'right' });
    await page.getByTestId('menu-toggle-role').click();
    await expect.poll(async () => (await activeDiagram(page))?.nodes.find((n) => n.label === 'h1')?.role).toBe('visible');
    await nodeByLabel(page, 'h1').click({ button: 'right' });
    await page.getByTestId('menu-delete').click();
    await expect.poll(() => summary(page)).toMatch(/200 units/);
    const edge = page.locator('.react-flow__edge').first();
    await edge.click({ button: 'right', force: true });
    await page.getByTestId('menu-toggle-kind').click();
    await expect.poll(async () => (await activeDiagram(page))?.edges[0].kind).toBe('parent');
    await page.keyboard.press('Control+z');
  });

  test('layers draw image-shaped thumbnails of their live activations', async () => {
    await page.getByTestId('diagram-tab-3').getByRole('tab').click();
    await expect.poll(() => summary(page)).toContain('sigmoid belief network');
    const id = await nodeId(page, 'Visible');
    const thumbnail = nodeByLabel(page, 'Visible').locator('canvas.thumbnail');
    expect(await thumbnail.getAttribute('data-content')).toBe('units');
    expect([await thumbnail.getAttribute('width'), await thumbnail.getAttribute('height')]).toEqual(['8', '8']);
    const stripes = Array.from({ length: 64 }, (_, i) => (Math.floor(i / 8) % 2 === 0 ? 1 : 0));
    await debug(page, new Function('hook', `return hook.setActivations(${JSON.stringify(id)}, ${JSON.stringify(stripes)})`) as never);
    await expect.poll(() => thumbnail.getAttribute('data-content')).toBe('activations');
    const rows = await thumbnail.evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, 8, 8).data;
      return [data[0], data[8 * 4]];
    });
    expect(rows[0]).toBeLessThan(rows[1]);
  });

  test('the editor in light and dark themes, at 100 % and 200 % zoom, and the help overlay', async () => {
    await page.getByTestId('diagram-tab-4').getByRole('tab').click();
    await settled(page);
    await page.locator('.react-flow__edge').first().click({ force: true });
    await screenshot(page, 'editor-light');
    await page.getByTestId('theme-toggle').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await screenshot(page, 'editor-dark');
    await page.keyboard.press('?');
    await page.getByTestId('help-overlay').waitFor();
    expect(await page.getByTestId('help-overlay').textContent()).toMatch(/Duplicate the selection.*Box select/s);
    await screenshot(page, 'editor-help-dark');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('help-overlay').count()).toBe(0);
    await page.getByTestId('theme-toggle').click();

    // 200 %: the same window at twice the pixel density shows half as many CSS pixels.
    const zoomed = await session.browser.newPage({ viewport: { width: 720, height: 450 }, deviceScaleFactor: 2 });
    await zoomed.goto(page.url());
    await zoomed.getByTestId('status-backend').waitFor();
    await openExample(zoomed, 'xor-boltzmann');
    await expect.poll(() => zoomed.getByTestId('compiled-summary').textContent()).toContain('21 couplings');
    const overflow = await zoomed.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await screenshot(zoomed, 'editor-zoom-200');
    await zoomed.close();
  });
});
