import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, test } from 'vitest';
import { documentOf } from './editorHelpers';
import { freshDir, openApp, screenshot, useE2eSession } from './harness';

const nodeCount = (page: Page) => page.locator('.react-flow__node').count();
const savedText = (page: Page) => page.getByTestId('status-saved').textContent();

/** Adds one hidden unit and waits until main has stored it. */
async function addUnit(page: Page): Promise<number> {
  const before = await nodeCount(page);
  await page.getByTestId('palette-hidden-unit').click();
  await expect.poll(() => nodeCount(page)).toBe(before + 1);
  await expect.poll(() => savedText(page)).toBe('● Unsaved changes');
  return before + 1;
}

/** Save As through the browser-mode dialog, typing the path. */
async function saveAs(page: Page, path: string): Promise<void> {
  await page.getByTestId('save-as').click();
  await page.getByTestId('path-dialog').waitFor();
  // Once the dialog proposes its path (its folder is known), the typed one replaces it.
  await expect.poll(() => page.getByTestId('path-input').inputValue()).not.toBe('');
  await page.getByTestId('path-input').fill(path);
  await page.getByTestId('path-ok').click();
  await page.getByTestId('path-dialog').waitFor({ state: 'detached' });
  await expect.poll(() => page.getByTestId('status-path').textContent()).toBe(path);
}

