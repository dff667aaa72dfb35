import { describe, expect, it } from 'vitest';
import { allBiases, blockOptions, freeWeights, nodeOfRange } from '../../../renderer/src/inside/blocks';
import { fieldsCsv, histogramsCsv, matrixCsv } from '../../../renderer/src/inside/insideCsv';
import { beliefNet, layeredRbm, ramp, rbmBlock } from './models';

describe('weight blocks offered by the inside view', () => {
  it('names every block by its edge (— coupling, → parent link), lateral blocks and RBM internals, with shape', () => {
    const layered = layeredRbm(true);
    expect(blockOptions(layered.model, layered.diagram)).toEqual([
      { key: 'vh', title: 'V — H', shape: [4, 3], lateral: false },
      { key: 'hh', title: 'H lateral', shape: [3, 3], lateral: true },
    ]);
    const block = rbmBlock();
    expect(blockOptions(block.model, block.diagram)).toEqual([{ key: 'r#internal', title: 'r internal (visible × hidden)', shape: [4, 3], lateral: false }]);
    const belief = beliefNet();
    expect(blockOptions(belief.model, belief.diagram)[0].title).toBe('T → V');
    expect(nodeOfRange(block.model, { start: 4, end: 7 })?.label).toBe('r');
  });

  it('counts each lateral pair once and skips the unused diagonal', () => {
    const { model } = layeredRbm(true);
    expect(Array.from(freeWeights(model.weightBlocks[1]))).toEqual([1, 2, 3]);
    expect(freeWeights(model.weightBlocks[0])).toHaveLength(12);
    const biases = allBiases(model);
    expect(biases).toHaveLength(7);
    expect(biases[4]).toBeCloseTo(ramp(3, 50)[0], 5);
  });

  it('writes CSV with unit names as headers and first cells', () => {
    expect(matrixCsv(['a', 'b'], ['x', 'y', 'z'], [1, 2, 3, 4, 5, 6])).toBe(',x,y,z\na,1,2,3\nb,4,5,6\n');
    expect(fieldsCsv(['h1'], [Float32Array.of(1, -1)], [Math.SQRT2], { rows: 1, cols: 2 })).toBe(`unit,norm,p1_1,p1_2\nh1,${Math.SQRT2},1,-1\n`);
    expect(histogramsCsv([{ name: 'w, all', histogram: { edges: [0, 1, 2], counts: [3, 4] } }])).toBe('series,binStart,binEnd,count\n"w, all",0,1,3\n"w, all",1,2,4\n');
  });
});
