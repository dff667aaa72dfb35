import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** What window.__attractorDebug (the `debug=1` test hook) returns. */
export interface DebugHook {
  getDiagram(): { nodes: { id: string; label: string; role?: string }[]; edges: { id: string; kind: string; source: string; target: string }[] } | undefined;
  getDocument(): { diagrams: Record<string, unknown>; order: string[] };
  setActivations(nodeId: string, values: number[]): void;
}

export function debug<T>(page: Page, fn: (hook: DebugHook) => T): Promise<T> {
  return page.evaluate(`(${fn.toString()})(window.__attractorDebug)`) as Promise<T>;
}

export const activeDiagram = (page: Page) => debug(page, (hook) => hook.getDiagram());
export const documentOf = (page: Page) => debug(page, (hook) => hook.getDocument());

/** The canvas node showing `label` (labels are unique in these tests). */
export function nodeByLabel(page: Page, label: string): Locator {
  return page.locator('.react-flow__node').filter({ has: page.locator(`.node-title:text-is("${label}"), .unit-label:text-is("${label}")`) });
}

/** The id of the node labelled `label` in the active diagram. */
export async function nodeId(page: Page, label: string): Promise<string> {
  const diagram = await activeDiagram(page);
  const node = diagram?.nodes.find((n) => n.label === label);
  if (!node) throw new Error(`no node labelled ${label}`);
  return node.id;
}

/** Presses the mouse on one element and releases it on another, moving in steps (React Flow needs the moves). */
export async function dragBetween(page: Page, from: Locator, to: Locator): Promise<void> {
  const start = await from.boundingBox();
  const end = await to.boundingBox();
  if (!start || !end) throw new Error('drag ends not found');
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 12 });
  await page.mouse.up();
}

/** Waits until the canvas viewport stops moving (fit and zoom animations take a few hundred milliseconds). */
export async function settled(page: Page): Promise<void> {
  let last = '';
  for (let i = 0; i < 50; i++) {
    const transform = await page.locator('.react-flow__viewport').getAttribute('style');
    if (transform === last) return;
    last = transform ?? '';
    await page.waitForTimeout(80);
  }
}

/** Drags a connection from a node's port to another node's port: coupling handles, or parent links bottom → top. */
export async function connect(page: Page, from: string, to: string, kind: 'coupling' | 'parent' = 'coupling'): Promise<void> {
  const source = kind === 'coupling' ? '.port-coupling[data-handleid="coupling-bottom"]' : '.port-source';
  const target = kind === 'coupling' ? '.port-coupling[data-handleid="coupling-top"]' : '.port-target';
  const before = (await activeDiagram(page))?.edges.length ?? 0;
  await settled(page);
  await dragBetween(page, nodeByLabel(page, from).locator(source), nodeByLabel(page, to).locator(target));
  await expect.poll(async () => (await activeDiagram(page))?.edges.length).toBe(before + 1);
}

/** Answers Discard when the app asks before replacing an edited untitled project (the question appears on the click). */
export async function discardIfAsked(page: Page): Promise<void> {
  if (await page.getByTestId('replace-dialog').isVisible()) await page.getByTestId('replace-discard').click();
}

/** Starts a new project (discarding an edited untitled one) and waits for its empty canvas. */
export async function newProject(page: Page): Promise<void> {
  await page.getByTestId('new-project').click();
  await discardIfAsked(page);
  await page.locator('.canvas-hint').waitFor();
}

export const summary = (page: Page) => page.getByTestId('compiled-summary').textContent();
