import { describe, expect, it } from 'vitest';
import { formatCount, MAX_MESSAGE_CHARS, oneLine, quoteCell, summarizeList, truncate } from '../../../engine/text/boundedText';

describe('bounded message text', () => {
  it('summarizes a long list with a count of the rest, within its character budget', () => {
    const items = Array.from({ length: 50_000 }, (_, i) => `e${i + 1} → n${i + 9}`);
    expect(summarizeList(items, { maxItems: 2, separator: ', ' })).toBe('e1 → n9, e2 → n10, … and 49,998 more');
    expect(summarizeList(['a', 'b'])).toBe('a; b');
    expect(summarizeList([])).toBe('');
    const long = Array.from({ length: 10 }, () => 'x'.repeat(200));
    const summary = summarizeList(long, { maxChars: 300 });
    expect(summary).toBe(`${'x'.repeat(200)}; … and 9 more`);
  });

  it('puts a message on one line of at most MAX_MESSAGE_CHARS, and quotes cells truncated', () => {
    const report = Array.from({ length: 101 }, (_, i) => `line ${i}: page damaged`).join('\n');
    const line = oneLine(report);
    expect(line).not.toMatch(/\n/);
    expect(line.length).toBe(MAX_MESSAGE_CHARS);
    expect(line.endsWith('…')).toBe(true);
    expect(oneLine('a\r\n  b\tc\u0007d')).toBe('a b cd');
    expect(quoteCell('root:x:0:0:root:/root:/bin/bash')).toBe("'root:x:0:0:root:/ro…'");
    expect(quoteCell('a\u0000b')).toBe("'a?b'");
    expect(truncate('ab😀cd', 4)).toBe('ab…');
    expect(formatCount(49_998)).toBe('49,998');
  });
});
