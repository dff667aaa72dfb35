/** Finds a theme variable's value, e.g. '--surface' → '#ffffff' (undefined when the theme does not define it). */
export type CssVariableLookup = (name: string) => string | undefined;

/** Index of the parenthesis closing the one opened just before `from`, or -1 when unbalanced. */
function closingParenthesis(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/**
 * Replaces every `var(--name)` and `var(--name, fallback)` in text by the theme's value (CSS Custom Properties
 * §3: the fallback when the variable is undefined), recursively, so exported files carry concrete colours.
 * Unresolvable references become `unset` rather than being left for a viewer that has no theme.
 */
export function resolveCssVariables(text: string, lookup: CssVariableLookup, depth = 0): string {
  if (depth > 8 || !text.includes('var(')) return text;
  let result = '';
  let index = 0;
  for (let start = text.indexOf('var(', index); start >= 0; start = text.indexOf('var(', index)) {
    const end = closingParenthesis(text, start + 4);
    if (end < 0) break;
    const inner = text.slice(start + 4, end);
    const comma = inner.indexOf(',');
    const name = (comma < 0 ? inner : inner.slice(0, comma)).trim();
    const fallback = comma < 0 ? undefined : inner.slice(comma + 1).trim();
    const value = lookup(name)?.trim() || fallback || 'unset';
    result += text.slice(index, start) + resolveCssVariables(value, lookup, depth + 1);
    index = end + 1;
  }
  return result + text.slice(index);
}

/** A lookup reading the document's current theme (custom properties on the root element). */
export function documentThemeLookup(root: Element = document.documentElement): CssVariableLookup {
  const style = getComputedStyle(root);
  return (name) => style.getPropertyValue(name).trim() || undefined;
}
