import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { activeDiagram, connect, debug, newProject, nodeByLabel, settled } from './editorHelpers';
import { openExample, trainInPanel, waitTrained } from './flows';
import { openApp, screenshot, useE2eSession } from './harness';

// Issue 13 item 7, through the real UI (Chromium, browser mode): the canvas draws trained weights on the edges
// (colour by sign, width by magnitude) with a legend, in both themes; antiparallel parent links are drawn apart and
// problems name edges by their nodes' labels; a paste lands clear of the original.

type Parameters = { weights: Record<string, { shape: number[]; values: number[] }> };
type Positioned = { id: string; label: string; position: { x: number; y: number } };

const parametersOf = (page: Page) => debug(page, (hook) => (hook.getDiagram() as unknown as { parameters?: Parameters } | undefined)?.parameters);
const nodesOf = (page: Page) => debug(page, (hook) => (hook.getDiagram()?.nodes ?? []) as unknown as Positioned[]);

/** The computed stroke colour and width of every drawn diagram edge, by edge id. */
function edgeStrokes(page: Page): Promise<Record<string, { stroke: string; width: number; weighted: boolean; path: string; title: string }>> {
  return page.locator('.react-flow__edge path.diagram-edge').evaluateAll((paths) =>
    Object.fromEntries(
      paths.map((p) => {
        const style = getComputedStyle(p);
        const title = p.parentElement?.querySelector(':scope > title')?.textContent ?? '';
        return [p.id, { stroke: style.stroke, width: parseFloat(style.strokeWidth), weighted: p.classList.contains('has-weight'), path: p.getAttribute('d') ?? '', title }];
      }),
    ),
  );
}

/** [r, g, b] in 0…255 from a computed colour: rgb(…) or color(srgb …) (what color-mix computes to). */
function channels(colour: string): number[] {
  const srgb = /color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)/.exec(colour);
  if (srgb) return srgb.slice(1, 4).map((c) => Number(c) * 255);
  const rgb = /rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)/.exec(colour);
  if (rgb) return rgb.slice(1, 4).map(Number);
  throw new Error(`unreadable colour ${colour}`);
}

