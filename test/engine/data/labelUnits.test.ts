import { describe, expect, it } from 'vitest';
import type { BinaryDataset } from '../../../engine/data/dataset';
import { labelUnitCount, withClampedLabel, withLabelUnits } from '../../../engine/data/labelUnits';

const source: BinaryDataset = {
  id: 'src',
  name: 'tiny',
  width: 4,
  rowCount: 3,
  bits: Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1]),
  imageShape: { rows: 2, cols: 2 },
  labels: Int32Array.from([2, 0, 1]),
  labelNames: ['a', 'b', 'c'],
  split: Uint8Array.from([0, 1, 0]),
};

describe('label units for a joint model', () => {
  it('appends each row’s label one-hot, keeping labels and split and dropping the image shape', () => {
    const out = withLabelUnits(source);
    expect(out.width).toBe(7);
    expect(Array.from(out.bits)).toEqual([1, 0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 1, 0, 1, 0]);
    expect(Array.from(out.labels!)).toEqual([2, 0, 1]);
    expect(Array.from(out.split!)).toEqual([0, 1, 0]);
    expect(out.labelNames).toEqual(['a', 'b', 'c']);
    expect(out.imageShape).toBeUndefined();
    expect(out.origin).toEqual({ method: 'label-units', settings: { source: 'src' } });
  });

  it('counts one unit per label name, else up to the largest label', () => {
    expect(labelUnitCount(source)).toBe(3);
    expect(labelUnitCount({ ...source, labelNames: undefined, labels: Int32Array.from([0, 4, 1]) })).toBe(5);
    expect(() => labelUnitCount({ ...source, labels: undefined })).toThrow("Dataset 'tiny' has no labels");
  });

  it('clamps one label on every row for scoring, and refuses labels outside the units or unlabelled rows', () => {
    const out = withClampedLabel(source, 1, 3);
    expect(Array.from(out.bits)).toEqual([1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 1, 1, 1, 1, 0, 1, 0]);
    expect(() => withClampedLabel(source, 3, 3)).toThrow('Label 3 is outside the 3 label units (0…2).');
    expect(() => withLabelUnits({ ...source, labels: Int32Array.from([0, -1, 1]) })).toThrow("Row 2 of 'tiny' has no label");
  });
});
