import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { listExamples, loadExample } from '../../projects/examples';
import { settled, summary } from './editorHelpers';
import { openAnalysisTab, openExample, trainInPanel, waitTrained } from './flows';
import { openApp, screenshot, useE2eSession } from './harness';

// Issue 13 item 8: every bundled example opens at 1440×900 with each node in view (not under the minimap), its
// "try this" line shown, and a dataset that fits, so that the Train panel can start at once. Screenshots light and dark.

/** The compiled summary each example shows on open. */
const SUMMARY: Record<string, string> = {
  'xor-boltzmann': 'Boltzmann machine · 7 units · 21 couplings',
  'hopfield-retrieval': 'Hopfield network · 64 units · 2,016 couplings',
  'peterson-anderson-xor': 'restricted Boltzmann machine · 7 units · 12 couplings',
  'rbm-bars-stripes': 'restricted Boltzmann machine · 17 units · 72 couplings',
  'rbm-digits': 'restricted Boltzmann machine · 848 units · 50,176 couplings',
  'sbn-2-4-6': 'sigmoid belief network · 3 layers · 12 units · 32 links',
  'sbn-digits': 'sigmoid belief network · 3 layers · 96 units · 1,728 links',
  'dbn-digits': 'Boltzmann machine · 136 units · 4,224 couplings',
};

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Box, outer: Box) => a.x >= outer.x - 0.5 && a.y >= outer.y - 0.5 && a.x + a.width <= outer.x + outer.width + 0.5 && a.y + a.height <= outer.y + outer.height + 0.5;

/** Nodes that are not wholly inside the canvas (and the 1440×900 window) or that the minimap covers, by label; [] when all are in view. */
async function hiddenNodes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const box = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const pane = document.querySelector('.react-flow');
    const minimap = document.querySelector('.react-flow__minimap');
    const nodes = [...document.querySelectorAll('.react-flow__node')];
    if (!pane || nodes.length === 0) return ['(no canvas yet)'];
    const window_ = { x: 0, y: 0, width: window.innerWidth, height: window.innerHeight };
    return nodes
      .map((node) => ({ label: node.querySelector('.node-title, .unit-label')?.textContent ?? node.getAttribute('data-id') ?? '?', box: box(node) }))
      .filter(({ box: b }) => {
        const within = (o: { x: number; y: number; width: number; height: number }) =>
          b.x >= o.x - 0.5 && b.y >= o.y - 0.5 && b.x + b.width <= o.x + o.width + 0.5 && b.y + b.height <= o.y + o.height + 0.5;
        const m = minimap ? box(minimap) : undefined;
        const covered = m !== undefined && b.x < m.x + m.width && m.x < b.x + b.width && b.y < m.y + m.height && m.y < b.y + b.height;
        return !within(box(pane)) || !within(window_) || covered;
      })
      .map(({ label }) => label);
  });
}

