import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { openExample } from './flows';
import { discardIfAsked } from './editorHelpers';
import { openApp, screenshot, useE2eSession } from './harness';

// The run panel on the XOR example: queued and parallel runs, pause/resume/stop, continuing from a checkpoint with a
// new learning rate, a note that survives save and reopen, and the annealing schedule of sampled Boltzmann learning.

/** Polls on a machine shared with other tests: UI updates within 30 s, runs' milestones within 60 s. */
const WAIT = { timeout: 30_000 };
const LONG_WAIT = { timeout: 60_000 };

const row = (page: Page, runId: string) => page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
const statusOf = (page: Page, runId: string) => row(page, runId).getAttribute('data-status');
const runIds = (page: Page) => page.locator('[data-testid="run-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id') as string));

/** Clicks Start and returns the id of the run it added (rows are newest first). */
async function startRun(page: Page): Promise<string> {
  const before = await runIds(page);
  await page.getByTestId('train-button').click();
  await expect.poll(async () => (await runIds(page)).length, WAIT).toBe(before.length + 1);
  return (await runIds(page))[0];
}

/** Open… with a typed path. */
async function openProjectAt(page: Page, path: string): Promise<void> {
  await page.getByTestId('open-project').click();
  await discardIfAsked(page);
  await page.getByTestId('path-input').fill(path);
  await page.getByTestId('path-ok').click();
}

/**
 * The checkpoint form's run select takes its row and shows the chosen run's number and algorithm uncut (as its row in
 * the run list names them); its title holds the whole option text. Screenshots in both themes.
 */
async function expectRunSelectReadable(page: Page, runId: string): Promise<void> {
  const [, number, algorithm] = /#(\d+) \S+ · ([^·]+?) ·/.exec((await row(page, runId).locator('.run-algorithm').textContent()) ?? '') ?? [];
  expect(number, 'the run row names the run\'s number and algorithm').toBeTruthy();
  const select = page.getByTestId('resume-run-select');
  const text = await select.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent ?? '');
  expect(text.startsWith(`#${number} ${algorithm} · `), text).toBe(true);
  expect(await select.getAttribute('title')).toBe(text);
  const room = await select.evaluate((s: HTMLSelectElement, head: string) => {
    const style = getComputedStyle(s);
    const context = document.createElement('canvas').getContext('2d')!;
    context.font = style.font;
    // The text box: the select's width less its padding and about 24 px for the drop-down arrow.
    const available = s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 24;
    const grid = s.closest('.field-grid')!.getBoundingClientRect().width;
    return { head: context.measureText(head).width, available, select: s.getBoundingClientRect().width, grid };
  }, `#${number} ${algorithm}`);
  expect(room.head, JSON.stringify(room)).toBeLessThanOrEqual(room.available);
  expect(room.select, JSON.stringify(room)).toBeGreaterThanOrEqual(room.grid - 1);
  await page.getByTestId('resume-from').scrollIntoViewIfNeeded();
  await screenshot(page, 'resume-run-select-light');
  await page.getByTestId('theme-toggle').click();
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  await screenshot(page, 'resume-run-select-dark');
  await page.getByTestId('theme-toggle').click();
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
}

async function countStatus(page: Page, ids: string[], status: string): Promise<number> {
  const statuses = await Promise.all(ids.map((id) => statusOf(page, id)));
  return statuses.filter((s) => s === status).length;
}

