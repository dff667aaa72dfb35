import type { CompiledModel, WeightBlock } from '../../../engine/compiler/types';

/** A dense matrix for display, row-major, with row and column names. */
export interface DisplayMatrix {
  rows: number;
  cols: number;
  values: Float32Array;
  rowNames: string[];
  colNames: string[];
  /** Largest |value|, for the colour scale (0 for an all-zero matrix). */
  maxAbs: number;
}

/** Unit names in model order: a unit node's label, or label[i] inside a layer (RBM blocks: label.v[i], label.h[i]). */
export function unitNames(model: CompiledModel): string[] {
  const names = new Array<string>(model.unitCount);
  for (const node of model.nodes) {
    const size = node.range.end - node.range.start;
    for (let i = node.range.start; i < node.range.end; i++) {
      const inVisible = i >= node.visible.start && i < node.visible.end;
      const isRbm = node.visible.end > node.visible.start && node.hidden.end > node.hidden.start;
      if (size === 1) names[i] = node.label;
      else if (isRbm) names[i] = `${node.label}.${inVisible ? 'v' : 'h'}${i - (inVisible ? node.visible.start : node.hidden.start) + 1}`;
      else names[i] = `${node.label}[${i - node.range.start + 1}]`;
    }
  }
  return names;
}

function maxAbsOf(values: Float32Array): number {
  let m = 0;
  for (const v of values) m = Math.max(m, Math.abs(v));
  return m;
}

/** True when every weight block carries values (the model has parameters). */
export function hasWeights(model: CompiledModel): boolean {
  return model.weightBlocks.length > 0 && model.weightBlocks.every((b) => b.values !== undefined);
}

/**
 * The whole N×N coupling matrix of an energy model (w_ij = w_ji, zero where no coupling, zero diagonal),
 * or the parent → child matrix J of a belief network (rows parents, columns children).
 */
export function fullMatrix(model: CompiledModel): DisplayMatrix {
  const n = model.unitCount;
  const values = new Float32Array(n * n);
  for (const block of model.weightBlocks) {
    if (!block.values) continue;
    const [r, c] = block.shape;
    for (let i = 0; i < r; i++) {
      for (let j = 0; j < c; j++) {
        const row = block.rows.start + i;
        const col = block.cols.start + j;
        if (row === col) continue;
        const v = block.values[i * c + j];
        values[row * n + col] = v;
        if (model.type === 'energy') values[col * n + row] = v;
      }
    }
  }
  const names = unitNames(model);
  return { rows: n, cols: n, values, rowNames: names, colNames: names, maxAbs: maxAbsOf(values) };
}

/** One weight block as a matrix (lateral blocks with their unused diagonal set to zero). */
export function blockMatrix(model: CompiledModel, block: WeightBlock): DisplayMatrix | undefined {
  if (!block.values) return undefined;
  const names = unitNames(model);
  const values = Float32Array.from(block.values);
  if (block.lateral) for (let i = 0; i < block.shape[0]; i++) values[i * block.shape[1] + i] = 0;
  return {
    rows: block.shape[0],
    cols: block.shape[1],
    values,
    rowNames: names.slice(block.rows.start, block.rows.end),
    colNames: names.slice(block.cols.start, block.cols.end),
    maxAbs: maxAbsOf(values),
  };
}

/** Weight → RGB on a diverging scale: negative blue, zero neutral, positive orange, by |w| / maxAbs. */
export function divergingColour(value: number, maxAbs: number, neutral: [number, number, number]): [number, number, number] {
  const t = maxAbs > 0 ? Math.max(-1, Math.min(1, value / maxAbs)) : 0;
  const end: [number, number, number] = t < 0 ? [33, 102, 172] : [214, 96, 39];
  const a = Math.abs(t);
  return [0, 1, 2].map((k) => Math.round(neutral[k] + (end[k] - neutral[k]) * a)) as [number, number, number];
}
