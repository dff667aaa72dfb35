/**
 * A small XML well-formedness check for tests (no XML parser is installed for node): tags nest and close, attributes
 * are quoted and unique, and text holds no raw '<' or bare '&'. Returns the element names in document order.
 */
export function checkWellFormedXml(text: string): string[] {
  const stack: string[] = [];
  const names: string[] = [];
  const entity = /^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;
  let i = 0;
  const fail = (message: string): never => {
    throw new Error(`${message} at ${i}: …${text.slice(Math.max(0, i - 40), i + 40)}…`);
  };
  const checkText = (chunk: string) => {
    for (let j = chunk.indexOf('&'); j >= 0; j = chunk.indexOf('&', j + 1)) if (!entity.test(chunk.slice(j))) fail('bare &');
  };
  while (i < text.length) {
    const open = text.indexOf('<', i);
    if (open < 0) {
      checkText(text.slice(i));
      break;
    }
    checkText(text.slice(i, open));
    i = open;
    if (text.startsWith('<?', i)) {
      i = text.indexOf('?>', i) + 2;
      continue;
    }
    if (text.startsWith('<!--', i)) {
      i = text.indexOf('-->', i) + 3;
      continue;
    }
    const close = /^<\/([A-Za-z][\w:.-]*)\s*>/.exec(text.slice(i));
    if (close) {
      if (stack.pop() !== close[1]) fail(`unexpected </${close[1]}>`);
      i += close[0].length;
      continue;
    }
    const tag = /^<([A-Za-z][\w:.-]*)((?:\s+[A-Za-z_:][\w:.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/.exec(text.slice(i));
    if (!tag) fail('malformed tag');
    const attributes = [...tag![2].matchAll(/([A-Za-z_:][\w:.-]*)\s*=\s*("([^"]*)"|'([^']*)')/g)];
    const seen = new Set<string>();
    for (const attribute of attributes) {
      if (seen.has(attribute[1])) fail(`duplicate attribute ${attribute[1]}`);
      seen.add(attribute[1]);
      checkText(attribute[3] ?? attribute[4]);
    }
    names.push(tag![1]);
    if (!tag![3]) stack.push(tag![1]);
    i += tag![0].length;
  }
  if (stack.length) throw new Error(`unclosed <${stack.join('>, <')}>`);
  return names;
}
