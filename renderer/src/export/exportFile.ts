import { downloadBlob } from '../app/download';
import { documentThemeLookup } from './cssVariables';
import { rasteriseSvg } from './rasterise';
import { serializeSvgElement, standaloneSvg } from './svgSerialize';

/** The theme's surface colour, painted behind exported images so they read the same outside the app. */
export function themeBackground(): string {
  return documentThemeLookup()('--surface') ?? '#ffffff';
}

/** A view's SVG (a rendered element or a string) as a standalone document with the theme resolved and a background. */
export function exportableSvg(source: SVGSVGElement | string): string {
  const options = { lookup: documentThemeLookup(), background: themeBackground() };
  return typeof source === 'string' ? standaloneSvg(source, options) : serializeSvgElement(source, options);
}

/** Downloads a view's SVG as `<fileStem>.svg`. */
export function downloadSvg(fileStem: string, source: SVGSVGElement | string): void {
  downloadBlob(`${fileStem}.svg`, new Blob([exportableSvg(source)], { type: 'image/svg+xml;charset=utf-8' }));
}

/** Downloads a view's SVG rasterised at 2× (or the screen's density) as `<fileStem>.png`. */
export async function downloadPng(fileStem: string, source: SVGSVGElement | string): Promise<void> {
  downloadBlob(`${fileStem}.png`, await rasteriseSvg(exportableSvg(source), { background: themeBackground() }));
}

/** Downloads CSV text as `<fileStem>.csv`. */
export function downloadCsv(fileStem: string, csvText: string): void {
  downloadBlob(`${fileStem}.csv`, new Blob([csvText], { type: 'text/csv;charset=utf-8' }));
}

/** A file name stem from free text (run or diagram names): no path separators or characters file systems reject. */
export function safeFileStem(name: string, fallback = 'export'): string {
  const stem = name
    .normalize('NFKC')
    .replace(/[\\/:*?"<>|]+/g, '-')
    .replace(/\p{Cc}+/gu, '-')
    .replace(/\s+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 100);
  return stem || fallback;
}
