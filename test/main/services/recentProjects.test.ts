import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RecentProjects } from '../../../main/services/recentProjects';
import { tempDirsPerTest } from '../helpers';

const folder = tempDirsPerTest('recent');
afterEach(() => vi.restoreAllMocks());

describe('recent projects list', () => {
  it('keeps every path of updates made at once (an open racing a save), most recent first', async () => {
    const recent = new RecentProjects(join(folder(), 'recent.json'));
    await Promise.all(['a', 'b', 'c', 'd'].map((name) => recent.add(`/projects/${name}.attractor`)));
    expect(await recent.list()).toEqual(['d', 'c', 'b', 'a'].map((name) => `/projects/${name}.attractor`));
    await Promise.all([recent.remove('/projects/b.attractor'), recent.add('/projects/a.attractor')]);
    expect(await recent.list()).toEqual(['a', 'd', 'c'].map((name) => `/projects/${name}.attractor`));
  });

  it('logs a list it cannot write instead of failing the open or save that updates it', async () => {
    const dir = folder();
    mkdirSync(join(dir, 'recent.json'));
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const recent = new RecentProjects(join(dir, 'recent.json'));
    await expect(recent.add('/projects/a.attractor')).resolves.toBeUndefined();
    expect(logged).toHaveBeenCalledTimes(1);
    expect(await recent.list()).toEqual([]);
  });
});
