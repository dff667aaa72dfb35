import { resolveCssVariables, type CssVariableLookup } from './cssVariables';

export const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';

/** Width and height of an SVG document in CSS pixels. */
export interface SvgSize {
  width: number;
  height: number;
}

/** Computed properties copied onto each exported element (SVG 1.1 presentation properties that change rendering). */
export const INLINED_PROPERTIES: Readonly<Record<string, string | null>> = {
  // Property → its initial value (skipped when the computed value equals it); null: always written.
  fill: null,
  'fill-opacity': '1',
  'fill-rule': 'nonzero',
  stroke: 'none',
  'stroke-width': '1px',
  'stroke-opacity': '1',
  'stroke-dasharray': 'none',
  'stroke-linecap': 'butt',
  'stroke-linejoin': 'miter',
  opacity: '1',
  visibility: 'visible',
  display: 'inline',
  'font-family': null,
  'font-size': null,
  'font-weight': '400',
  'font-style': 'normal',
  'text-anchor': 'start',
  'dominant-baseline': 'auto',
  'shape-rendering': 'auto',
  transform: 'none',
  'transform-origin': null,
  'transform-box': 'view-box',
};

/** Transform properties: copied only for elements without a transform attribute (the attribute already says it exactly). */
const TRANSFORM_PROPERTIES = new Set(['transform', 'transform-origin', 'transform-box']);

/** `name:value;` pairs as one style attribute value. */
export function styleText(declarations: Readonly<Record<string, string>>): string {
  return Object.entries(declarations)
    .map(([name, value]) => `${name}:${value}`)
    .join(';');
}

const ROOT_TAG = /<svg\b[^>]*>/;

function attributeOf(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag)?.slice(2).find((v) => v !== undefined);
}

function setAttribute(tag: string, name: string, value: string): string {
  const pattern = new RegExp(`\\s${name}\\s*=\\s*("[^"]*"|'[^']*')`);
  const escaped = value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  if (pattern.test(tag)) return tag.replace(pattern, ` ${name}="${escaped}"`);
  return tag.replace(/^<svg\b/, `<svg ${name}="${escaped}"`);
}

/** A length attribute in CSS pixels ('240', '240px'); undefined for percentages and other units. */
function pixels(value: string | undefined): number | undefined {
  const match = value === undefined ? null : /^\s*([\d.]+)\s*(px)?\s*$/.exec(value);
  return match ? Number(match[1]) : undefined;
}

/** The root element's size from its width and height, else from its viewBox; undefined when neither says. */
export function svgSize(svgText: string): SvgSize | undefined {
  const tag = ROOT_TAG.exec(svgText)?.[0];
  if (!tag) return undefined;
  const viewBox = attributeOf(tag, 'viewBox')?.trim().split(/[\s,]+/).map(Number);
  const boxWidth = viewBox?.length === 4 ? viewBox[2] : undefined;
  const boxHeight = viewBox?.length === 4 ? viewBox[3] : undefined;
  const width = pixels(attributeOf(tag, 'width')) ?? boxWidth;
  const height = pixels(attributeOf(tag, 'height')) ?? boxHeight;
  return width && height ? { width, height } : undefined;
}

/**
 * Makes an SVG string stand alone: xmlns, width, height and viewBox on the root (size taken from the root's own
 * attributes, else `fallbackSize`), theme variables resolved, and an optional background rectangle painted first.
 */
export function standaloneSvg(
  svgText: string,
  options: { lookup?: CssVariableLookup; size?: SvgSize; fallbackSize?: SvgSize; background?: string } = {},
): string {
  const trimmed = svgText.replace(/^\s*<\?xml[^>]*>\s*/, '').trim();
  const tag = ROOT_TAG.exec(trimmed)?.[0];
  if (!tag) throw new Error('Export needs an <svg> element; the view gave none.');
  const size = options.size ?? svgSize(trimmed) ?? options.fallbackSize;
  if (!size) throw new Error('The SVG has no width, height or viewBox; give the exported <svg> a size.');
  let root = setAttribute(tag, 'xmlns', SVG_NAMESPACE);
  root = setAttribute(root, 'width', String(size.width));
  root = setAttribute(root, 'height', String(size.height));
  if (!attributeOf(root, 'viewBox')) root = setAttribute(root, 'viewBox', `0 0 ${size.width} ${size.height}`);
  const fill = options.background?.replace(/[<>"&]/g, '');
  const backdrop = fill ? `<rect x="0" y="0" width="100%" height="100%" fill="${fill}"/>` : '';
  const opening = tag.endsWith('/>') ? `${root.slice(0, -2)}>${backdrop}</svg>` : root + backdrop;
  const body = trimmed.replace(tag, () => opening);
  return options.lookup ? resolveCssVariables(body, options.lookup) : body;
}

/** Copies each element's computed presentation properties into its clone's style attribute (same tree shape). */
function inlineComputedStyles(source: Element, clone: Element): void {
  const computed = getComputedStyle(source);
  const declarations: Record<string, string> = {};
  const transformed = source.hasAttribute('transform');
  for (const [name, initial] of Object.entries(INLINED_PROPERTIES)) {
    if (TRANSFORM_PROPERTIES.has(name) && (transformed || computed.getPropertyValue('transform').trim() === 'none')) continue;
    const value = computed.getPropertyValue(name).trim();
    if (value && value !== initial) declarations[name] = value;
  }
  clone.setAttribute('style', styleText(declarations));
  clone.removeAttribute('class');
  const sourceChildren = source.children;
  const cloneChildren = clone.children;
  for (let i = 0; i < sourceChildren.length; i++) inlineComputedStyles(sourceChildren[i], cloneChildren[i]);
}

/**
 * Serialises a rendered <svg> so it renders outside the app: computed styles inlined (classes and theme variables
 * no longer needed), then made standalone by standaloneSvg at the element's on-screen size (its attributes when hidden).
 */
export function serializeSvgElement(svg: SVGSVGElement, options: { lookup?: CssVariableLookup; background?: string } = {}): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineComputedStyles(svg, clone);
  const box = svg.getBoundingClientRect();
  const size = box.width > 0 && box.height > 0 ? { width: Math.round(box.width), height: Math.round(box.height) } : undefined;
  return standaloneSvg(new XMLSerializer().serializeToString(clone), { ...options, size });
}
