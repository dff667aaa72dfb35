/** A JSON syntax error with its 1-based line and column. */
export interface JsonSyntaxError {
  offset: number;
  line: number;
  column: number;
  message: string;
}

const MAX_DEPTH = 512;
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

class SyntaxFault extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Finds the first syntax error of RFC 8259 JSON text, or undefined when the text is valid.
 * Engines word JSON.parse errors differently (and some omit the position), so we scan ourselves.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let pos = 0;

  const fail = (message: string): never => {
    throw new SyntaxFault(pos, pos >= text.length ? `unexpected end of input: ${message}` : message);
  };
  const skipSpace = (): void => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos])) pos++;
  };
  const expectWord = (word: string): void => {
    if (text.startsWith(word, pos)) pos += word.length;
    else fail(`expected a value (string, number, object, array, true, false or null)`);
  };

  const readString = (): void => {
    pos++;
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 34) {
        pos++;
        return;
      }
      if (c < 32) fail('control character inside a string (escape newlines as \\n)');
      if (c === 92) {
        const e = text[pos + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) fail('invalid \\u escape in a string');
          pos += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) pos += 2;
        else fail('invalid escape sequence in a string');
      } else pos++;
    }
    fail('unterminated string');
  };

  const readNumber = (): void => {
    NUMBER.lastIndex = pos;
    const match = NUMBER.exec(text);
    if (!match) fail('invalid number');
    pos += match![0].length;
  };

  const readValue = (depth: number): void => {
    if (depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH} levels`);
    skipSpace();
    const c = text[pos];
    if (c === '{') readContainer('}', depth, true);
    else if (c === '[') readContainer(']', depth, false);
    else if (c === '"') readString();
    else if (c === '-' || (c >= '0' && c <= '9')) readNumber();
    else if (c === 't') expectWord('true');
    else if (c === 'f') expectWord('false');
    else if (c === 'n') expectWord('null');
    else fail('expected a value (string, number, object, array, true, false or null)');
  };

  const readContainer = (close: string, depth: number, isObject: boolean): void => {
    pos++;
    skipSpace();
    if (text[pos] === close) {
      pos++;
      return;
    }
    for (;;) {
      if (isObject) {
        skipSpace();
        if (text[pos] !== '"') fail('expected a double-quoted property name');
        readString();
        skipSpace();
        if (text[pos] !== ':') fail("expected ':' after the property name");
        pos++;
      }
      readValue(depth + 1);
      skipSpace();
      if (text[pos] === ',') {
        pos++;
        skipSpace();
        if (text[pos] === close) fail(`trailing comma before '${close}'`);
        continue;
      }
      if (text[pos] === close) {
        pos++;
        return;
      }
      fail(`expected ',' or '${close}'`);
    }
  };

  try {
    readValue(0);
    skipSpace();
    if (pos < text.length) fail('unexpected text after the JSON value');
    return undefined;
  } catch (error) {
    if (!(error instanceof SyntaxFault)) throw error;
    return { offset: error.offset, ...lineColumn(text, error.offset), message: error.message };
  }
}
