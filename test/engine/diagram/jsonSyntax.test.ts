import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError, lineColumn } from '../../../engine/diagram/jsonSyntax';

/** Valid and invalid JSON texts; JSON.parse is the reference for which is which. */
const SAMPLES = [
  '{}', '[]', '0', '-0', '1.5e+10', '-12.25E-3', '"a\\u00e9\\n"', 'true', 'null', ' { "a" : [ 1 , { "b" : null } ] } ',
  '{"a":1,"b":[true,false,"x"]}', '"\\/"', '[[[[]]]]', `[${'9'.repeat(1000)}]`, `[${'9'.repeat(1000)}x]`,
  '', ' ', '{', '}', '[1,]', '{"a":1,}', '{"a" 1}', '{a:1}', "{'a':1}", '01', '1.', '.5', '-', '+1', '1e', 'tru', 'nul',
  '"abc', '"a\tb"', '"\\x"', '"\\u12g4"', '[1 2]', '{"a":1 "b":2}', '[1]]', 'NaN', 'Infinity', '{"a":}', '[,1]', '1 2',
];

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('findJsonSyntaxError', () => {
  it('agrees with JSON.parse on which texts are valid', () => {
    for (const text of SAMPLES) {
      expect(findJsonSyntaxError(text) === undefined, `for ${JSON.stringify(text)}`).toBe(parses(text));
    }
  });

  it('points at the offending character', () => {
    expect(findJsonSyntaxError('{"a": 1\n, "b" 2}')).toMatchObject({ line: 2, column: 7, message: "expected ':' after the property name" });
    expect(findJsonSyntaxError('[1, 2] x')).toMatchObject({ line: 1, column: 8, message: 'unexpected text after the JSON value' });
    expect(findJsonSyntaxError('"a\nb"')).toMatchObject({ line: 1, column: 3 });
  });

  it('refuses absurd nesting without overflowing the stack', () => {
    expect(findJsonSyntaxError('['.repeat(100_000))?.message).toContain('nesting deeper than');
  });

  it('counts lines and columns from 1', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