describe('the bundled examples', () => {
  const session = useE2eSession('e2e-examples');
  let page: Page;

  beforeAll(async () => {
    page = await openApp(session.browser, await session.startApp(), { debug: true });
  });

  test('the welcome screen lists every example with its "try this" line', async () => {
    const examples = listExamples();
    expect(examples.map((e) => e.id)).toEqual(Object.keys(SUMMARY));
    for (const example of examples) {
      await expect.poll(() => page.getByTestId(`welcome-example-try-${example.id}`).textContent(), { timeout: 60_000 }).toBe(`Try this: ${example.tryThis}`);
    }
    await screenshot(page, 'examples-welcome');
    // The list is taller than the window: it scrolls, so the last example can be reached above the status bar.
    const last = page.getByTestId(`welcome-example-${examples.at(-1)!.id}`);
    await last.scrollIntoViewIfNeeded();
    const [lastBox, statusBox] = [await last.boundingBox(), await page.locator('footer.statusbar').boundingBox()];
    expect(lastBox!.y + lastBox!.height).toBeLessThanOrEqual(statusBox!.y + 1);
    await screenshot(page, 'examples-welcome-scrolled');
    await page.getByTestId('open-example-menu').click();
    await expect.poll(() => page.locator('[data-testid^="open-example-"][role="menuitem"]').count()).toBe(examples.length);
    await screenshot(page, 'examples-menu');
    await page.keyboard.press('Escape');
  });

  for (const { id, name, tryThis } of listExamples()) {
    test(`${name}: every node in view at 1440×900, the "try this" line shown, its dataset proposed for training`, async () => {
      await openExample(page, id);
      await expect.poll(() => summary(page), { timeout: 120_000 }).toBe(SUMMARY[id]);
      const content = (await loadExample(id))!;
      await expect.poll(() => page.locator('.react-flow__node').count(), { timeout: 60_000 }).toBe(content.diagrams[0].nodes.length);
      await expect.poll(() => page.getByTestId('example-hint').getAttribute('data-example'), { timeout: 60_000 }).toBe(id);
      expect(await page.getByTestId('example-hint').textContent()).toContain(tryThis);

      await settled(page);
      await expect.poll(() => hiddenNodes(page), { timeout: 60_000 }).toEqual([]);
      // The minimap is there (the check above is not vacuous) and no node lies under it.
      const minimap = await page.locator('.react-flow__minimap').boundingBox();
      const pane = await page.locator('.react-flow').boundingBox();
      expect(minimap && pane && inside(minimap, pane)).toBe(true);
      for (const node of await page.locator('.react-flow__node').all()) expect(overlaps((await node.boundingBox())!, minimap!)).toBe(false);

      // Trained-ready: the project holds the example's dataset, the Train panel proposes it and Train is enabled.
      const [dataset] = content.datasets;
      await expect.poll(() => page.getByTestId('dataset-select').locator('option:checked').textContent(), { timeout: 60_000 }).toContain(dataset.name);
      await expect.poll(() => page.getByTestId('train-button').isEnabled(), { timeout: 60_000 }).toBe(true);

      await screenshot(page, `example-${id}`);
      await page.getByTestId('theme-toggle').click();
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      await screenshot(page, `example-${id}-dark`);
      await page.getByTestId('theme-toggle').click();
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    });
  }

  test('Hopfield letters as its "try this" says: Train proposes Hebb\'s rule, then retrieval repairs each letter with q = 0.2', async () => {
    await openExample(page, 'hopfield-retrieval');
    await expect.poll(() => summary(page), { timeout: 120_000 }).toBe(SUMMARY['hopfield-retrieval']);
    await expect.poll(() => page.getByTestId('algorithm-select').inputValue(), { timeout: 60_000 }).toBe('hebb');
    await trainInPanel(page, {});
    await waitTrained(page, 180_000);
    await openAnalysisTab(page, 'generate');
    await page.getByTestId('generate-tab-retrieval').click();
    await page.getByTestId('retrieval-q').fill('0.2');
    for (const row of [1, 2, 3, 4]) {
      await page.getByTestId('retrieval-row').fill(String(row));
      await page.getByTestId('retrieval-run').click();
      const overlaps = page.getByTestId('retrieval-overlaps');
      await expect.poll(() => overlaps.getAttribute('data-target'), { timeout: 60_000 }).toBe(String(row - 1));
      await expect.poll(async () => ((await overlaps.getAttribute('data-final')) ?? '').split(',').map(Number)[row - 1], { timeout: 60_000 }).toBe(1);
    }
    await page.getByTestId('retrieval-figure').scrollIntoViewIfNeeded();
    await screenshot(page, 'example-hopfield-retrieval-retrieved');
  });

  test('the 2-4-6 network as its "try this" says: Compare on its carried parameters, exact ≥ best mixture ≥ mean field', async () => {
    await openExample(page, 'sbn-2-4-6');
    await expect.poll(() => summary(page), { timeout: 120_000 }).toBe(SUMMARY['sbn-2-4-6']);
    const view = await openAnalysisTab(page, 'compare');
    await expect.poll(() => view.getByTestId('compare-run').isEnabled(), { timeout: 60_000 }).toBe(true);
    await view.getByTestId('compare-run').click();
    await view.getByTestId('compare-ordering').waitFor({ timeout: 180_000 });
    expect(await view.getByTestId('compare-ordering').getAttribute('data-holds')).toBe('true');
    await screenshot(page, 'example-sbn-2-4-6-compare');
  });

  test('the check sees nodes that are out of view: zoomed in, the 2-4-6 net’s layers leave the canvas', async () => {
    await openExample(page, 'sbn-2-4-6');
    await expect.poll(() => summary(page), { timeout: 120_000 }).toBe(SUMMARY['sbn-2-4-6']);
    await settled(page);
    await expect.poll(() => hiddenNodes(page), { timeout: 60_000 }).toEqual([]);
    for (let i = 0; i < 5; i++) await page.locator('.react-flow__controls-zoomin').click();
    await settled(page);
    await expect.poll(async () => (await hiddenNodes(page)).length, { timeout: 60_000 }).toBeGreaterThan(0);
  });

  test('the "try this" line can be dismissed, and comes back when an example is opened again', async () => {
    await page.getByTestId('example-hint-dismiss').click();
    await expect.poll(() => page.getByTestId('example-hint').count()).toBe(0);
    await openExample(page, 'hopfield-retrieval');
    await expect.poll(() => page.getByTestId('example-hint').getAttribute('data-example'), { timeout: 60_000 }).toBe('hopfield-retrieval');
  });
});
