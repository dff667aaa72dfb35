import { describe, expect, it } from 'vitest';
import { resolveCssVariables } from '../../../renderer/src/export/cssVariables';
import { safeFileStem } from '../../../renderer/src/export/exportFile';
import { defaultRasterScale, rasterSize, svgDataUrl } from '../../../renderer/src/export/rasterise';
import { standaloneSvg, styleText, svgSize } from '../../../renderer/src/export/svgSerialize';
import { checkWellFormedXml } from './xmlCheck';

const theme: Record<string, string> = { '--accent': '#2f5fd0', '--surface': '#ffffff', '--line': 'var(--accent)' };
const lookup = (name: string) => theme[name];

describe('theme variables in exported SVG', () => {
  it('resolves var() references, nested ones and fallbacks, to concrete values', () => {
    expect(resolveCssVariables('fill:var(--accent);stroke:var( --surface )', lookup)).toBe('fill:#2f5fd0;stroke:#ffffff');
    expect(resolveCssVariables('stroke="var(--line)"', lookup)).toBe('stroke="#2f5fd0"');
    expect(resolveCssVariables('var(--missing, rgb(1, 2, 3))', lookup)).toBe('rgb(1, 2, 3)');
    expect(resolveCssVariables('var(--missing, var(--accent))', lookup)).toBe('#2f5fd0');
    expect(resolveCssVariables('var(--missing)', lookup)).toBe('unset');
    expect(resolveCssVariables('no variables here', lookup)).toBe('no variables here');
  });

  it('writes style declarations', () => {
    expect(styleText({ fill: 'rgb(0, 0, 0)', 'font-size': '11px' })).toBe('fill:rgb(0, 0, 0);font-size:11px');
  });
});

describe('standalone SVG', () => {
  it('reads the size from width and height, else from the viewBox', () => {
    expect(svgSize('<svg width="300" height="150px"></svg>')).toEqual({ width: 300, height: 150 });
    expect(svgSize("<svg viewBox='0 0 40 20' width='100%'></svg>")).toEqual({ width: 40, height: 20 });
    expect(svgSize('<svg></svg>')).toBeUndefined();
  });

  it('adds xmlns, size, viewBox and a background, and resolves theme variables', () => {
    const text = standaloneSvg('<?xml version="1.0"?>\n<svg width="120" height="60"><path d="M0 0L5 5" stroke="var(--accent)"/></svg>', {
      lookup,
      background: '#ffffff',
    });
    expect(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/.test(text)).toBe(true);
    expect(svgSize(text)).toEqual({ width: 120, height: 60 });
    expect(text).toContain('viewBox="0 0 120 60"');
    expect(text).toContain('<rect x="0" y="0" width="100%" height="100%" fill="#ffffff"/><path');
    expect(text).toContain('stroke="#2f5fd0"');
    expect(text).not.toContain('var(');
    expect(checkWellFormedXml(text)).toEqual(['svg', 'rect', 'path']);
  });

  it('keeps an existing viewBox and namespace, takes a forced size, and opens a self-closed root', () => {
    const text = standaloneSvg('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 5"/>', { size: { width: 200, height: 100 }, background: 'red' });
    expect(text.match(/xmlns=/g)).toHaveLength(1);
    expect(text).toContain('viewBox="0 0 10 5"');
    expect(svgSize(text)).toEqual({ width: 200, height: 100 });
    expect(checkWellFormedXml(text)).toEqual(['svg', 'rect']);
  });

  it('names the problem when there is no svg or no size', () => {
    expect(() => standaloneSvg('<div></div>')).toThrow(/<svg>/);
    expect(() => standaloneSvg('<svg></svg>')).toThrow(/width, height or viewBox/);
  });
});

describe('rasterising', () => {
  it('draws at twice the CSS size, or the screen density when higher', () => {
    expect(defaultRasterScale(1)).toBe(2);
    expect(defaultRasterScale(3)).toBe(3);
    expect(rasterSize({ width: 320, height: 181 }, 2)).toEqual({ width: 640, height: 362 });
    expect(rasterSize({ width: 0.2, height: 0.2 }, 2)).toEqual({ width: 1, height: 1 });
    expect(() => rasterSize({ width: 10, height: 10 }, 0)).toThrow(/positive/);
  });

  it('encodes the SVG as a data URL that decodes to the same text', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"><text>#1 & "x"</text></svg>';
    const url = svgDataUrl(svg);
    expect(url.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
    expect(url).not.toContain('#');
    expect(decodeURIComponent(url.slice(url.indexOf(',') + 1))).toBe(svg);
  });
});

describe('file names', () => {
  it('removes path separators and characters file systems reject', () => {
    expect(safeFileStem('Run 3: KL / epochs')).toBe('Run-3-KL-epochs');
    expect(safeFileStem('../../etc/passwd')).toBe('etc-passwd');
    expect(safeFileStem('a\u0000b')).toBe('a-b');
    expect(safeFileStem('???')).toBe('export');
  });
});
