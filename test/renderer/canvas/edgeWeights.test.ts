import { describe, expect, it } from 'vitest';
import { coupling, parentLink } from '../../engine/diagram/examples';
import { edgeWeights, edgeWeightStyle, edgeWidth, MAX_EDGE_WIDTH, MIN_EDGE_WIDTH, summariseWeights, weightStroke, weightText } from '../../../renderer/src/canvas/edgeWeights';
import { toFlowEdge } from '../../../renderer/src/canvas/flowElements';

const block = (shape: number[], values: number[]) => ({ shape, values });

describe('edge weights: what an edge carries', () => {
  it('a single weight is its own mean and magnitude', () => {
    expect(summariseWeights(block([1, 1], [-0.75]), false)).toEqual({ count: 1, mean: -0.75, rms: 0.75 });
  });

  it('a block gives its mean and its RMS, the Frobenius norm over √n', () => {
    const s = summariseWeights(block([2, 2], [3, -1, 1, 1]), false)!;
    expect(s.count).toBe(4);
    expect(s.mean).toBeCloseTo(1, 12);
    expect(s.rms).toBeCloseTo(Math.hypot(3, -1, 1, 1) / 2, 12);
  });

  it('a lateral block leaves out its unused diagonal', () => {
    const s = summariseWeights(block([2, 2], [100, 0.5, 0.5, -100]), true)!;
    expect(s).toEqual({ count: 2, mean: 0.5, rms: 0.5 });
  });

  it('a block whose values do not fill its shape is not drawn', () => {
    expect(summariseWeights(block([2, 2], [1, 2, 3]), false)).toBeUndefined();
  });

  it('only edges with weights are listed, on the scale of the largest RMS; none or all-zero weights: nothing to show', () => {
    const edges = [coupling('a', 'x', 'y'), coupling('b', 'y', 'z'), coupling('c', 'x', 'z')];
    const weights = edgeWeights(edges, { weights: { a: block([1, 1], [0.5]), b: block([1, 2], [-2, 2]), gone: block([1, 1], [9]) }, biases: {} })!;
    expect([...weights.byEdge.keys()]).toEqual(['a', 'b']);
    expect(weights.maxAbs).toBe(2);
    expect(edgeWeights(edges, undefined)).toBeUndefined();
    expect(edgeWeights(edges, { weights: { a: block([1, 1], [0]) }, biases: {} })).toBeUndefined();
    // "constructor" must not reach the prototype of the weights record.
    expect(edgeWeights([coupling('constructor', 'x', 'y')], { weights: {}, biases: {} })).toBeUndefined();
  });
});

describe('edge weights: how an edge is drawn', () => {
  it('colour follows the sign and size of the mean, width the RMS, both against the largest RMS', () => {
    expect(edgeWeightStyle({ count: 1, mean: 2, rms: 2 }, 2)).toEqual({ sign: 'positive', tint: 1, width: MAX_EDGE_WIDTH, text: 'w = 2' });
    expect(edgeWeightStyle({ count: 1, mean: -1, rms: 1 }, 2)).toEqual({ sign: 'negative', tint: 0.5, width: 4, text: 'w = −1' });
    // A block of balanced signs is strong but neutral in colour.
    expect(edgeWeightStyle({ count: 4, mean: 0, rms: 2 }, 2)).toMatchObject({ sign: 'positive', tint: 0, width: MAX_EDGE_WIDTH });
  });

  it('tint and width come in tenths, so there are at most 11 widths and 21 colours', () => {
    expect(edgeWeightStyle({ count: 1, mean: 0.333, rms: 0.333 }, 1)).toMatchObject({ sign: 'positive', tint: 0.3, width: edgeWidth(0.3) });
    expect(edgeWidth(0)).toBe(MIN_EDGE_WIDTH);
    expect(edgeWidth(0.3)).toBeCloseTo(MIN_EDGE_WIDTH + 0.3 * (MAX_EDGE_WIDTH - MIN_EDGE_WIDTH), 12);
    expect(edgeWidth(5)).toBe(MAX_EDGE_WIDTH);
  });

  it('hovering an edge tells its weight, or a block its mean, RMS and size', () => {
    expect(weightText({ count: 1, mean: -0.123456, rms: 0.123456 })).toBe('w = −0.123');
    expect(weightText({ count: 12544, mean: 0.01234, rms: 0.5 })).toBe('mean 0.0123 · RMS 0.5 · 12,544 weights');
  });

  it('the stroke is a theme token, a plain var() (arrowhead marker ids are built from it)', () => {
    expect(weightStroke({ sign: 'negative', tint: 0.7 })).toBe('var(--weight-negative-7)');
    expect(weightStroke({ sign: 'positive', tint: 0 })).toBe('var(--weight-positive-0)');
  });

  it('a flow edge carries its weight style; a weighted parent link gets an arrowhead of its colour in flow units', () => {
    const style = { sign: 'negative' as const, tint: 1, width: 7, text: 'w = −2' };
    const flow = toFlowEdge(parentLink('p', 'a', 'b'), new Map(), false, false, 0, style);
    expect(flow.data).toEqual({ kind: 'parent', faulty: false, offset: 0, weight: style });
    expect(flow.markerEnd).toMatchObject({ color: 'var(--weight-negative-10)', markerUnits: 'userSpaceOnUse' });
    const plain = toFlowEdge(parentLink('p', 'a', 'b'), new Map(), false, false);
    expect(plain.data).toEqual({ kind: 'parent', faulty: false, offset: 0 });
    expect(plain.markerEnd).toMatchObject({ color: 'var(--edge-parent)' });
  });
});
