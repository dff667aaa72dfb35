import { describe, expect, it } from 'vitest';
import { projectPathFromArgv } from '../../../main/electron/openFiles';

describe('project files handed over by the operating system', () => {
  it('takes the last *.attractor argument, resolved against the working folder; flags and other files are ignored', () => {
    expect(projectPathFromArgv(['/opt/attractor/electron', '--no-sandbox', 'notes.txt', 'a.attractor', 'sub/B.ATTRACTOR'], '/home/ada')).toBe('/home/ada/sub/B.ATTRACTOR');
    expect(projectPathFromArgv(['/opt/attractor/electron', '/data/x.attractor'], '/home/ada')).toBe('/data/x.attractor');
    expect(projectPathFromArgv(['x.attractor'], '/home/ada')).toBeUndefined();
    expect(projectPathFromArgv(['/opt/attractor/electron', '--open=y.attractor', 'readme.md'])).toBeUndefined();
  });
});
