import { chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createProject } from '../../projects/storage/openProject';
import { unitDiagram } from '../projects/helpers';
import { openProjectPath } from './flows';
import { freshDir, openApp, screenshot, useE2eSession } from './harness';

describe('a project in a read-only place', () => {
  const session = useE2eSession('e2e-read-only');
  const folder = freshDir('e2e-read-only-docs');
  afterAll(() => {
    chmodSync(join(folder, 'locked.attractor'), 0o644);
    rmSync(folder, { recursive: true, force: true });
  });

  test('opens read-only, the status bar names the reason, and editing is switched off', async () => {
    const path = join(folder, 'locked.attractor');
    const store = await createProject(path, 'Locked');
    await store.putDiagram(unitDiagram());
    await store.close();
    chmodSync(path, 0o444);

    const page = await openApp(session.browser, await session.startApp());
    await openProjectPath(page, path);
    await expect.poll(() => page.getByTestId('status-readonly').textContent()).toBe('read-only: the file is read-only');
    expect(await page.getByTestId('add-diagram').isDisabled()).toBe(true);
    await screenshot(page, 'read-only-project-light');
    await page.close();
  });
});
