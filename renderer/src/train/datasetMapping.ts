import type { CompiledModel } from '../../../engine/compiler/types';
import type { DatasetSummary } from '../../../main/api/contract';

/** Which dataset columns feed one visible layer: columns from…to (1-based, inclusive) in compiled order. */
export interface ColumnMapping {
  nodeId: string;
  label: string;
  from: number;
  to: number;
  imageShape?: { rows: number; cols: number };
  /** What does not fit in this layer's part of the data and how to fix it, if anything. */
  problem?: string;
  /** A suggestion that does not stop anything (e.g. give the layer the data's image shape to see images). */
  advice?: string;
}

/** The whole mapping: per visible layer, plus a problem with the widths (which blocks training). */
export interface DatasetMapping {
  rows: ColumnMapping[];
  widthProblem?: string;
}

const shapeText = (shape: { rows: number; cols: number }) => `${shape.rows}×${shape.cols}`;

/**
 * Dataset columns map onto the model's visible units in compiled order (visibleIndices, sorted), so the k-th visible
 * layer takes the next |visible range| columns. Image shapes are compared when one layer takes the whole image.
 */
export function datasetMapping(model: CompiledModel, dataset: DatasetSummary): DatasetMapping {
  const layers = model.nodes.filter((n) => n.visible.end > n.visible.start).sort((a, b) => a.visible.start - b.visible.start);
  const visibleCount = model.visibleIndices.length;
  let next = 1;
  const rows = layers.map((node): ColumnMapping => {
    const size = node.visible.end - node.visible.start;
    const row: ColumnMapping = { nodeId: node.nodeId, label: node.label, from: next, to: next + size - 1, ...(node.imageShape ? { imageShape: node.imageShape } : {}) };
    next += size;
    if (row.to > dataset.width) row.problem = `needs columns ${row.from}–${row.to}; the dataset has ${dataset.width}`;
    return row;
  });
  const image = dataset.imageShape;
  if (image && rows.length === 1 && dataset.width === visibleCount) {
    const [row] = rows;
    if (!row.imageShape) row.advice = `the dataset holds ${shapeText(image)} images; set layer ${row.label}'s image shape to ${shapeText(image)} to see them as images`;
    else if (row.imageShape.rows !== image.rows || row.imageShape.cols !== image.cols) {
      row.problem = `layer ${row.label} is ${shapeText(row.imageShape)} but the dataset's images are ${shapeText(image)}; set the layer's image shape to ${shapeText(image)}`;
    }
  } else if (image && rows.length > 1 && dataset.width === visibleCount) {
    // Said once: a Hopfield template has one visible node per unit, and the same line on each would drown the table.
    const first = rows.find((row) => !row.problem);
    if (first) first.advice = `the dataset's ${shapeText(image)} images span ${rows.length} visible layers; each layer shows only its part`;
  }
  const widthProblem =
    dataset.width === visibleCount
      ? undefined
      : `Dataset “${dataset.name}” has ${dataset.width} columns but the model has ${visibleCount} visible units: choose a dataset ${dataset.width > visibleCount ? 'with fewer columns' : 'with more columns'}, or make the visible layers ${dataset.width} units in all.`;
  return { rows, ...(widthProblem ? { widthProblem } : {}) };
}

/** "columns 1–9" or "column 4". */
export function columnsText(row: Pick<ColumnMapping, 'from' | 'to'>): string {
  return row.from === row.to ? `column ${row.from}` : `columns ${row.from}–${row.to}`;
}
