import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../../engine/compiler/compile';
import { summarize } from '../../../engine/compiler/summary';
import { parseDiagramText } from '../../../engine/diagram/parse';
import { README_EXAMPLE_JSON } from './examples';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('README "Diagram format" section', () => {
  it('shows the same example the tests parse, and it compiles as the README says', () => {
    const section = readme.slice(readme.indexOf('## Diagram format'));
    const match = /```json\n([\s\S]*?)\n```/.exec(section);
    expect(match?.[1]).toBe(README_EXAMPLE_JSON);
    const parsed = parseDiagramText(match![1]);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const compiled = compile(parsed.diagram);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
    expect(section).toContain(`"${summarize(compiled.model)}"`);
  });
});
