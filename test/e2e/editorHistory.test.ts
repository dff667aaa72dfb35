import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { activeDiagram, debug, documentOf, newProject, nodeByLabel, settled, summary } from './editorHelpers';
import { openApp, screenshot, useE2eSession, type WebApp } from './harness';

// Undo and redo, copy and paste, and saving: the document must come back exactly.

const history = (page: Page) => debug(page, (hook) => (hook as unknown as { getHistory(): string[] }).getHistory());

describe('editor history, clipboard and saving', () => {
  const session = useE2eSession('e2e-editor-history');
  const projectPath = join(session.dataDir, 'built.attractor');
  let page: Page;
  let app: WebApp;

  beforeAll(async () => {
    app = await session.startApp();
    page = await openApp(session.browser, app, { debug: true });
    await newProject(page);
  });

  test('ten edits of different kinds are ten undo entries; undoing all gives the identical document, redoing all the edited one', async () => {
    const initial = await documentOf(page);
    await page.getByTestId('palette-visible-unit').click();
    await page.getByTestId('palette-visible-unit').click();
    await page.getByTestId('palette-hidden-unit').click();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('c');
    await page.keyboard.press('Escape');
    await page.keyboard.press(']');
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('field-label').fill('x1');
    await page.getByTestId('field-label').press('Enter');
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('l');
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Control+d');
    await page.keyboard.press('Delete');
    await page.locator('#diagram-encoding').selectOption('binary01');
    await expect
      .poll(() => history(page))
      .toEqual(['Add v1', 'Add v2', 'Add h1', 'Couple', 'Move', 'Edit node', 'Auto-layout', 'Duplicate', 'Delete', 'Encoding']);
    const edited = await documentOf(page);
    expect(edited).not.toEqual(initial);

    for (let i = 0; i < 10; i++) await page.keyboard.press('Control+z');
    await expect.poll(() => documentOf(page)).toEqual(initial);
    expect(await page.getByTestId('undo').isDisabled()).toBe(true);
    for (let i = 0; i < 10; i++) await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => documentOf(page)).toEqual(edited);
    expect(await page.getByTestId('redo').isDisabled()).toBe(true);
  });

  test('box-selecting two coupled units and copying them pastes a sub-graph with new ids, its own coupling and fresh labels', async () => {
    await page.getByTestId('add-diagram').click();
    await page.locator('.canvas-hint').waitFor();
    for (const key of ['1', '1', '2']) await page.keyboard.press(key);
    await page.keyboard.press('Control+a');
    await page.keyboard.press('c');
    await page.keyboard.press('Escape');
    await page.keyboard.press('l');
    await settled(page);
    // The ring puts one unit on top and two below: Shift+drag a box around the lower two.
    const boxes = await Promise.all(['v1', 'v2', 'h1'].map(async (label) => ({ label, box: (await nodeByLabel(page, label).boundingBox())! })));
    const lower = boxes.sort((a, b) => a.box.y - b.box.y).slice(1);
    const left = Math.min(...lower.map((b) => b.box.x)) - 20;
    const top = Math.min(...lower.map((b) => b.box.y)) - 12;
    const right = Math.max(...lower.map((b) => b.box.x + b.box.width)) + 20;
    const bottom = Math.max(...lower.map((b) => b.box.y + b.box.height)) + 20;
    await page.keyboard.down('Shift');
    await page.mouse.move(left, bottom);
    await page.mouse.down();
    await page.mouse.move(right, top, { steps: 10 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await expect.poll(() => page.getByTestId('inspector').locator('h2').textContent()).toBe('2 nodes, 1 edge');

    const before = (await activeDiagram(page))!;
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect.poll(async () => (await activeDiagram(page))?.nodes.length).toBe(5);
    const after = (await activeDiagram(page))!;
    const pasted = after.nodes.filter((n) => !before.nodes.some((o) => o.id === n.id));
    expect(pasted.map((n) => n.label).sort()).toEqual(lower.map((b) => b.label).includes('h1') ? ['h2', 'v3'].sort() : ['v3', 'v4']);
    const newEdges = after.edges.filter((e) => !before.edges.some((o) => o.id === e.id));
    expect(newEdges).toHaveLength(1);
    expect(pasted.map((n) => n.id).sort()).toEqual([newEdges[0].source, newEdges[0].target].sort());
    await expect.poll(() => summary(page)).toMatch(/· 5 units · 4 couplings$/);
    await screenshot(page, 'editor-pasted');
  });

  test('save, reopen in a fresh server: the identical diagrams, in the same tabs', async () => {
    await page.getByTestId('diagram-tab-0').getByRole('tab').dblclick();
    await page.getByTestId('diagram-rename').fill('Ten edits');
    await page.getByTestId('diagram-rename').press('Enter');
    await expect.poll(() => page.getByTestId('diagram-tab-0').textContent()).toContain('Ten edits');
    const saved = await documentOf(page);
    await page.getByTestId('save-as').click();
    await page.getByTestId('path-input').fill(projectPath);
    await page.getByTestId('path-ok').click();
    await expect.poll(() => page.getByTestId('status-path').textContent()).toContain('built.attractor');
    await expect.poll(() => page.getByTestId('unsaved-mark').count()).toBe(0);
    expect(await page.title()).toBe('built — Attractor Studio');

    // Quit: the page and the server go, then a fresh server opens the file.
    await page.close();
    await app.stop();
    const page2 = await openApp(session.browser, await session.startApp(), { debug: true });
    await page2.getByTestId('open-project').click();
    await page2.getByTestId('path-input').fill(projectPath);
    await page2.getByTestId('path-ok').click();
    await expect.poll(() => page2.getByTestId('status-path').textContent()).toContain('built.attractor');
    await expect.poll(() => documentOf(page2)).toEqual(saved);
    await page2.close();
  });
});
