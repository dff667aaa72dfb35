import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { discardIfAsked, newProject } from './editorHelpers';
import { openApp, type E2eSession } from './harness';

// The steps of a user's path through the app that many e2e tests share: a template from the palette, a generated
// dataset, a training run from the Train panel, an analysis tab. Each test keeps its own assertions on the results.

/** Opens the app on a fresh web app of the session and starts a new, empty project. */
export async function openNewProject(session: E2eSession, options: { debug?: boolean } = {}): Promise<Page> {
  const page = await openApp(session.browser, await session.startApp(), options);
  await newProject(page);
  return page;
}

/** Opens a bundled example from the example menu (`xor-boltzmann`, …). */
export async function openExample(page: Page, example: string): Promise<void> {
  await page.getByTestId('open-example-menu').click();
  await page.getByTestId(`open-example-${example}`).click();
  await discardIfAsked(page);
}

/** Inserts a palette template (`rbm`, `sbn`, `hopfield`, …) with its size dialog's fields filled (e.g. `{ visible: '9' }`). */
export async function insertTemplate(page: Page, template: string, fields: Record<string, string>): Promise<void> {
  await page.getByTestId(`palette-template-${template}`).click();
  for (const [key, value] of Object.entries(fields)) await page.getByTestId(`template-field-${key}`).fill(value);
  await page.getByTestId('template-insert').click();
}

const optionTexts = (select: Locator) => select.locator('option').allTextContents();
const optionValues = (select: Locator) => select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
const matches = (text: string, label: string | RegExp) => (typeof label === 'string' ? text === label : label.test(text));

/** Waits until the Train form's dataset select offers an option labelled `label` (or matching it) and returns that label. */
export async function datasetOption(page: Page, label: string | RegExp): Promise<string> {
  const select = page.getByTestId('dataset-select');
  await expect.poll(async () => (await optionTexts(select)).some((t) => matches(t, label)), { message: `dataset option ${label}` }).toBe(true);
  return (await optionTexts(select)).find((t) => matches(t, label))!;
}

/**
 * Opens the dataset panel's Generate or Import form. Retried by its toggle's state: a click can land while the panels
 * above still grow (the compiled summary arriving) and miss the button.
 */
export async function openDatasetForm(page: Page, form: 'generate' | 'import'): Promise<void> {
  const panel = page.getByTestId('dataset-panel');
  const toggle = panel.getByTestId(`dataset-${form}-toggle`);
  const field = panel.getByTestId(form === 'generate' ? 'generator-select' : 'csv-file-input');
  await expect
    .poll(async () => {
      if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
      return field.count();
    }, { timeout: 30_000 })
    .toBe(1);
}

/** Generates a dataset from the dataset panel (`generator` with its option fields) and returns its label once offered. */
export async function generateDataset(page: Page, generator: string, options: Record<string, string>, label: string | RegExp): Promise<string> {
  const panel = page.getByTestId('dataset-panel');
  await openDatasetForm(page, 'generate');
  await panel.getByTestId('generator-select').selectOption(generator);
  for (const [key, value] of Object.entries(options)) await panel.getByTestId(`generator-option-${key}`).fill(value);
  await panel.getByTestId('generate-button').click();
  return datasetOption(page, label);
}

/** Waits until main offers `algorithm` for the active diagram (within `timeout` ms, vitest's 1 s by default) and selects it. */
export async function selectAlgorithm(page: Page, algorithm: string, timeout?: number): Promise<void> {
  await expect.poll(() => optionValues(page.getByTestId('algorithm-select')), { timeout }).toContain(algorithm);
  await page.getByTestId('algorithm-select').selectOption(algorithm);
}

/** What `trainInPanel` sets in the Train form; fields left out keep the form's values. */
export interface TrainArgs {
  /** The dataset's option label, or a pattern it matches. */
  dataset?: string | RegExp;
  algorithm?: string;
  /** How long main may take to offer the algorithm (ms). */
  algorithmTimeout?: number;
  epochs?: number;
  seed?: number;
  /** What the run starts from ("Starts from"): 'fresh' (the form's default) or the diagram's 'current' parameters. */
  init?: 'fresh' | 'current';
}

/** Fills the Train form and clicks Start once it is enabled; `waitTrained` waits for the run's end. */
export async function trainInPanel(page: Page, args: TrainArgs): Promise<void> {
  if (args.dataset !== undefined) await page.getByTestId('dataset-select').selectOption({ label: await datasetOption(page, args.dataset) });
  if (args.algorithm !== undefined) await selectAlgorithm(page, args.algorithm, args.algorithmTimeout);
  if (args.epochs !== undefined) await page.getByTestId('epochs-input').fill(String(args.epochs));
  if (args.seed !== undefined) await page.getByTestId('seed-input').fill(String(args.seed));
  if (args.init !== undefined) await page.getByTestId('init-select').selectOption(args.init);
  await expect.poll(() => page.getByTestId('train-button').isEnabled()).toBe(true);
  await page.getByTestId('train-button').click();
}

/** Waits until the Train panel shows the active diagram as trained. */
export async function waitTrained(page: Page, timeout: number): Promise<void> {
  await page.locator('[data-testid="trained-state"].state-trained').waitFor({ timeout });
}

/** Opens the analysis dock's view `id` (`inside`, `compare`, …) unless it is showing (a second click folds the dock), and returns it. */
export async function openAnalysisTab(page: Page, id: string): Promise<Locator> {
  const tab = page.getByTestId(`analysis-tab-${id}`);
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  const view = page.getByTestId(`${id}-view`);
  await view.waitFor();
  return view;
}

/** The first number written in `text` (a sign, decimals and an exponent allowed), NaN when there is none. */
export const numberIn = (text: string | null) => Number(/(-?[0-9]*\.?[0-9]+(?:e-?\d+)?)/.exec(text ?? '')?.[1]);

/** Opens `path` through the browser-mode Open dialog and waits until the status bar shows it. */
export async function openProjectPath(page: Page, path: string): Promise<void> {
  await page.getByTestId('open-project').click();
  await page.getByTestId('path-dialog').waitFor();
  await page.getByTestId('path-input').fill(path);
  await page.getByTestId('path-ok').click();
  await page.getByTestId('path-dialog').waitFor({ state: 'detached' });
  await expect.poll(() => page.getByTestId('status-path').textContent()).toBe(path);
}
