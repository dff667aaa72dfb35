import type { Page } from 'playwright-core';
import { diagramId, edgeId, nodeId } from '../../engine/diagram/ids';
import type { Diagram, DiagramEdge, DiagramNode } from '../../engine/diagram/types';

/** 200 nodes on a 20 × 10 grid (every fifth a layer, the rest units), coupled to the right and downward neighbours plus 30 diagonals. */
export function bigDiagram(): Diagram {
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const id = (r: number, c: number) => nodeId(`n${r}-${c}`);
  for (let r = 0; r < 10; r++) {
    for (let c = 0; c < 20; c++) {
      const position = { x: c * 260, y: r * 200 };
      const role = r % 2 === 0 ? 'visible' : 'hidden';
      if ((r * 20 + c) % 5 === 0) nodes.push({ id: id(r, c), kind: 'layer', label: `L${r}-${c}`, position, role, size: 16, imageShape: { rows: 4, cols: 4 } });
      else nodes.push({ id: id(r, c), kind: 'unit', label: `u${r}-${c}`, position, role });
    }
  }
  const add = (a: string, b: string) => edges.push({ id: edgeId(`e${edges.length}`), kind: 'coupling', source: nodeId(a), target: nodeId(b) });
  for (let r = 0; r < 10; r++) for (let c = 0; c < 19; c++) add(id(r, c), id(r, c + 1));
  for (let r = 0; r < 9; r++) for (let c = 0; c < 20; c++) add(id(r, c), id(r + 1, c));
  for (let k = 0; k < 30; k++) add(id(k % 9, k % 19), id((k % 9) + 1, (k % 19) + 1));
  return { format: 'attractor-diagram', version: 1, id: diagramId('big'), name: 'Scale 200×400', settings: { encoding: 'binary01' }, nodes, edges };
}

export interface FrameStats {
  frames: number;
  mean: number;
  p50: number;
  p95: number;
  max: number;
}

/**
 * Drives one interaction inside the page, one synthetic event per animation frame for `steps` frames, and returns the
 * frame-to-frame times. `kind`: pan (drag on the empty pane), zoom (wheel over the pane) or drag (a node).
 */
export async function measure(page: Page, kind: 'pan' | 'zoom' | 'drag', steps = 90): Promise<FrameStats> {
  const times = (await page.evaluate(
    `(${async (kind: string, steps: number) => {
      const pane = document.querySelector('.react-flow__pane') as HTMLElement;
      const box = pane.getBoundingClientRect();
      const node = document.querySelector('.react-flow__node[data-id="n4-9"]') as HTMLElement;
      const start = kind === 'drag' ? node.getBoundingClientRect() : { x: box.x + 8, y: box.y + 8, width: 0, height: 0 };
      const x0 = start.x + start.width / 2;
      const y0 = start.y + start.height / 2;
      const target = kind === 'drag' ? node : pane;
      const mouse = (type: string, x: number, y: number, on: EventTarget) =>
        on.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, clientX: x, clientY: y, button: 0, buttons: type === 'mouseup' ? 0 : 1, view: window }));
      const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
      if (kind !== 'zoom') mouse('mousedown', x0, y0, target);
      const stamps: number[] = [await frame()];
      for (let i = 1; i <= steps; i++) {
        const dx = Math.sin((i / steps) * Math.PI * 2) * 180;
        const dy = (i / steps) * 120;
        if (kind === 'zoom') {
          pane.dispatchEvent(new WheelEvent('wheel', { bubbles: true, cancelable: true, clientX: box.x + box.width / 2, clientY: box.y + box.height / 2, deltaY: i <= steps / 2 ? -40 : 40 }));
        } else mouse('mousemove', x0 + dx, y0 + dy, window);
        stamps.push(await frame());
      }
      if (kind !== 'zoom') mouse('mouseup', x0 + 0, y0 + 120, window);
      return stamps.slice(1).map((t, i) => t - stamps[i]);
    }})(${JSON.stringify(kind)}, ${steps})`,
  )) as number[];
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { frames: times.length, mean: times.reduce((a, b) => a + b, 0) / times.length, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
}