describe('project files: asking before replacing, reloads, the file dialogs', () => {
  const session = useE2eSession('e2e-project-files');
  const folder = freshDir('e2e-project-files-docs');
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  test('New on an edited untitled project asks: Cancel keeps it, Save… saves it first, Discard replaces it', async () => {
    const page = await openApp(session.browser, await session.startApp(), { debug: true });
    await page.getByTestId('new-project').click();
    await page.locator('.canvas-hint').waitFor();
    // An untouched untitled project is replaced without a question (a new diagram id shows the replacement arrived).
    const first = (await documentOf(page)).order[0];
    await page.getByTestId('new-project').click();
    await expect.poll(async () => (await documentOf(page)).order[0]).not.toBe(first);
    expect(await page.getByTestId('replace-dialog').isVisible()).toBe(false);
    const units = await addUnit(page);

    await page.getByTestId('new-project').click();
    await page.getByTestId('replace-dialog').waitFor();
    await screenshot(page, 'project-files-replace-light');
    await page.getByTestId('replace-cancel').click();
    expect(await nodeCount(page)).toBe(units);
    await page.getByTestId('new-project').click();
    await page.keyboard.press('Escape');
    await page.getByTestId('replace-dialog').waitFor({ state: 'detached' });
    expect(await nodeCount(page)).toBe(units);

    // Save… runs Save As; the new project follows only once that saved.
    const kept = join(folder, 'kept.attractor');
    await page.getByTestId('new-project').click();
    await page.getByTestId('replace-save').click();
    await page.getByTestId('path-dialog').waitFor();
    await page.getByTestId('path-input').fill(kept);
    await page.getByTestId('path-ok').click();
    await page.locator('.canvas-hint').waitFor();
    expect(await page.getByTestId('status-path').textContent()).toBe('untitled');

    await addUnit(page);
    await page.getByTestId('open-example-menu').click();
    await page.getByTestId('open-example-xor-boltzmann').click();
    await page.getByTestId('replace-discard').click();
    await expect.poll(() => page.getByTestId('compiled-summary').textContent()).toContain('7 units');
    await page.close();
  });

  test('a reload reopens the untitled project with its edits and says so', async () => {
    const page = await openApp(session.browser, await session.startApp());
    await page.getByTestId('new-project').click();
    await page.locator('.canvas-hint').waitFor();
    await addUnit(page);
    const units = await addUnit(page);
    await page.reload();
    await page.getByTestId('status-backend').waitFor();
    await expect.poll(() => nodeCount(page)).toBe(units);
    expect(await page.getByTestId('status-path').textContent()).toBe('untitled');
    await expect.poll(() => page.getByTestId('status-reopened').textContent()).toContain('Untitled');
    // Still asked about: the edits survived the reload, so does the question.
    await page.getByTestId('new-project').click();
    await page.getByTestId('replace-dialog').waitFor();
    await page.getByTestId('replace-cancel').click();
    await page.close();
  });

  test('the Open dialog browses folders, opens a recent project, and keeps the typed path with errors shown inside', async () => {
    const app = await session.startApp();
    const page = await openApp(session.browser, app);
    const experiments = join(folder, 'experiments');
    mkdirSync(experiments, { recursive: true });
    writeFileSync(join(folder, 'notes.txt'), 'not a project');
    writeFileSync(join(folder, 'broken.attractor'), 'not sqlite at all');
    await page.getByTestId('new-project').click();
    await page.locator('.canvas-hint').waitFor();
    const net = join(experiments, 'net.attractor');
    await saveAs(page, net);
    // A saved project is written in place: a second one, so that the first is a recent project to go back to.
    await page.getByTestId('new-project').click();
    await expect.poll(() => page.getByTestId('status-path').textContent()).toBe('untitled');
    await saveAs(page, join(folder, 'other.attractor'));

    await page.getByTestId('open-project').click();
    await page.getByTestId('path-dialog').waitFor();
    // It starts in the open project's folder; .attractor files and folders only until "Show all files".
    await expect.poll(() => page.getByTestId('current-folder').textContent()).toBe(folder);
    await page.getByTestId('file-entry-experiments').waitFor();
    expect(await page.getByTestId('file-entry-notes.txt').count()).toBe(0);
    await page.getByTestId('show-all-files').check();
    await page.getByTestId('file-entry-notes.txt').waitFor();
    await page.getByTestId('file-entry-experiments').dblclick();
    await expect.poll(() => page.getByTestId('current-folder').textContent()).toBe(experiments);
    await page.getByTestId('file-entry-net.attractor').click();
    expect(await page.getByTestId('path-input').inputValue()).toBe(net);
    await screenshot(page, 'project-files-open-light');
    await page.getByTestId('folder-up').click();
    await expect.poll(() => page.getByTestId('current-folder').textContent()).toBe(folder);

    // Errors stay inside the dialog with the path as typed.
    const missing = join(folder, 'missing.attractor');
    await page.getByTestId('path-input').fill(missing);
    await page.getByTestId('path-input').press('Enter');
    await expect.poll(() => page.getByTestId('path-error').textContent()).toMatch(/not|no such|exist/i);
    expect(await page.getByTestId('path-input').inputValue()).toBe(missing);
    const broken = join(folder, 'broken.attractor');
    await page.getByTestId('path-input').fill(broken);
    await page.getByTestId('path-ok').click();
    await expect.poll(() => page.getByTestId('path-error').textContent()).toMatch(/project|attractor/i);
    expect(await page.getByTestId('path-input').inputValue()).toBe(broken);
    expect(await page.getByTestId('status-path').textContent()).toBe(join(folder, 'other.attractor'));
    await screenshot(page, 'project-files-open-error-light');

    // One click on a recent project opens it.
    const recent = page.getByTestId('dialog-recent').getByRole('button', { name: /net\.attractor/ });
    await recent.click();
    await page.getByTestId('path-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('status-path').textContent()).toBe(net);

    // New folder from the Save As dialog, then the dialogs in the dark theme.
    await page.getByTestId('theme-toggle').click();
    await page.getByTestId('save-as').click();
    await page.getByTestId('new-folder').click();
    await page.getByTestId('new-folder-name').fill('drafts');
    await page.getByTestId('new-folder-create').click();
    await expect.poll(() => page.getByTestId('current-folder').textContent()).toBe(join(experiments, 'drafts'));
    expect(await page.getByTestId('path-input').inputValue()).toBe(join(experiments, 'drafts', 'net.attractor'));
    await screenshot(page, 'project-files-save-as-dark');
    await page.keyboard.press('Escape');
    await page.getByTestId('path-dialog').waitFor({ state: 'detached' });
    await page.getByTestId('new-project').click();
    await expect.poll(() => page.getByTestId('status-path').textContent()).toBe('untitled');
    await addUnit(page);
    await page.getByTestId('new-project').click();
    await page.getByTestId('replace-dialog').waitFor();
    await screenshot(page, 'project-files-replace-dark');
    await page.getByTestId('replace-cancel').click();
    await page.getByTestId('open-project').click();
    await page.getByTestId('replace-discard').click();
    await page.getByTestId('path-dialog').waitFor();
    // No project file is open now: it starts in the folder of the most recent one (net.attractor's), with the new folder.
    await expect.poll(() => page.getByTestId('current-folder').textContent()).toBe(experiments);
    await page.getByTestId('file-entry-drafts').waitFor();
    await screenshot(page, 'project-files-open-dark');
    await page.keyboard.press('Escape');
    await page.getByTestId('theme-toggle').click();
    await page.close();
    // Its server holds net.attractor open; the next test opens it from another one.
    await app.stop();
  });

  test('the welcome screen lists recent projects; one click opens one', async () => {
    const page = await openApp(session.browser, await session.startApp());
    await page.getByTestId('welcome-recent').waitFor();
    await screenshot(page, 'project-files-welcome-recent');
    await page.getByTestId('welcome-recent').getByRole('button', { name: /net\.attractor/ }).click();
    await expect.poll(() => page.getByTestId('status-path').textContent()).toBe(join(folder, 'experiments', 'net.attractor'));
    expect(await savedText(page)).toBe('Saved');
    await page.close();
  });
});
