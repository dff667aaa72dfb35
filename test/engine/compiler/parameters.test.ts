import { describe, expect, it } from 'vitest';
import { compile } from '../../../engine/compiler/compile';
import { summarize } from '../../../engine/compiler/summary';
import { parseDiagramText } from '../../../engine/diagram/parse';
import type { DiagramParameters, ParameterBlock } from '../../../engine/diagram/types';
import { coupling, diagram, layer, rbm, README_EXAMPLE_JSON, unit, xorBoltzmann } from '../diagram/examples';
import { diagnosticsOf, energyOf } from './helpers';

const block = (shape: number[], fill: (i: number) => number): ParameterBlock => {
  const count = shape.reduce((a, b) => a * b, 1);
  return { shape, values: Array.from({ length: count }, (_, i) => fill(i)) };
};

/** A symmetric n×n block with zero diagonal: w_ij = w_ji = 0.01 (i + j). */
const symmetric = (n: number): ParameterBlock => block([n, n], (k) => (Math.floor(k / n) === k % n ? 0 : 0.01 * (Math.floor(k / n) + (k % n))));

describe('parameters carried by the diagram', () => {
  it('fill WeightBlock and BiasBlock values as Float32Array copies', () => {
    const xor = xorBoltzmann();
    const weights: Record<string, ParameterBlock> = {};
    xor.edges.forEach((e, i) => (weights[e.id] = { shape: [1, 1], values: [0.1 * (i + 1)] }));
    const biases: Record<string, ParameterBlock> = {};
    xor.nodes.forEach((n, i) => (biases[n.id] = { shape: [1], values: [0.5 * i - 1] }));
    const model = energyOf({ ...xor, parameters: { weights, biases } });
    model.weightBlocks.forEach((b, i) => {
      expect(b.values).toBeInstanceOf(Float32Array);
      expect(b.values![0]).toBe(Math.fround(0.1 * (i + 1)));
    });
    expect(model.biasBlocks.map((b) => b.values![0])).toEqual([-1, -0.5, 0, 0.5, 1, 1.5, 2]);
    model.weightBlocks[0].values![0] = 99;
    expect(weights['v1-v2'].values[0]).toBeCloseTo(0.1, 12);
  });

  it('leave values undefined for blocks the diagram carries nothing for', () => {
    const model = energyOf(diagram([layer('v', 'visible', 2), layer('h', 'hidden', 2)], [coupling('e', 'v', 'h')], { weights: {}, biases: {} }));
    expect(model.weightBlocks[0].values).toBeUndefined();
    expect(model.biasBlocks[0].values).toBeUndefined();
  });

  it('accept a symmetric lateral block and an RBM block [visible, hidden] + [visible + hidden] biases', () => {
    const params: DiagramParameters = {
      weights: { lat: symmetric(4), 'r#internal': block([3, 2], (i) => i) },
      biases: { r: block([5], (i) => -i), L: block([4], () => 0.25) },
    };
    const model = energyOf(diagram([layer('L', 'visible', 4), rbm('r', 3, 2)], [coupling('lat', 'L', 'L')], params));
    expect(Array.from(model.weightBlocks.find((b) => b.key === 'r#internal')!.values!)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(model.biasBlocks[1].values!)).toEqual([-0, -1, -2, -3, -4]);
  });

  it('parameter-shape: wrong weight shape, wrong bias length, value count, asymmetric lateral block', () => {
    const d = diagram([layer('v', 'visible', 3), layer('h', 'hidden', 2)], [coupling('vh', 'v', 'h'), coupling('hh', 'h', 'h')], {
      weights: { vh: block([2, 3], () => 0), hh: { shape: [2, 2], values: [0, 0.5, -0.5, 0] } },
      biases: { v: block([2], () => 0), h: { shape: [2], values: [0] } },
    });
    const diags = diagnosticsOf(d);
    expect(diags.map((x) => [x.code, x.severity, x.nodeIds, x.edgeIds])).toEqual([
      ['parameter-shape', 'error', ['v', 'h'], ['vh']],
      ['parameter-shape', 'error', ['h'], ['hh']],
      ['parameter-shape', 'error', ['v'], []],
      ['parameter-shape', 'error', ['h'], []],
    ]);
    expect(diags[0].message).toContain('The weights of the coupling "v – h" have shape [2, 3] but the model needs [3, 2]');
    expect(diags[1].message).toContain('The weights of the coupling "h – h" form a lateral block');
    expect(diags[1].message).toContain('must be symmetric, but w[0][1] = 0.5 differs from w[1][0] = -0.5');
    expect(diags[3].message).toContain('hold 1 numbers but shape [2] needs 2');
  });

  it('parameter-shape warnings for parameters of unknown edges or nodes; the model still compiles', () => {
    const result = compile(
      diagram([unit('a', 'visible'), unit('b', 'hidden')], [coupling('ab', 'a', 'b')], {
        weights: { gone: block([1, 1], () => 1), ab: block([1, 1], () => 2) },
        biases: { ghost: block([1], () => 1), constructor: block([1], () => 1) },
      }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(result.warnings.map((w) => [w.code, w.severity])).toEqual([
      ['parameter-shape', 'warning'],
      ['parameter-shape', 'warning'],
      ['parameter-shape', 'warning'],
    ]);
    expect(result.warnings[0].message).toContain('"gone" belong to no edge');
    expect(result.model.weightBlocks[0].values![0]).toBe(2);
  });

  it('an edge id like "constructor" without carried values does not reach Object.prototype', () => {
    const model = energyOf(diagram([unit('a', 'visible'), unit('toString', 'hidden')], [coupling('constructor', 'a', 'toString')], { weights: {}, biases: {} }));
    expect(model.weightBlocks[0].values).toBeUndefined();
    expect(model.biasBlocks[1].values).toBeUndefined();
  });

  it('the README example compiles to an RBM with its weights', () => {
    const parsed = parseDiagramText(README_EXAMPLE_JSON);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const model = energyOf(parsed.diagram);
    expect(model.family).toBe('rbm');
    expect(model.encoding).toBe('binary01');
    expect(Array.from(model.weightBlocks[0].values!)).toEqual([0.5, -0.5, 0.5, -0.5, -0.5, 0.5, -0.5, 0.5]);
    expect(model.nodes[0].imageShape).toEqual({ rows: 2, cols: 2 });
    expect(summarize(model)).toBe('restricted Boltzmann machine · 6 units · 8 couplings');
  });
});

describe('compile time for a 784 × 500 RBM', () => {
  const time = (label: string, run: () => void): number => {
    run();
    const started = performance.now();
    run();
    const elapsed = performance.now() - started;
    console.log(`compile ${label}: ${elapsed.toFixed(2)} ms`);
    return elapsed;
  };

  it('stays far from quadratic, with and without parameters (load-proof bound 5 s; the figure is printed)', () => {
    const weights = block([784, 500], (i) => ((i % 97) - 48) / 1000);
    const biases = block([1284], () => 0);
    const asBlock = diagram([rbm('R', 784, 500)]);
    const asBlockWithParams = diagram([rbm('R', 784, 500)], [], { weights: { 'R#internal': weights }, biases: { R: biases } });
    const asLayers = diagram([layer('v', 'visible', 784), layer('h', 'hidden', 500)], [coupling('w', 'v', 'h')], {
      weights: { w: weights },
      biases: {},
    });
    for (const [label, d] of [['block', asBlock], ['block + parameters', asBlockWithParams], ['two layers + parameters', asLayers]] as const) {
      let result = compile(d);
      const elapsed = time(label, () => (result = compile(d)));
      expect(result.ok && result.model.type === 'energy' && result.model.family).toBe('rbm');
      expect(elapsed).toBeLessThan(5000);
    }
    const model = energyOf(asBlockWithParams);
    expect(model.weightBlocks[0].values!.length).toBe(392_000);
    expect(model.weightBlocks[0].values![391_999]).toBe(Math.fround(((391_999 % 97) - 48) / 1000));
  });
});
