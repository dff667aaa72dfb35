import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useCallback } from 'react';
import { clearFitViewport, type Rect } from './clearFit';
import type { StudioFlowEdge, StudioFlowNode } from './flowTypes';

/** Panels drawn over the pane that a fit keeps nodes out of: minimap, zoom controls, the weight legend, the attribution. */
const OVERLAY_SELECTOR = '.react-flow__panel';
const FIT = { padding: 0.25, maxZoom: 1.4, gap: 8 };

/** The overlays' boxes in pane pixels, as laid out now (so they follow the theme's CSS and any resize). */
function overlayRects(root: HTMLElement | null): Rect[] {
  if (!root) return [];
  const origin = root.getBoundingClientRect();
  return [...root.querySelectorAll(OVERLAY_SELECTOR)].flatMap((element) => {
    const r = element.getBoundingClientRect();
    // A panel not shown (the minimap in a short canvas) has an empty box and covers nothing.
    return r.width > 0 && r.height > 0 ? [{ x: r.left - origin.left, y: r.top - origin.top, width: r.width, height: r.height }] : [];
  });
}

/**
 * Zoom to fit the given nodes (all when empty) without any of them under the minimap, the zoom controls or another panel
 * (clearFitViewport). Nodes not measured yet are waited for through React Flow's own fitView, which queues until they are.
 */
export function useClearFit(): (nodeIds?: readonly string[], duration?: number) => Promise<void> {
  const flow = useReactFlow<StudioFlowNode, StudioFlowEdge>();
  const flowStore = useStoreApi<StudioFlowNode, StudioFlowEdge>();
  return useCallback(
    async (nodeIds = [], duration) => {
      const sizeOf = (id: string) => {
        const node = flowStore.getState().nodeLookup.get(id);
        return node ? { width: node.measured.width ?? node.width ?? 0, height: node.measured.height ?? node.height ?? 0, at: node.internals.positionAbsolute } : undefined;
      };
      const ids = () => (nodeIds.length > 0 ? [...nodeIds] : [...flowStore.getState().nodeLookup.keys()]);
      if (!ids().every((id) => (sizeOf(id)?.width ?? 0) > 0)) await flow.fitView({ nodes: ids().map((id) => ({ id })), padding: FIT.padding, maxZoom: FIT.maxZoom });
      const nodes = ids().flatMap((id) => {
        const size = sizeOf(id);
        return size ? [{ x: size.at.x, y: size.at.y, width: size.width, height: size.height }] : [];
      });
      const { width, height, minZoom, domNode } = flowStore.getState();
      const viewport = clearFitViewport(nodes, { width, height }, overlayRects(domNode), { ...FIT, minZoom });
      if (viewport) await flow.setViewport(viewport, { duration });
    },
    [flow, flowStore],
  );
}
