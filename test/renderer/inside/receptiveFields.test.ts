import { describe, expect, it } from 'vitest';
import { fieldNorms, fieldOrder, fieldScales, receptiveFields, receptiveFieldSource, tileCaptions } from '../../../renderer/src/inside/receptiveFields';
import { beliefNet, layeredRbm, ramp, rbmBlock } from './models';

describe('receptive fields', () => {
  it("an RBM block's internal weights are [visible, hidden]: field of hidden j at pixel k is values[k·hidden + j]", () => {
    const { model } = rbmBlock();
    const block = model.weightBlocks.find((b) => b.key === 'r#internal')!;
    const source = receptiveFieldSource(model, block);
    expect(source).toEqual({ imageSide: 'rows', shape: { rows: 2, cols: 2 }, shapeFrom: 'diagram', units: { start: 4, end: 7 } });
    const fields = receptiveFields(block, 'rows');
    const w = ramp(12);
    expect(fields).toHaveLength(3);
    for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) expect(fields[j][k]).toBeCloseTo(w[k * 3 + j], 6);
  });

  it('a belief net parent link into the visible layer has the image on its columns: field of parent r is row r of J', () => {
    const { model } = beliefNet();
    const block = model.weightBlocks[0];
    const source = receptiveFieldSource(model, block);
    expect(source?.imageSide).toBe('cols');
    expect(source?.units).toEqual(block.rows);
    const fields = receptiveFields(block, 'cols');
    const w = ramp(8);
    expect(fields.map((f) => Array.from(f))).toEqual([w.slice(0, 4), w.slice(4, 8)].map((r) => r.map((v) => Math.fround(v))));
  });

  it("takes the training dataset's shape only when the visible layer has none and its width matches", () => {
    const { model } = layeredRbm(false);
    const block = model.weightBlocks.find((b) => b.key === 'vh')!;
    expect(receptiveFieldSource(model, block)).toBeUndefined();
    expect(receptiveFieldSource(model, block, { rows: 1, cols: 3 })).toBeUndefined();
    expect(receptiveFieldSource(model, block, { rows: 2, cols: 2 })?.shapeFrom).toBe('dataset');
    const lateral = model.weightBlocks.find((b) => b.key === 'hh')!;
    expect(receptiveFieldSource(model, lateral, { rows: 2, cols: 2 })).toBeUndefined();
    const shaped = layeredRbm(true).model;
    expect(receptiveFieldSource(shaped, shaped.weightBlocks[0], { rows: 4, cols: 1 })?.shape).toEqual({ rows: 2, cols: 2 });
  });

  it('orders by decreasing norm and scales by a common or per-unit max |w|', () => {
    const fields = [Float32Array.of(0.1, -0.2), Float32Array.of(3, 4), Float32Array.of(0, -1)];
    const norms = fieldNorms(fields);
    expect(norms[1]).toBeCloseTo(5, 6);
    expect(fieldOrder(norms, false)).toEqual([0, 1, 2]);
    expect(fieldOrder(norms, true)).toEqual([1, 2, 0]);
    expect(fieldScales(fields, true)).toEqual([4, 4, 4]);
    expect(fieldScales(fields, false).map((v) => Math.fround(v))).toEqual([0.2, 4, 1].map(Math.fround));
  });
});

describe('receptive-field tile captions', () => {
  it('shows names when they all fit under a tile, else every tile its index', () => {
    expect(tileCaptions(['Hidden[1]', 'Hidden[2]'], 60)).toEqual(['Hidden[1]', 'Hidden[2]']);
    expect(tileCaptions(['Hidden[99]', 'Hidden[100]', 'r.h3'], 56)).toEqual(['99', '100', 'h3']);
  });
});
