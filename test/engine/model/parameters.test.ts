import { describe, expect, it } from 'vitest';
import { compile } from '../../../engine/compiler/compile';
import type { CompiledModel, EnergyModelSpec } from '../../../engine/compiler/types';
import {
  cloneParameters,
  completeParameters,
  diagramWithParameters,
  initialParameters,
  parametersFromModel,
  type ModelParameters,
} from '../../../engine/model/parameters';
import { layeredModel, mixedDiagram, xorDiagram } from '../helpers/models';

function compiled(diagram: Parameters<typeof compile>[0]): CompiledModel {
  const result = compile(diagram);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('; '));
  return result.model;
}

describe('initialParameters', () => {
  it('draws one block per weight block and zero biases, reproducibly per seed', () => {
    const model = compiled(mixedDiagram());
    const a = initialParameters(model, 5);
    expect(Object.keys(a.weights).sort()).toEqual(model.weightBlocks.map((b) => b.key).sort());
    for (const block of model.weightBlocks) expect(a.weights[block.key].length).toBe(block.shape[0] * block.shape[1]);
    for (const bias of model.biasBlocks) expect(Array.from(a.biases[bias.nodeId])).toEqual(new Array(bias.range.end - bias.range.start).fill(0));
    expect(initialParameters(model, 5)).toEqual(a);
    expect(initialParameters(model, 6).weights['rbm-layer']).not.toEqual(a.weights['rbm-layer']);
  });

  it('keeps lateral blocks symmetric with a zero diagonal', () => {
    const model = layeredModel(6, 4);
    const params = initialParameters(model, 3);
    for (const block of model.weightBlocks.filter((b) => b.lateral)) {
      const n = block.shape[0];
      const w = params.weights[block.key];
      for (let i = 0; i < n; i++) {
        expect(w[i * n + i]).toBe(0);
        for (let j = 0; j < n; j++) expect(w[i * n + j]).toBe(w[j * n + i]);
      }
    }
  });

  it('draws weights from N(0, scale²): sample sd within 3% of scale over 20 000 weights, mean within 5 standard errors', () => {
    const model = layeredModel(1, 200) as EnergyModelSpec;
    for (const scale of [0.1, 0.5]) {
      const w = initialParameters(model, 8, scale).weights.hh;
      const upper: number[] = [];
      for (let i = 0; i < 200; i++) for (let j = i + 1; j < 200; j++) upper.push(w[i * 200 + j]);
      const mean = upper.reduce((a, b) => a + b, 0) / upper.length;
      const sd = Math.sqrt(upper.reduce((a, x) => a + x * x, 0) / upper.length);
      expect(Math.abs(mean)).toBeLessThan((5 * scale) / Math.sqrt(upper.length));
      expect(Math.abs(sd / scale - 1)).toBeLessThan(0.03);
    }
  });

  it('keeps a block’s values when other blocks are added (each block has its own stream)', () => {
    const small = layeredModel(3, 0);
    const large = layeredModel(3, 2);
    expect(initialParameters(large, 9).weights.vv).toEqual(initialParameters(small, 9).weights.vv);
  });
});

describe('parameters in the diagram', () => {
  it('round-trips through diagramWithParameters → compile → parametersFromModel exactly', () => {
    for (const diagram of [xorDiagram(), mixedDiagram()]) {
      const model = compiled(diagram);
      expect(parametersFromModel(model)).toBeUndefined();
      const params = initialParameters(model, 12, 0.7);
      for (const values of Object.values(params.biases)) values.forEach((_, k) => (values[k] = 0.1 * (k + 1)));
      const withParams = diagramWithParameters(diagram, params);
      const restored = parametersFromModel(compiled(JSON.parse(JSON.stringify(withParams))));
      expect(restored).toEqual(params);
      expect(diagram.parameters).toBeUndefined();
    }
  });

  it('writes shapes [source units, target units] per edge, [visible, hidden] for an RBM block and [units] per node', () => {
    const diagram = mixedDiagram();
    const out = diagramWithParameters(diagram, initialParameters(compiled(diagram), 1));
    expect(out.parameters!.weights['rbm#internal'].shape).toEqual([3, 2]);
    expect(out.parameters!.weights['rbm-layer'].shape).toEqual([5, 3]);
    expect(out.parameters!.weights.self.shape).toEqual([3, 3]);
    expect(out.parameters!.weights['unit-layer'].shape).toEqual([1, 3]);
    expect(out.parameters!.biases.rbm.shape).toEqual([5]);
  });

  it('drops entries whose edge is gone or whose size no longer fits, and keeps other carried entries', () => {
    const diagram = mixedDiagram();
    const params = initialParameters(compiled(diagram), 1);
    const stale: ModelParameters = cloneParameters(params);
    stale.weights['deleted-edge'] = new Float32Array(4);
    stale.weights.self = new Float32Array(4);
    const out = diagramWithParameters(diagramWithParameters(diagram, params), stale);
    expect(out.parameters!.weights['deleted-edge']).toBeUndefined();
    expect(out.parameters!.weights.self.values).toEqual(Array.from(params.weights.self));
  });
});

describe('completeParameters', () => {
  it('fills missing blocks from the seed and refuses wrong lengths, naming the block', () => {
    const model = layeredModel(3, 2);
    const full = initialParameters(model, 4, 0.3);
    const partial: ModelParameters = { weights: { vv: full.weights.vv }, biases: {} };
    expect(completeParameters(model, partial, 4, 0.3)).toEqual(full);
    expect(() => completeParameters(model, { weights: { vh: new Float32Array(5) }, biases: {} }, 4)).toThrow(/Weights 'vh' have 5 values but the block is 3×2/);
    expect(() => completeParameters(model, { weights: {}, biases: { h: new Float32Array(3) } }, 4)).toThrow(/Biases of 'h' have 3 values but the node has 2 units/);
  });
});
