import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { activeDiagram, newProject, settled, summary } from './editorHelpers';
import { bigDiagram, measure, type FrameStats } from './frameTimes';
import { openApp, screenshot, useE2eSession } from './harness';

// A diagram of 200 nodes and 400 edges, imported from a JSON file: the canvas must pan, zoom and drag smoothly.
// Frame times are measured in the page (requestAnimationFrame) while synthetic pointer and wheel events drive
// React Flow once per frame, and printed; the assertion only guards against a gross regression.

const format = (s: FrameStats) => `mean ${s.mean.toFixed(1)} ms, median ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms over ${s.frames} frames`;

describe('a diagram of 200 nodes and 400 edges', () => {
  const session = useE2eSession('e2e-editor-scale');
  const file = join(session.dataDir, 'scale.diagram.json');
  let page: Page;

  beforeAll(async () => {
    writeFileSync(file, JSON.stringify(bigDiagram()));
    page = await openApp(session.browser, await session.startApp(), { debug: true });
    await newProject(page);
  });

  test('imports from a JSON file into its own tab and exports the identical diagram', async () => {
    await page.getByTestId('import-file').setInputFiles(file);
    await expect.poll(() => page.locator('.react-flow__node').count(), { timeout: 20_000 }).toBe(200);
    // 40 layers of 16 units and 160 single units.
    expect(await summary(page)).toBe('Boltzmann machine · 800 units · 10,810 couplings');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(400);
    expect(await activeDiagram(page)).toEqual(JSON.parse(readFileSync(file, 'utf8')));

    const download = page.waitForEvent('download');
    await page.getByTestId('diagram-tab-menu-1').click();
    await page.getByTestId('menu-export-diagram').click();
    const saved = join(session.dataDir, 'exported.json');
    await (await download).saveAs(saved);
    expect((await download).suggestedFilename()).toBe('Scale-200x400.diagram.json');
    expect(JSON.parse(readFileSync(saved, 'utf8'))).toEqual(bigDiagram());
  });

  test('pans, zooms and drags a node at interactive frame rates (frame times printed)', async () => {
    await settled(page);
    await screenshot(page, 'editor-scale');
    const pan = await measure(page, 'pan');
    const zoom = await measure(page, 'zoom');
    await page.getByTestId('fit-view').click();
    await settled(page);
    const before = (await activeDiagram(page))!.nodes.find((n) => n.id === 'n4-9') as unknown as { position: { x: number; y: number } };
    const drag = await measure(page, 'drag');
    console.log(`200 nodes / 400 edges, frame times in Chromium (headless, software rendering):
  pan:  ${format(pan)}
  zoom: ${format(zoom)}
  drag: ${format(drag)}`);
    await expect
      .poll(async () => ((await activeDiagram(page))!.nodes.find((n) => n.id === 'n4-9') as unknown as { position: { x: number; y: number } }).position.y)
      .toBeGreaterThan(before.position.y);
    for (const stats of [pan, zoom, drag]) expect(stats.p50).toBeLessThan(250);
  });
});
