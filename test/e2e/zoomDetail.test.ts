import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { longRunProject } from '../main/services/bigRunLoad';
import { openProjectPath } from './flows';
import { freshDir, openApp, screenshot, useE2eSession } from './harness';

// Issue 14: a long run is listed from its 1,000-point M4 summary; zooming the chart reads the range again at the
// chart's resolution, so the detail between summary points appears (and a spike inside it is kept).

describe('zooming a long run', () => {
  const session = useE2eSession('e2e-zoom-detail');
  const folder = freshDir('e2e-zoom-detail-docs');
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  test('shows finer points in a zoomed range than the summary holds', async () => {
    const path = join(folder, 'long.attractor');
    await longRunProject(path, 50_000);
    const page = await openApp(session.browser, await session.startApp());
    await openProjectPath(page, path);
    const chart = page.getByTestId('charts-chart');
    await chart.waitFor();
    await expect.poll(async () => Number(await chart.getAttribute('data-points'))).toBeGreaterThan(100);
    const before = Number(await chart.getAttribute('data-points'));
    expect(before).toBeLessThanOrEqual(1000);

    const plot = chart.locator('.u-over');
    const box = (await plot.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.45, box.y + box.height / 2, { steps: 6 });
    await page.mouse.up();
    // About 5 % of 50,000 steps is ~2,500 rows, of which the summary held a few dozen: the zoomed read adds a hundred or more.
    await expect.poll(async () => Number(await chart.getAttribute('data-points'))).toBeGreaterThan(before + 100);
    await screenshot(page, 'charts-zoom-detail');
    await page.close();
  });
});
