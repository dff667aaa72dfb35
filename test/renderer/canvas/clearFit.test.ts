import { describe, expect, it } from 'vitest';
import { clearFitViewport, type Rect, type Viewport } from '../../../renderer/src/canvas/clearFit';

const OPTIONS = { padding: 0.25, minZoom: 0.05, maxZoom: 1.4, gap: 8 };
const PANE = { width: 820, height: 340 };
/** React Flow's default minimap (200 × 150, 1 px border, 15 px margin) in the pane's bottom-right corner. */
const MINIMAP: Rect = { x: 820 - 15 - 202, y: 340 - 15 - 152, width: 202, height: 152 };
/** The zoom controls in the bottom-left corner. */
const CONTROLS: Rect = { x: 15, y: 340 - 15 - 82, width: 28, height: 82 };

/** The XOR example's layout: x1, x2, y in a row of visible units above h1…h4 (56 px discs). */
const XOR: Rect[] = [
  ...[0, 1, 2].map((i) => ({ x: 90 + 180 * i, y: 0, width: 56, height: 56 })),
  ...[0, 1, 2, 3].map((i) => ({ x: 180 * i, y: 220, width: 56, height: 56 })),
];

const onScreen = (r: Rect, v: Viewport): Rect => ({ x: r.x * v.zoom + v.x, y: r.y * v.zoom + v.y, width: r.width * v.zoom, height: r.height * v.zoom });
const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inPane = (r: Rect) => r.x >= 0 && r.y >= 0 && r.x + r.width <= PANE.width && r.y + r.height <= PANE.height;

/** The plain fit into the whole pane, as React Flow's fitView({ padding: 0.25 }) draws it. */
function plainFit(nodes: Rect[]): Viewport {
  const left = Math.min(...nodes.map((n) => n.x));
  const top = Math.min(...nodes.map((n) => n.y));
  const width = Math.max(...nodes.map((n) => n.x + n.width)) - left;
  const height = Math.max(...nodes.map((n) => n.y + n.height)) - top;
  const zoom = Math.min(OPTIONS.maxZoom, PANE.width / (width * 1.25), PANE.height / (height * 1.25));
  return { x: PANE.width / 2 - (left + width / 2) * zoom, y: PANE.height / 2 - (top + height / 2) * zoom, zoom };
}

describe('zoom to fit clear of the minimap', () => {
  it('moves the XOR layout off the minimap, which the plain fit puts over h4', () => {
    const plain = plainFit(XOR);
    expect(XOR.some((n) => overlaps(onScreen(n, plain), MINIMAP))).toBe(true);

    const viewport = clearFitViewport(XOR, PANE, [MINIMAP, CONTROLS], OPTIONS)!;
    for (const node of XOR) {
      const screen = onScreen(node, viewport);
      expect(inPane(screen)).toBe(true);
      expect(overlaps(screen, MINIMAP)).toBe(false);
      expect(overlaps(screen, CONTROLS)).toBe(false);
    }
    // It gives up no more zoom than it must: the plain fit's zoom is the ceiling.
    expect(viewport.zoom).toBeLessThanOrEqual(plain.zoom + 1e-9);
    expect(viewport.zoom).toBeGreaterThan(plain.zoom * 0.6);
  });

  it('keeps the plain centred fit when nothing lies under an overlay', () => {
    const small = [{ x: 0, y: 0, width: 56, height: 56 }];
    expect(clearFitViewport(small, PANE, [MINIMAP, CONTROLS], OPTIONS)).toEqual(plainFit(small));
    expect(clearFitViewport(XOR, PANE, [], OPTIONS)).toEqual(plainFit(XOR));
  });

  it('keeps the gap between nodes and overlays', () => {
    const viewport = clearFitViewport(XOR, PANE, [MINIMAP], OPTIONS)!;
    const grown = (r: Rect): Rect => ({ x: r.x - 8, y: r.y - 8, width: r.width + 16, height: r.height + 16 });
    expect(XOR.some((n) => overlaps(grown(onScreen(n, viewport)), MINIMAP))).toBe(false);
  });

  it('falls back to the plain fit when no area is clear, and has nothing to fit without nodes', () => {
    const everywhere: Rect = { x: 0, y: 0, width: PANE.width, height: PANE.height };
    expect(clearFitViewport(XOR, PANE, [everywhere], OPTIONS)).toEqual(plainFit(XOR));
    expect(clearFitViewport([], PANE, [MINIMAP], OPTIONS)).toBeUndefined();
    expect(clearFitViewport(XOR, { width: 0, height: 0 }, [MINIMAP], OPTIONS)).toBeUndefined();
  });
});
