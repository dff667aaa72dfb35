/**
 * Label units for a labelled joint model: each row followed by its class as one-hot units, so one model learns
 * P(v, y) and classifies a pattern by the label whose clamped joint pattern it scores highest (the generative
 * classification of Saul & Jordan §4 with one model instead of one per class).
 */
import type { BinaryDataset } from './dataset';

/** Label units a dataset's classes need: one per label name, else one per value up to the largest label. */
export function labelUnitCount(source: BinaryDataset): number {
  if (!source.labels) throw new Error(`Dataset '${source.name}' has no labels: import it with a label column (or generate a labelled set) first.`);
  let largest = -1;
  for (const label of source.labels) largest = Math.max(largest, label);
  return Math.max(source.labelNames?.length ?? 0, largest + 1);
}

/** Rows of `source` with `units` more columns after each, filled by `fill(row, out)` (out holds the added columns). */
function widened(source: BinaryDataset, units: number, fill: (row: number, out: Uint8Array) => void): BinaryDataset {
  const width = source.width + units;
  if (source.rowCount * width > 2 ** 28) throw new Error(`${source.rowCount} rows × ${width} bits is too many; keep it under 2^28 bits.`);
  const bits = new Uint8Array(source.rowCount * width);
  for (let row = 0; row < source.rowCount; row++) {
    bits.set(source.bits.subarray(row * source.width, (row + 1) * source.width), row * width);
    fill(row, bits.subarray(row * width + source.width, (row + 1) * width));
  }
  // The image shape no longer covers the row: the label units are not pixels.
  const { imageShape: _imageShape, origin: _origin, ...rest } = source;
  return { ...rest, width, bits };
}

/** Every row followed by its label as one-hot units (label k sets added column k); refuses unlabelled rows. */
export function withLabelUnits(source: BinaryDataset): BinaryDataset {
  const units = labelUnitCount(source);
  const labels = source.labels!;
  const unlabelled = labels.findIndex((label) => label < 0);
  if (unlabelled >= 0) throw new Error(`Row ${unlabelled + 1} of '${source.name}' has no label; every row needs one to become label units.`);
  const out = widened(source, units, (row, added) => {
    added[labels[row]] = 1;
  });
  return { ...out, id: `${source.id}-labels`, name: `${source.name} · label units (${units})`, origin: { method: 'label-units', settings: { source: source.id } } };
}

/** Every row followed by the one-hot units of `label` (whatever its own label): the rows a joint model scores for that class. */
export function withClampedLabel(source: BinaryDataset, label: number, units: number): BinaryDataset {
  if (!Number.isInteger(label) || label < 0 || label >= units) throw new RangeError(`Label ${label} is outside the ${units} label units (0…${units - 1}).`);
  return widened(source, units, (_row, added) => {
    added[label] = 1;
  });
}