describe('the diagram shows the model', () => {
  const session = useE2eSession('e2e-diagram-weights');
  let page: Page;

  beforeAll(async () => {
    page = await openApp(session.browser, await session.startApp(), { debug: true });
  });

  test('XOR trained: every edge coloured by the sign of its weight and as wide as its magnitude, with a legend, light and dark', async () => {
    // '…' until app:info answers (backend selection can take a while on a loaded machine).
    await expect.poll(() => page.getByTestId('status-backend').textContent(), { timeout: 120_000 }).toMatch(/wasm|cpu|tensorflow/);
    await openExample(page, 'xor-boltzmann');
    await expect.poll(() => page.getByTestId('compiled-summary').textContent(), { timeout: 60_000 }).toContain('21 couplings');
    // Untrained: edges as before, no legend.
    expect(await parametersOf(page)).toBeUndefined();
    await expect.poll(async () => Object.keys(await edgeStrokes(page)).length, { timeout: 60_000 }).toBe(21);
    expect(Object.values(await edgeStrokes(page)).some((e) => e.weighted)).toBe(false);
    expect(await page.getByTestId('weight-legend').count()).toBe(0);

    await trainInPanel(page, {});
    await waitTrained(page, 300_000);
    const parameters = (await parametersOf(page))!;
    expect(Object.keys(parameters.weights)).toHaveLength(21);
    await page.getByTestId('weight-legend').waitFor({ timeout: 60_000 });
    await expect.poll(async () => Object.values(await edgeStrokes(page)).filter((e) => e.weighted).length, { timeout: 60_000 }).toBe(21);

    const weights = Object.fromEntries(Object.entries(parameters.weights).map(([id, block]) => [id, block.values[0]]));
    const maxAbs = Math.max(...Object.values(weights).map(Math.abs));
    const strokes = await edgeStrokes(page);
    for (const [id, w] of Object.entries(weights)) {
      // Width 1 px for no weight to 7 px for the largest, in tenths of the largest |w|.
      const expected = 1 + 6 * (Math.round((Math.abs(w) / maxAbs) * 10) / 10);
      expect({ id, width: strokes[id].width }).toEqual({ id, width: expect.closeTo(expected, 2) });
      // Strong weights lean clearly to their end of the scale: orange (red > blue) or blue (blue > red).
      if (Math.abs(w) / maxAbs >= 0.5) {
        const [r, , b] = channels(strokes[id].stroke);
        expect({ id, positive: r > b }).toEqual({ id, positive: w > 0 });
      }
    }
    const widths = Object.values(strokes).map((s) => s.width);
    expect(Math.max(...widths)).toBeCloseTo(7, 2);
    expect(new Set(widths.map((x) => x.toFixed(1))).size).toBeGreaterThan(2);

    const legend = page.getByTestId('weight-legend');
    const max = String(Number(maxAbs.toPrecision(2)));
    await expect.poll(() => legend.textContent()).toContain(`+${max}`);
    expect(await legend.textContent()).toMatch(/colour.*width/s);
    await settled(page);
    await screenshot(page, 'diagram-weights-light');

    const strongest = Object.entries(weights).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))[0][0];
    // Hovering an edge tells its weight.
    expect(strokes[strongest].title).toBe(`w = ${String(Number(weights[strongest].toPrecision(3))).replace('-', '−')}`);
    const lightStroke = strokes[strongest].stroke;
    await page.getByTestId('theme-toggle').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expect.poll(async () => (await edgeStrokes(page))[strongest].stroke).not.toBe(lightStroke);
    expect((await edgeStrokes(page))[strongest].width).toBeCloseTo(7, 2);
    await legend.waitFor();
    await screenshot(page, 'diagram-weights-dark');
    await page.getByTestId('theme-toggle').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).not.toBe('dark');
  });

  test('antiparallel parent links are drawn apart; the cycle problem names them by labels; a paste lands clear of the original', async () => {
    await newProject(page);
    await page.getByTestId('edge-mode-parent').click();
    await page.getByTestId('palette-hidden-unit').click();
    await page.getByTestId('palette-visible-unit').click();
    await expect.poll(async () => (await nodesOf(page)).length).toBe(2);
    const [hidden, visible] = (await nodesOf(page)).map((n) => n.label);
    await page.getByTestId('fit-view').click();
    await connect(page, hidden, visible, 'parent');
    await connect(page, visible, hidden, 'parent');

    const edges = (await activeDiagram(page))!.edges;
    expect(edges).toHaveLength(2);
    // Auto-layout puts the visible unit (the child once the cycle's closing link is set aside) below the hidden one.
    await page.keyboard.press('l');
    await expect.poll(async () => {
      const nodes = await nodesOf(page);
      const y = (label: string) => nodes.find((n) => n.label === label)!.position.y;
      return y(visible) > y(hidden);
    }).toBe(true);
    await page.getByTestId('fit-view').click();
    await settled(page);
    await expect.poll(async () => Object.keys(await edgeStrokes(page)).length, { timeout: 60_000 }).toBe(2);
    const [first, second] = edges.map((e) => e.id);
    await expect.poll(async () => (await edgeStrokes(page))[first]?.path ?? '').toContain(' Q ');
    const drawn = await edgeStrokes(page);
    expect(drawn[second].path).toContain(' Q ');
    expect(drawn[first].path).not.toBe(drawn[second].path);
    expect(Object.values(drawn).some((e) => e.weighted)).toBe(false);
    expect(await page.getByTestId('weight-legend').count()).toBe(0);

    const problems = page.getByTestId('problems-list');
    await expect.poll(() => problems.textContent()).toMatch(/cycle/);
    const text = (await problems.textContent()) ?? '';
    expect(text).toContain(`"${hidden} → ${visible}"`);
    expect(text).toContain(`"${visible} → ${hidden}"`);
    for (const id of [first, second]) expect(text).not.toContain(id);
    await screenshot(page, 'diagram-antiparallel');

    await nodeByLabel(page, hidden).click();
    const before = await nodesOf(page);
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect.poll(async () => (await nodesOf(page)).length).toBe(3);
    const original = before.find((n) => n.label === hidden)!;
    const copy = (await nodesOf(page)).find((n) => !before.some((b) => b.id === n.id))!;
    // Units are 64 × 64: a copy 96 down and right stands clear of the original.
    expect({ dx: copy.position.x - original.position.x, dy: copy.position.y - original.position.y }).toEqual({ dx: 96, dy: 96 });
    await screenshot(page, 'diagram-paste');
  });
});
