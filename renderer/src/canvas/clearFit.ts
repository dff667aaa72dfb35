/** An axis-aligned rectangle: in flow coordinates for nodes, in pane pixels for overlays. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A React Flow viewport: screen = flow × zoom + (x, y). */
export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

export interface ClearFitOptions {
  /** Margin around the nodes as a fraction of their size, as React Flow's numeric fitView padding. */
  padding: number;
  minZoom: number;
  maxZoom: number;
  /** Pixels kept between a node and an overlay. */
  gap: number;
}

/** The fit of `bounds` centred in `area` (pane pixels): the largest zoom within the limits that leaves `padding` around them. */
function fitInto(bounds: Rect, area: Rect, options: ClearFitOptions): Viewport {
  const fits = Math.min(area.width / (bounds.width * (1 + options.padding)), area.height / (bounds.height * (1 + options.padding)));
  const zoom = Math.min(options.maxZoom, Math.max(options.minZoom, Number.isFinite(fits) ? fits : options.maxZoom));
  return {
    x: area.x + area.width / 2 - (bounds.x + bounds.width / 2) * zoom,
    y: area.y + area.height / 2 - (bounds.y + bounds.height / 2) * zoom,
    zoom,
  };
}

function boundsOf(rects: readonly Rect[]): Rect {
  const left = Math.min(...rects.map((r) => r.x));
  const top = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Whether no node, drawn with `viewport`, comes within `gap` of an overlay. */
function clearOf(nodes: readonly Rect[], overlays: readonly Rect[], viewport: Viewport, gap: number): boolean {
  return nodes.every((n) => {
    const screen = { x: n.x * viewport.zoom + viewport.x - gap, y: n.y * viewport.zoom + viewport.y - gap, width: n.width * viewport.zoom + 2 * gap, height: n.height * viewport.zoom + 2 * gap };
    return overlays.every((o) => !overlaps(screen, o));
  });
}

/**
 * Zoom to fit that leaves the pane's overlays (minimap, zoom controls) free: among the fits into the whole pane and
 * into the pane with strips beside or above overlays cut off, the one with the largest zoom whose nodes touch no
 * overlay (the whole pane first when several tie). Undefined when there are no nodes.
 */
export function clearFitViewport(nodes: readonly Rect[], pane: { width: number; height: number }, overlays: readonly Rect[], options: ClearFitOptions): Viewport | undefined {
  if (nodes.length === 0 || pane.width <= 0 || pane.height <= 0) return undefined;
  const bounds = boundsOf(nodes);
  const { gap } = options;
  // Each edge of the usable area either stays at the pane's edge or moves past an overlay on that side.
  const lefts = [0, ...overlays.filter((o) => o.x + o.width / 2 < pane.width / 2).map((o) => o.x + o.width + gap)];
  const rights = [pane.width, ...overlays.filter((o) => o.x + o.width / 2 >= pane.width / 2).map((o) => o.x - gap)];
  const tops = [0, ...overlays.filter((o) => o.y + o.height / 2 < pane.height / 2).map((o) => o.y + o.height + gap)];
  const bottoms = [pane.height, ...overlays.filter((o) => o.y + o.height / 2 >= pane.height / 2).map((o) => o.y - gap)];
  let best: Viewport | undefined;
  for (const left of lefts)
    for (const right of rights)
      for (const top of tops)
        for (const bottom of bottoms) {
          if (right - left <= 0 || bottom - top <= 0) continue;
          const viewport = fitInto(bounds, { x: left, y: top, width: right - left, height: bottom - top }, options);
          if ((best === undefined || viewport.zoom > best.zoom) && clearOf(nodes, overlays, viewport, gap)) best = viewport;
        }
  return best ?? fitInto(bounds, { x: 0, y: 0, ...pane }, options);
}
