import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { diagramId, nodeId } from '../../engine/diagram/ids';
import { createProject } from '../../projects/storage/openProject';
import { openApp, screenshot, useE2eSession } from './harness';

// Crash recovery through the real UI: an edited untitled project survives kill -9 of the server and is recovered from the
// welcome screen of the next server on the same data folder.

/** A scratch file another session left behind, closed cleanly: one diagram with one visible unit. */
async function leaveSketch(path: string): Promise<void> {
  const store = await createProject(path, 'Leftover sketch');
  await store.putDiagram({
    format: 'attractor-diagram',
    version: 1,
    id: diagramId('sketch'),
    name: 'Sketch',
    settings: { encoding: 'pm1' },
    nodes: [{ id: nodeId('v1'), kind: 'unit', label: 'v1', position: { x: 0, y: 0 }, role: 'visible' }],
    edges: [],
  });
  await store.close();
}

describe('crash recovery, end to end', () => {
  const session = useE2eSession('e2e-recovery');
  const dataDir = session.dataDir;

  test('an edited example survives kill -9 of the server and is recovered from the welcome screen', async () => {
    const app = await session.startApp();
    const page = await openApp(session.browser, app);
    await expect.poll(() => page.getByTestId('welcome-example-xor-boltzmann').isVisible()).toBe(true);
    expect(await page.getByTestId('recovery-list').count()).toBe(0);

    await page.getByTestId('open-example-menu').click();
    await page.getByTestId('open-example-xor-boltzmann').click();
    await expect.poll(() => page.getByTestId('compiled-summary').textContent()).toContain('Boltzmann machine · 7 units · 21 couplings');
    await page.getByTestId('palette-hidden-unit').click();
    await expect.poll(() => page.getByTestId('compiled-summary').textContent()).toContain('8 units');
    // "Storing edits…" until main has the edit, then the untitled project's standing "Unsaved changes".
    await expect.poll(() => page.getByTestId('status-saved').textContent()).toBe('● Unsaved changes');

    const exited = new Promise((resolve) => app.process.once('exit', resolve));
    app.process.kill('SIGKILL');
    await exited;
    await page.close();
    const sketch = join(dataDir, 'scratch', 'untitled-sketch.attractor');
    await leaveSketch(sketch);

    const restarted = await session.startApp();
    const page2 = await openApp(session.browser, restarted);
    await page2.getByTestId('recovery-list').waitFor();
    await expect.poll(() => page2.getByTestId('recoverable-0').textContent()).toMatch(/Leftover sketch.*1 diagram · 0 runs/);
    await expect.poll(() => page2.getByTestId('recoverable-1').textContent()).toMatch(/XOR Boltzmann machine.*1 diagram · 0 runs/);
    await screenshot(page2, 'crash-recovery-welcome');

    await page2.getByTestId('discard-0').click();
    await page2.getByTestId('discard-cancel-0').click();
    expect(await page2.getByTestId(/^recoverable-\d+$/).count()).toBe(2);
    await page2.getByTestId('discard-0').click();
    await page2.getByTestId('discard-confirm-0').waitFor();
    await screenshot(page2, 'crash-recovery-discard-confirm');
    await page2.getByTestId('discard-confirm-0').click();
    await expect.poll(() => page2.getByTestId(/^recoverable-\d+$/).count()).toBe(1);
    expect(existsSync(sketch)).toBe(false);
    expect(await page2.getByTestId('recoverable-0').textContent()).toContain('XOR Boltzmann machine');

    await page2.getByTestId('recover-0').click();
    await expect.poll(() => page2.getByTestId('compiled-summary').textContent()).toContain('Boltzmann machine · 8 units · 21 couplings');
    expect(await page2.getByTestId('status-path').textContent()).toBe('untitled');
    await screenshot(page2, 'crash-recovery-recovered');
    await page2.close();
  });
});
