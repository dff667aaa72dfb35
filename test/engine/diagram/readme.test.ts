import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README_EXAMPLE_JSON } from './examples';

const readmePath = new URL('../../../README.md', import.meta.url);
const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : undefined;

describe('README "Diagram format" section', () => {
  it.skipIf(readme === undefined || !readme.includes('## Diagram format'))('shows the same example the tests parse', () => {
    const section = readme!.slice(readme!.indexOf('## Diagram format'));
    const match = /```json\n([\s\S]*?)\n```/.exec(section);
    expect(match?.[1]).toBe(README_EXAMPLE_JSON);
  });
});
