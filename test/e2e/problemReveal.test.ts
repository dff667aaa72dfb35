import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { openExample } from './flows';
import { activeDiagram, connect, nodeByLabel, settled } from './editorHelpers';
import { openApp, screenshot, useE2eSession } from './harness';

// Issue 13 item 10: clicking a problem centres its elements clear of the canvas's panels (minimap, zoom controls,
// legend), as every other fit does; edges are announced by their end nodes' labels, as the problems list names them.

const WAIT = { timeout: 60_000 };

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

async function boxOf(locator: Locator): Promise<Box> {
  const b = await locator.boundingBox();
  if (!b) throw new Error('element has no box');
  return { left: b.x, top: b.y, right: b.x + b.width, bottom: b.y + b.height };
}

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const inside = (a: Box, b: Box) => a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;

/** The nodes of `labels` that lie outside the pane or under one of its panels; [] when all are in view. */
async function hiddenOf(page: Page, labels: string[]): Promise<string[]> {
  const pane = await boxOf(page.locator('.react-flow').first());
  const panels = page.locator('.react-flow__panel');
  const overlays: Box[] = [];
  for (let i = 0; i < (await panels.count()); i++) {
    const box = await panels.nth(i).boundingBox();
    if (box && box.width > 0 && box.height > 0) overlays.push({ left: box.x, top: box.y, right: box.x + box.width, bottom: box.y + box.height });
  }
  const hidden: string[] = [];
  for (const label of labels) {
    const box = await boxOf(nodeByLabel(page, label));
    if (!inside(box, pane) || overlays.some((o) => overlaps(box, o))) hidden.push(label);
  }
  return hidden;
}

describe('problems and edges on the canvas', () => {
  const session = useE2eSession('e2e-problem-reveal');
  let page: Page;

  beforeAll(async () => {
    page = await openApp(session.browser, await session.startApp(), { debug: true });
  });

  test('clicking a problem shows its nodes clear of the minimap and the zoom controls', async () => {
    await openExample(page, 'xor-boltzmann');
    await expect.poll(() => page.getByTestId('compiled-summary').textContent(), WAIT).toContain('21 couplings');
    await page.locator('.react-flow__minimap').waitFor();
    // A parent link across the bottom row, h1 (left) → h4 (right), is the odd one out: a fit of the pair is wide and
    // centred, where the minimap (bottom right) reaches above the middle of the pane under the open dock.
    await page.getByTestId('edge-mode-parent').click();
    await connect(page, 'h1', 'h4', 'parent');
    const problem = page.getByTestId('problems-list').locator('.problem').filter({ hasText: /mixes/ });
    await expect.poll(() => problem.count(), WAIT).toBe(1);
    // Zoomed far in, the two ends are off screen; the problem brings them back, neither under a panel.
    for (let i = 0; i < 5; i++) await page.locator('.react-flow__controls-zoomin').click();
    await settled(page);
    await expect.poll(async () => (await hiddenOf(page, ['h1', 'h4'])).length, WAIT).toBeGreaterThan(0);
    await problem.click();
    await settled(page);
    await expect.poll(() => hiddenOf(page, ['h1', 'h4']), WAIT).toEqual([]);
    await screenshot(page, 'problem-reveal-light');
  });

  test('an edge is announced by its ends’ labels, and a renamed node renames it', async () => {
    const diagram = (await activeDiagram(page))!;
    const link = diagram.edges.find((e) => e.kind === 'parent')!;
    const edge = page.locator(`.react-flow__edge[data-id="${link.id}"]`);
    await expect.poll(() => edge.getAttribute('aria-label'), WAIT).toBe('parent link "h1 → h4"');
    const coupling = diagram.edges.find((e) => e.kind === 'coupling' && e.source === 'x2' && e.target === 'h1');
    expect(coupling, 'the example couples x2 with h1').toBeDefined();
    expect(await page.locator(`.react-flow__edge[data-id="${coupling!.id}"]`).getAttribute('aria-label')).toBe('coupling "x2 – h1"');

    // Zoom to fit first, so h4 is clear to click whatever the test before left on screen.
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('KeyF');
    await settled(page);
    await nodeByLabel(page, 'h4').click();
    await page.getByTestId('field-label').fill('Hidden four');
    await page.getByTestId('field-label').press('Enter');
    await expect.poll(() => edge.getAttribute('aria-label'), WAIT).toBe('parent link "h1 → Hidden four"');
  });
});
