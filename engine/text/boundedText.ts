/** Keeping user-facing messages to one short line, whatever the input they quote. */

/** Longest message shown to a user (CLI stderr line, API error); longer ones are cut with an ellipsis. */
export const MAX_MESSAGE_CHARS = 500;

/** Longest piece of a user's file quoted in a message (a CSV cell, a header name). */
export const MAX_QUOTED_CHARS = 20;

/** `n` with thousands separators (50,000), as messages print counts. */
export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** `text` cut to `max` characters with a trailing ellipsis, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** The message on one line (line breaks and tabs become spaces, other control characters are dropped), at most `max` characters. */
export function oneLine(text: string, max = MAX_MESSAGE_CHARS): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/\t/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '');
  return truncate(flat, max);
}

/** A cell of the user's file quoted for a message: control characters shown as '?', at most MAX_QUOTED_CHARS characters. */
export function quoteCell(text: string, max = MAX_QUOTED_CHARS): string {
  // eslint-disable-next-line no-control-regex
  return `'${truncate(text.replace(/[\u0000-\u001f\u007f\ufffd]/g, '?'), max)}'`;
}

export interface ListSummaryOptions {
  /** Items shown before "… and N more". Default 3. */
  maxItems?: number;
  /** Characters the shown items may take together; items past it are counted instead. Default 300. */
  maxChars?: number;
  /** Between items. Default '; '. */
  separator?: string;
}

/** The first few items joined, then "… and N more" for the rest: "e1 → n9, e2 → n10, … and 49,998 more". */
export function summarizeList(items: readonly string[], options: ListSummaryOptions = {}): string {
  const { maxItems = 3, maxChars = 300, separator = '; ' } = options;
  const shown: string[] = [];
  let used = 0;
  for (const item of items) {
    if (shown.length === maxItems) break;
    const piece = truncate(item, maxChars);
    if (shown.length > 0 && used + separator.length + piece.length > maxChars) break;
    shown.push(piece);
    used += piece.length + (shown.length > 1 ? separator.length : 0);
  }
  const rest = items.length - shown.length;
  return rest === 0 ? shown.join(separator) : `${shown.join(separator)}${separator}… and ${formatCount(rest)} more`;
}
