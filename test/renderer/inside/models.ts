import { compile } from '../../../engine/compiler/compile';
import type { CompiledModel } from '../../../engine/compiler/types';
import type { Diagram, DiagramParameters } from '../../../engine/diagram/types';
import { coupling, diagram, layer, parentLink, rbm } from '../../engine/diagram/examples';

/** Weights 0.1·(k+1)·(−1)^k, so every entry is distinct and its position can be read back from its value. */
export const ramp = (n: number, offset = 0) => Array.from({ length: n }, (_, k) => (k % 2 ? -1 : 1) * 0.1 * (k + 1 + offset));
const bias = (n: number) => ({ shape: [n], values: ramp(n, 50) });

export function compiled(d: Diagram): CompiledModel {
  const result = compile(d);
  if (!result.ok) throw new Error(result.diagnostics.map((x) => x.message).join('; '));
  return result.model;
}

/** An RBM block with a 2×2 visible image and 3 hidden units; its internal weights are [visible 4, hidden 3]. */
export function rbmBlock(withShape = true): { diagram: Diagram; model: CompiledModel } {
  const parameters: DiagramParameters = { weights: { 'r#internal': { shape: [4, 3], values: ramp(12) } }, biases: { r: bias(7) } };
  const d = diagram([rbm('r', 4, 3, withShape ? { visibleImageShape: { rows: 2, cols: 2 } } : {})], [], parameters);
  return { diagram: d, model: compiled(d) };
}

/** Layers V (4 visible, optionally 2×2) — H (3 hidden) coupled, plus a self-coupled H (lateral). */
export function layeredRbm(withShape: boolean): { diagram: Diagram; model: CompiledModel } {
  const parameters: DiagramParameters = {
    weights: { vh: { shape: [4, 3], values: ramp(12) }, hh: { shape: [3, 3], values: [0, 1, 2, 1, 0, 3, 2, 3, 0] } },
    biases: { V: bias(4), H: bias(3) },
  };
  const d = diagram([layer('V', 'visible', 4, withShape ? { imageShape: { rows: 2, cols: 2 } } : {}), layer('H', 'hidden', 3)], [coupling('vh', 'V', 'H'), coupling('hh', 'H', 'H')], parameters);
  return { diagram: d, model: compiled(d) };
}

/** A belief net: T (2 hidden) is the parent of V (4 visible, 2×2); J is stored [parents 2, children 4]. */
export function beliefNet(): { diagram: Diagram; model: CompiledModel } {
  const parameters: DiagramParameters = { weights: { tv: { shape: [2, 4], values: ramp(8) } }, biases: { T: bias(2), V: bias(4) } };
  const d = diagram([layer('T', 'hidden', 2), layer('V', 'visible', 4, { imageShape: { rows: 2, cols: 2 } })], [parentLink('tv', 'T', 'V')], parameters, 'binary01');
  return { diagram: d, model: compiled(d) };
}
