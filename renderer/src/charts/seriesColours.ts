/** How many series colours the theme defines (--series-1 … --series-8 in styles/theme.css). */
export const SERIES_COLOUR_COUNT = 8;

/** The theme colour of the n-th series (0-based, cycling): a CSS variable, so each theme picks a shade that reads on its background. */
export function seriesColour(index: number): string {
  const n = ((Math.trunc(index) % SERIES_COLOUR_COUNT) + SERIES_COLOUR_COUNT) % SERIES_COLOUR_COUNT;
  return `var(--series-${n + 1})`;
}