describe('run panel', () => {
  const session = useE2eSession('e2e-run-panel');
  const projectPath = join(session.dataDir, 'runs.attractor');

  test('queue, pause, resume, stop, continue from a checkpoint, notes kept by save and reopen, annealing plot', async () => {
    const app = await session.startApp();
    const page = await openApp(session.browser, app);
    await openExample(page, 'xor-boltzmann');
    await expect.poll(() => page.getByTestId('compiled-summary').textContent(), WAIT).toContain('7 units');

    // The dataset's three columns go to the three visible units, in compiled order, all fitting.
    await expect.poll(() => page.getByTestId('dataset-mapping').textContent(), WAIT).toContain('column 1→unit x1');
    expect(await page.getByTestId('dataset-mapping').textContent()).toContain('column 3→unit y');
    expect(await page.getByTestId('dataset-mapping').textContent()).not.toContain('✖');
    expect(await page.getByTestId('diagram-select').inputValue()).toBeTruthy();

    // Three long runs: the runner keeps at most availableParallelism() going (this server runs on this machine); the rest queue.
    await expect.poll(() => page.getByTestId('train-button').isEnabled(), WAIT).toBe(true);
    await page.getByTestId('epochs-input').fill('1000000');
    const [a, b, c] = [await startRun(page), await startRun(page), await startRun(page)];
    const slots = availableParallelism();
    const expectedRunning = Math.min(3, slots);
    await expect.poll(() => countStatus(page, [a, b, c], 'running'), LONG_WAIT).toBe(expectedRunning);
    expect(await countStatus(page, [a, b, c], 'queued')).toBe(3 - expectedRunning);
    if (expectedRunning < 3) expect(await row(page, c).getByTestId('run-status').textContent()).toContain('queued #1');

    // Pause and resume the first run (selecting a row makes it the shown run with its controls).
    await row(page, a).locator('.run-select').click();
    await page.getByTestId('pause-button').click();
    await expect.poll(() => statusOf(page, a), WAIT).toBe('paused');
    // Progress throttled before the pause may still land; after that the step holds.
    await page.waitForTimeout(500);
    const pausedAt = Number(await page.getByTestId('run-progress').getAttribute('data-step'));
    await page.waitForTimeout(700);
    expect(Number(await page.getByTestId('run-progress').getAttribute('data-step'))).toBe(pausedAt);
    await page.getByTestId('resume-button').click();
    await expect.poll(() => statusOf(page, a), WAIT).toBe('running');
    await expect.poll(async () => Number(await page.getByTestId('run-progress').getAttribute('data-step')), WAIT).toBeGreaterThan(pausedAt + 100);

    // Stop the second run; a queued run takes its slot.
    await row(page, b).locator('.run-select').click();
    await page.getByTestId('stop-button').click();
    await expect.poll(() => statusOf(page, b), WAIT).toBe('cancelled');
    await expect.poll(() => statusOf(page, c), LONG_WAIT).toBe('running');
    for (const id of [a, c]) {
      await row(page, id).locator('.run-select').click();
      await page.getByTestId('stop-button').click();
      await expect.poll(() => statusOf(page, id), WAIT).toBe('cancelled');
    }

    // Continue the stopped run b from its last checkpoint for 200 more epochs at a lower learning rate.
    await page.getByTestId('resume-from').locator('summary').click();
    await page.getByTestId('resume-run-select').selectOption(b);
    await expectRunSelectReadable(page, b);
    await expect.poll(() => page.getByTestId('resume-step-select').inputValue(), WAIT).not.toBe('');
    const step = Number(await page.getByTestId('resume-step-select').inputValue());
    expect(step).toBeGreaterThan(0);
    await page.getByTestId('resume-epochs').fill(String(step + 200));
    await page.getByTestId('resume-learning-rate').fill('0.05');
    const before = await runIds(page);
    await page.getByTestId('resume-from-button').click();
    await expect.poll(async () => (await runIds(page)).length, WAIT).toBe(before.length + 1);
    const branch = (await runIds(page))[0];
    await expect.poll(() => statusOf(page, branch), LONG_WAIT).toBe('completed');
    expect(await row(page, branch).textContent()).toContain(`from ${b.slice(-6)} @ ${step}`);
    expect(await row(page, branch).locator('.run-select').getAttribute('title')).toContain('learningRate 0.05');
    expect(await row(page, b).locator('.run-select').getAttribute('title')).toContain('learningRate 0.2');

    // A note on the branch, saved with Ctrl+Enter (which does not start a run).
    const note = row(page, branch).getByTestId('run-note');
    await note.fill('η 0.05 from the stopped run — converges smoothly');
    await note.press('Control+Enter');
    await expect.poll(() => row(page, branch).getByTestId('run-note-state').textContent(), WAIT).toBe('saved');
    expect((await runIds(page)).length).toBe(before.length + 1);

    // The annealing schedule of sampled Boltzmann learning, redrawn as its settings change.
    await page.getByTestId('algorithm-select').selectOption('boltzmann');
    const plot = page.getByTestId('annealing-plot');
    await expect.poll(() => plot.getAttribute('data-stages'), WAIT).toBe('4');
    expect(await plot.getAttribute('data-sweeps')).toBe('8');
    await page.getByTestId('hyper-annealingSteps').fill('6');
    await page.getByTestId('hyper-startTemperature').fill('10');
    await expect.poll(() => plot.getAttribute('data-stages'), WAIT).toBe('6');
    expect(await plot.getAttribute('data-start-temperature')).toBe('10');
    expect(await plot.getAttribute('data-sweeps')).toBe('12');
    expect(await page.getByTestId('annealing-steps').getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+( L[\d.]+,[\d.]+){11}$/);
    await plot.scrollIntoViewIfNeeded();
    await screenshot(page, 'run-panel');
    await row(page, branch).locator('.run-select').click();
    await row(page, branch).scrollIntoViewIfNeeded();
    await screenshot(page, 'run-panel-runs');

    // Save, quit, reopen: the runs list and the note come back.
    await page.getByTestId('save-as').click();
    await page.getByTestId('path-input').fill(projectPath);
    await page.getByTestId('path-ok').click();
    await expect.poll(() => page.getByTestId('status-path').textContent(), WAIT).toContain('runs.attractor');
    await page.close();
    await app.stop();
    const page2 = await openApp(session.browser, await session.startApp());
    await openProjectAt(page2, projectPath);
    await expect.poll(() => runIds(page2), WAIT).toEqual([branch, c, b, a]);
    expect(await row(page2, branch).getByTestId('run-note').inputValue()).toBe('η 0.05 from the stopped run — converges smoothly');
    expect(await statusOf(page2, branch)).toBe('completed');
    for (const id of [a, b, c]) expect(await statusOf(page2, id)).toBe('cancelled');
    for (const id of [branch, a, b, c]) {
      expect(await row(page2, id).getByTestId('run-backend').textContent()).toMatch(/wasm|cpu|tensorflow/);
      expect(await row(page2, id).getByTestId('run-duration').textContent()).toMatch(/^\d+ s$|^\d+ m \d\d s$/);
      expect(await row(page2, id).getByTestId('run-figures').textContent()).toMatch(/^KL [\d.e−]+ · ln P −[\d.]+/);
    }
    expect(await row(page2, branch).getByTestId('run-kind').textContent()).toBe('train');

    // This diagram's runs are all of them here; deleting a run removes it from the list and from the project.
    await page2.getByTestId('run-filter-diagram').check();
    expect(await runIds(page2)).toEqual([branch, c, b, a]);
    await row(page2, a).getByTestId('run-delete').click();
    await expect.poll(() => runIds(page2), WAIT).toEqual([branch, c, b]);

    // Ctrl+Enter starts a run with the form's settings (here the example's defaults).
    await page2.getByTestId('epochs-input').fill('50');
    await page2.keyboard.press('Control+Enter');
    await expect.poll(async () => (await runIds(page2)).length, WAIT).toBe(4);
    await expect.poll(async () => statusOf(page2, (await runIds(page2))[0]), LONG_WAIT).toBe('completed');
    await screenshot(page2, 'run-panel-reopened');
    await page2.close();
  });
});
