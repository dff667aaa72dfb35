import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { activeDiagram, connect, dragBetween, nodeByLabel, summary } from './editorHelpers';
import { openNewProject } from './flows';
import { screenshot, useE2eSession } from './harness';

// Building networks in the editor through the real UI (Chromium, browser mode): from the palette by click and by
// drag and drop, connecting handles, and with the keyboard alone; live compilation and its problems.

describe('building networks in the editor', () => {
  const session = useE2eSession('e2e-editor-build');
  let page: Page;

  beforeAll(async () => {
    page = await openNewProject(session, { debug: true });
  });

  test('an RBM from the palette (one layer dragged onto the canvas, one clicked) compiles as an RBM', async () => {
    await page.getByTestId('palette-visible-layer').dragTo(page.locator('.react-flow__pane'), { targetPosition: { x: 150, y: 60 } });
    await page.getByTestId('palette-hidden-layer').click();
    await expect.poll(async () => (await activeDiagram(page))?.nodes.map((n) => n.label)).toEqual(['V1', 'H1']);
    // The clicked layer lands at the view's centre, which can leave a handle under the tab bar: fit both in view first.
    await page.getByTestId('fit-view').click();
    await connect(page, 'V1', 'H1');
    await expect.poll(() => summary(page)).toBe('restricted Boltzmann machine · 17 units · 72 couplings');
    expect(await page.getByTestId('compiled-summary').getAttribute('data-family')).toBe('restricted Boltzmann machine');
    await expect.poll(() => page.getByTestId('exact-feasible').textContent()).toContain('feasible: 2^8 = 256 states');
    // A layer coupled to itself: its two coupling handles joined; lateral weights make it a Boltzmann machine.
    await dragBetween(page, nodeByLabel(page, 'H1').locator('[data-handleid="coupling-top"]'), nodeByLabel(page, 'H1').locator('[data-handleid="coupling-bottom"]'));
    await expect.poll(() => summary(page)).toBe('Boltzmann machine · 17 units · 100 couplings');
    await page.keyboard.press('Control+z');
    await expect.poll(() => summary(page)).toContain('restricted Boltzmann machine');
  });

  test('a 3-layer sigmoid belief network built with parent links compiles as one; a directed cycle is flagged, highlighted and revealed', async () => {
    await page.getByTestId('add-diagram').click();
    await page.locator('.canvas-hint').waitFor();
    await page.getByTestId('edge-mode-parent').click();
    await page.getByTestId('palette-hidden-layer').click();
    await page.getByTestId('palette-hidden-layer').click();
    await page.getByTestId('palette-visible-layer').click();
    await page.keyboard.press('l');
    await connect(page, 'H1', 'H2', 'parent');
    await connect(page, 'H2', 'V1', 'parent');
    await page.keyboard.press('l');
    await expect.poll(() => summary(page)).toBe('sigmoid belief network · 3 layers · 25 units · 136 links');
    // Edges render a frame or more after the model's summary updates (auto-layout moves the nodes first).
    await expect.poll(() => page.locator('.react-flow__edge .edge-parent').count(), { timeout: 10_000 }).toBe(2);
    await screenshot(page, 'editor-sbn');

    // V1 → H1 closes the cycle H1 → H2 → V1 → H1: the top of H1 is where parent links enter.
    await connect(page, 'V1', 'H1', 'parent');
    const problems = page.getByTestId('problems-list');
    await expect.poll(() => problems.textContent()).toMatch(/cycle/);
    await expect.poll(() => page.locator('.react-flow__edge .is-faulty').count()).toBe(3);
    await expect.poll(() => page.locator('.react-flow__node .is-faulty').count(), { timeout: 10_000 }).toBe(3);

    // Pan the cycle out of view; clicking the problem selects its nodes and edges and brings them back.
    const canvas = (await page.locator('.react-flow').boundingBox())!;
    for (let i = 0; i < 2; i++) {
      await page.mouse.move(canvas.x + 15, canvas.y + 15);
      await page.mouse.down();
      await page.mouse.move(canvas.x + 615, canvas.y + 515, { steps: 8 });
      await page.mouse.up();
    }
    const inView = async () => {
      const boxes = await Promise.all(['H1', 'H2', 'V1'].map((label) => nodeByLabel(page, label).boundingBox()));
      return boxes.every((b) => b && b.x >= canvas.x && b.y >= canvas.y && b.x + b.width <= canvas.x + canvas.width && b.y + b.height <= canvas.y + canvas.height);
    };
    expect(await inView()).toBe(false);
    await problems.getByRole('button', { name: /cycle/ }).click();
    await expect.poll(() => page.getByTestId('inspector').locator('h2').textContent()).toBe('3 nodes, 3 edges');
    await expect.poll(inView).toBe(true);
    await screenshot(page, 'editor-cycle');
    await page.keyboard.press('Control+z');
    await expect.poll(() => problems.getAttribute('data-error-count')).toBe('0');
  });

  test('mixed edge kinds are flagged and the minority edges highlighted; changing the kind in the inspector fixes it', async () => {
    await page.getByTestId('edge-mode-coupling').click();
    await connect(page, 'H1', 'V1');
    const problems = page.getByTestId('problems-list');
    await expect.poll(() => problems.textContent()).toMatch(/mixes 1 coupling with 2 parent links/);
    await expect.poll(() => page.locator('.react-flow__edge .is-faulty').count()).toBe(1);
    await problems.getByRole('button', { name: /mixes/ }).click();
    await expect.poll(() => page.getByTestId('edge-description').textContent()).toBe('Coupling H1 — V1');
    await page.getByTestId('edge-kind').selectOption('parent');
    await expect.poll(() => problems.getAttribute('data-error-count')).toBe('0');
    await expect.poll(() => summary(page)).toBe('sigmoid belief network · 3 layers · 25 units · 208 links');
  });

  test('keyboard only: a new diagram, three units, couple them all, make one hidden, rename it', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Shift+N');
    await page.locator('.canvas-hint').waitFor();
    await page.keyboard.press('1');
    await page.keyboard.press('1');
    await page.keyboard.press('2');
    await page.keyboard.press('Control+a');
    await page.keyboard.press('c');
    await expect.poll(() => summary(page)).toBe('Boltzmann machine · 3 units · 3 couplings');
    // ] walks the nodes in reading order; Shift+] extends the selection; K turns selected edges into parent links.
    await page.keyboard.press('Escape');
    await page.keyboard.press(']');
    await expect.poll(() => page.getByTestId('inspector').locator('h2').textContent()).toMatch(/^Unit “/);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    const tabbed = async () => {
      for (let i = 0; i < 80; i++) {
        if (await page.evaluate(() => document.activeElement?.id === 'field-label')) return;
        await page.keyboard.press('Tab');
      }
      throw new Error('the label field was not reached with Tab');
    };
    await tabbed();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('x1');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await activeDiagram(page))?.nodes.some((n) => n.label === 'x1')).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-role');
    await page.keyboard.press('h');
    await expect.poll(async () => (await activeDiagram(page))?.nodes.find((n) => n.label === 'x1')).toMatchObject({ role: 'hidden' });
    const diagram = await activeDiagram(page);
    expect(diagram?.nodes).toHaveLength(3);
    expect(diagram?.edges.every((e) => e.kind === 'coupling')).toBe(true);
    await screenshot(page, 'editor-keyboard');
  });
});
