/** How a weight block is drawn: Hinton squares (area ∝ |w|) or heatmap cells. */
export type MatrixMode = 'hinton' | 'heatmap';

/** Blocks with up to this many drawn cells become one SVG <rect> each; larger ones one canvas image inside the SVG. */
export const RECT_LIMIT = 4096;
/** Longest side of the figure in pixels the cell size aims for. */
const TARGET_PX = 480;
/** Smallest cell in pixels: a Hinton square needs a few pixels to show its size, a heatmap cell one. */
const MIN_CELL = { hinton: 4, heatmap: 1 } as const;
const MAX_CELL = 20;

/** The drawn grid of a rows × cols block: `factor` × `factor` tiles of weights pooled into one cell when too large. */
export interface MatrixLayout {
  /** Weights per cell side (1: every weight its own cell). */
  factor: number;
  rows: number;
  cols: number;
  /** Cell side in pixels. */
  cellPx: number;
  render: 'rects' | 'image';
}

/** Picks the pooling factor, cell size and rendering (rects or image) for a rows × cols block. */
export function matrixLayout(rows: number, cols: number, mode: MatrixMode): MatrixLayout {
  const maxSide = Math.floor(TARGET_PX / MIN_CELL[mode]);
  const factor = Math.max(1, Math.ceil(Math.max(rows, cols) / maxSide));
  const drawnRows = Math.ceil(rows / factor);
  const drawnCols = Math.ceil(cols / factor);
  const cellPx = Math.max(MIN_CELL[mode], Math.min(MAX_CELL, Math.floor(TARGET_PX / Math.max(drawnRows, drawnCols))));
  return { factor, rows: drawnRows, cols: drawnCols, cellPx, render: drawnRows * drawnCols <= RECT_LIMIT ? 'rects' : 'image' };
}

/** Mean of each factor × factor tile of a row-major rows × cols matrix (edge tiles average the weights they hold). */
export function pooledMatrix(values: ArrayLike<number>, rows: number, cols: number, factor: number): Float32Array {
  if (factor === 1) return Float32Array.from(values as ArrayLike<number>);
  const pr = Math.ceil(rows / factor);
  const pc = Math.ceil(cols / factor);
  const sums = new Float64Array(pr * pc);
  const counts = new Uint32Array(pr * pc);
  for (let i = 0; i < rows; i++) {
    const row = Math.floor(i / factor) * pc;
    for (let j = 0; j < cols; j++) {
      const k = row + Math.floor(j / factor);
      sums[k] += values[i * cols + j];
      counts[k] += 1;
    }
  }
  return Float32Array.from(sums, (s, k) => s / counts[k]);
}

/** Side of a Hinton square: area ∝ |w| with the largest |w| filling 90% of the cell side; 0 when every weight is 0. */
export function hintonSide(value: number, maxAbs: number, cellPx: number): number {
  if (!(maxAbs > 0)) return 0;
  return 0.9 * cellPx * Math.sqrt(Math.min(1, Math.abs(value) / maxAbs));
}

/** Unit index range [start, end) that drawn cell index k covers along a side of `size` weights. */
export function cellSpan(k: number, factor: number, size: number): [number, number] {
  return [k * factor, Math.min(size, (k + 1) * factor)];
}

/** Legend entries of a Hinton diagram: the square sides for maxAbs, maxAbs/2 and maxAbs/4. */
export function hintonLegend(maxAbs: number, cellPx: number): { value: number; side: number }[] {
  return [1, 0.5, 0.25].map((f) => ({ value: f * maxAbs, side: hintonSide(f * maxAbs, maxAbs, cellPx) }));
}
