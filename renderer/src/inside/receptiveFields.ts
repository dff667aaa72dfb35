import type { CompiledModel, IndexRange, WeightBlock } from '../../../engine/compiler/types';
import type { ImageShape } from '../../../engine/diagram/types';
import { maxAbsOf } from './colourScale';
import { nodeOfRange } from './blocks';

/** Where a block's receptive fields come from: the image-shaped visible side and the units on the other side. */
export interface ReceptiveFieldSource {
  /** The block side (rows or columns of [rows, cols]) holding the image-shaped visible units. */
  imageSide: 'rows' | 'cols';
  shape: ImageShape;
  /** 'diagram': the node's image shape; 'dataset': the training dataset's (the node has none). */
  shapeFrom: 'diagram' | 'dataset';
  /** The units whose fields these are (the other side). */
  units: IndexRange;
}

const sizeOf = (r: IndexRange) => r.end - r.start;
const sameRange = (a: IndexRange, b: IndexRange) => a.start === b.start && a.end === b.end;

/** The image shape of a block side: its node's (visible layer or RBM visible part), else the dataset's if it spans all visible units. */
function sideShape(model: CompiledModel, range: IndexRange, datasetShape: ImageShape | undefined): { shape: ImageShape; from: 'diagram' | 'dataset' } | undefined {
  const node = nodeOfRange(model, range);
  if (!node || !sameRange(node.visible, range)) return undefined;
  const size = sizeOf(range);
  if (node.imageShape && node.imageShape.rows * node.imageShape.cols === size) return { shape: node.imageShape, from: 'diagram' };
  if (datasetShape && datasetShape.rows * datasetShape.cols === size && model.visibleIndices.length === size) return { shape: datasetShape, from: 'dataset' };
  return undefined;
}

/**
 * The receptive-field layout of a block, or undefined when neither side is an image-shaped visible layer. Rows are
 * preferred as the image side (an RBM block's internal weights are [visible, hidden]; a coupling from the visible layer
 * is [visible, other]); a belief net's parent link into the visible layer has the image on its columns.
 */
export function receptiveFieldSource(model: CompiledModel, block: WeightBlock, datasetShape?: ImageShape): ReceptiveFieldSource | undefined {
  const rows = sideShape(model, block.rows, datasetShape);
  if (rows) return { imageSide: 'rows', shape: rows.shape, shapeFrom: rows.from, units: block.cols };
  const cols = sideShape(model, block.cols, datasetShape);
  if (cols) return { imageSide: 'cols', shape: cols.shape, shapeFrom: cols.from, units: block.rows };
  return undefined;
}

/**
 * The field w_{·j} of every unit j on the non-image side, each as an image-sized row-major array (pixel k = image unit k).
 * A lateral block's unused diagonal reads as 0.
 */
export function receptiveFields(block: WeightBlock, imageSide: 'rows' | 'cols'): Float32Array[] {
  const values = block.values ?? new Float32Array(block.shape[0] * block.shape[1]);
  const [rows, cols] = block.shape;
  const pixels = imageSide === 'rows' ? rows : cols;
  const units = imageSide === 'rows' ? cols : rows;
  return Array.from({ length: units }, (_, j) => {
    const field = new Float32Array(pixels);
    for (let k = 0; k < pixels; k++) {
      if (block.lateral && k === j) continue;
      field[k] = imageSide === 'rows' ? values[k * cols + j] : values[j * cols + k];
    }
    return field;
  });
}

/** Euclidean norm ‖w_{·j}‖ of each field. */
export function fieldNorms(fields: Float32Array[]): number[] {
  return fields.map((f) => Math.sqrt(f.reduce((s, v) => s + v * v, 0)));
}

/** Unit indices in display order: as they are, or by decreasing norm (ties by index). */
export function fieldOrder(norms: number[], byNorm: boolean): number[] {
  const order = norms.map((_, j) => j);
  return byNorm ? order.sort((a, b) => norms[b] - norms[a] || a - b) : order;
}

/** The colour-scale limit of each field: one common max |w| over all fields, or each field's own. */
export function fieldScales(fields: Float32Array[], common: boolean): number[] {
  const own = fields.map((f) => maxAbsOf(f));
  if (!common) return own;
  const all = own.reduce((m, v) => Math.max(m, v), 0);
  return own.map(() => all);
}

/** Tile captions: the unit names when the longest fits under a tile, else their indices ("Hidden[441]" → "441"). */
export function tileCaptions(names: string[], tileWidth: number): string[] {
  if (names.every((name) => name.length * 6 <= tileWidth + 4)) return names;
  return names.map((name) => {
    const index = /\[(\d+)\]$|\.([vh]\d+)$/.exec(name);
    return index ? (index[1] ?? index[2]) : name;
  });
}
