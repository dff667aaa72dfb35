import { describe, expect, it } from 'vitest';
import { compile } from '../../../engine/compiler/compile';
import type { CompiledModel } from '../../../engine/compiler/types';
import type { Diagram } from '../../../engine/diagram/types';
import { completeParameters, initialParameters } from '../../../engine/model/parameters';
import { coupling, diagram, layer, parentLink, rbm, unit } from '../diagram/examples';

function compiled(d: Diagram): CompiledModel {
  const result = compile(d);
  if (!result.ok) throw new Error(result.diagnostics.map((x) => x.message).join('; '));
  return result.model;
}

/** Sample standard deviation about 0 (the draws have mean 0). */
const rms = (values: Float32Array) => Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);

describe('per-block parameter initialisation', () => {
  const energy = () =>
    diagram(
      [
        layer('v', 'visible', 40, { biasInit: { kind: 'constant', value: -1.5 } }),
        layer('h', 'hidden', 300, { biasInit: { kind: 'normal', scale: 0.5 } }),
        rbm('r', 30, 20, { weightInit: { kind: 'zero' } }),
      ],
      [{ ...coupling('vh', 'v', 'h'), weightInit: { kind: 'normal', scale: 2 } }, { ...coupling('hh', 'h', 'h'), weightInit: { kind: 'constant', value: 0.25 } }, coupling('vr', 'v', 'r')],
    );

  it('the compiler carries each edge’s, RBM block’s and node’s initialisation to its block', () => {
    const model = compiled(energy());
    const init = Object.fromEntries(model.weightBlocks.map((b) => [b.key, b.init]));
    expect(init).toEqual({ 'r#internal': { kind: 'zero' }, vh: { kind: 'normal', scale: 2 }, hh: { kind: 'constant', value: 0.25 }, vr: undefined });
    expect(model.biasBlocks.map((b) => b.init)).toEqual([{ kind: 'constant', value: -1.5 }, { kind: 'normal', scale: 0.5 }, undefined]);
  });

  it('initialParameters honours them; blocks without one keep the default N(0, scale²) weights and zero biases', () => {
    const p = initialParameters(compiled(energy()), 7, 0.1);
    expect(p.weights['r#internal'].every((w) => w === 0)).toBe(true);
    // With n draws the sample standard deviation has standard error σ/√(2n): 0.6 % of σ for the 12,000 vh weights,
    // 1.6 % for the 2,000 vr weights, 4 % for the 300 h biases; every bound below is at least 3.7 standard errors wide.
    expect(rms(p.weights.vh) / 2).toBeGreaterThan(0.9);
    expect(rms(p.weights.vh) / 2).toBeLessThan(1.1);
    expect(rms(p.weights.vr) / 0.1).toBeGreaterThan(0.9);
    expect(rms(p.weights.vr) / 0.1).toBeLessThan(1.1);
    const hh = p.weights.hh;
    const lateralOk = hh.every((w, k) => w === (Math.floor(k / 300) === k % 300 ? 0 : 0.25));
    expect(lateralOk).toBe(true);
    expect(p.biases.v.every((b) => b === -1.5)).toBe(true);
    expect(rms(p.biases.h) / 0.5).toBeGreaterThan(0.85);
    expect(rms(p.biases.h) / 0.5).toBeLessThan(1.15);
    expect(p.biases.r.every((b) => b === 0)).toBe(true);
    expect(initialParameters(compiled(energy()), 7, 0.1)).toEqual(p);
  });

  it('a block without an initialisation draws the same values as before initialisations existed', () => {
    const plain = diagram([layer('v', 'visible', 5), layer('h', 'hidden', 4)], [coupling('vh', 'v', 'h')]);
    const mixed = diagram([layer('v', 'visible', 5, { biasInit: { kind: 'normal', scale: 1 } }), layer('h', 'hidden', 4)], [coupling('vh', 'v', 'h')]);
    expect(initialParameters(compiled(mixed), 3).weights.vh).toEqual(initialParameters(compiled(plain), 3).weights.vh);
  });

  it('belief-network links take their initialisation too, and carried values win over it', () => {
    const d = diagram([unit('a', 'hidden'), { ...unit('b', 'visible'), biasInit: { kind: 'constant', value: 2 } }], [{ ...parentLink('ab', 'a', 'b'), weightInit: { kind: 'constant', value: -3 } }]);
    const model = compiled(d);
    expect(initialParameters(model, 1).weights.ab).toEqual(new Float32Array([-3]));
    const completed = completeParameters(model, { weights: { ab: new Float32Array([0.5]) }, biases: {} }, 1);
    expect(completed.weights.ab).toEqual(new Float32Array([0.5]));
    expect(completed.biases.b).toEqual(new Float32Array([2]));
  });
});
