import { describe, expect, it } from 'vitest';
import { coupling, parentLink } from '../../engine/diagram/examples';
import { edgePath, type NodeBox } from '../../../renderer/src/canvas/geometry';
import { PARALLEL_SPACING, parallelOffsets } from '../../../renderer/src/canvas/parallelEdges';

const unit = (x: number, y: number): NodeBox => ({ x, y, width: 64, height: 64, round: true });

describe('antiparallel and parallel edges', () => {
  it('a lone edge and a self-loop get no offset', () => {
    expect(parallelOffsets([parentLink('ab', 'a', 'b'), coupling('aa', 'a', 'a'), parentLink('bc', 'b', 'c')]).size).toBe(0);
  });

  it('a → b and b → a get the same offset in their own directions, which puts them on opposite sides', () => {
    const offsets = parallelOffsets([parentLink('ab', 'a', 'b'), parentLink('ba', 'b', 'a')]);
    expect(offsets.get('ab')).toBe(-PARALLEL_SPACING / 2);
    expect(offsets.get('ba')).toBe(-PARALLEL_SPACING / 2);
  });

  it('three edges of one pair fan out, the middle one straight', () => {
    const offsets = parallelOffsets([coupling('x', 'a', 'b'), coupling('y', 'a', 'b'), coupling('z', 'a', 'b')]);
    expect([offsets.get('x'), offsets.get('y'), offsets.get('z')]).toEqual([-PARALLEL_SPACING, 0, PARALLEL_SPACING]);
  });

  it('the offset curves are drawn apart, their middles at least PARALLEL_SPACING from each other', () => {
    const a = unit(0, 0);
    const b = unit(300, 0);
    const offsets = parallelOffsets([parentLink('ab', 'a', 'b'), parentLink('ba', 'b', 'a')]);
    const forward = edgePath(a, b, [a, b], { x: 0, y: 0 }, offsets.get('ab'));
    const backward = edgePath(b, a, [a, b], { x: 0, y: 0 }, offsets.get('ba'));
    expect(forward.path).toContain(' Q ');
    expect(backward.path).toContain(' Q ');
    expect(forward.path).not.toBe(backward.path);
    // Each end leaves its round node towards the bend, which adds a little to the spacing.
    const apart = Math.abs(forward.labelY - backward.labelY);
    expect(apart).toBeGreaterThanOrEqual(PARALLEL_SPACING);
    expect(apart).toBeLessThan(1.5 * PARALLEL_SPACING);
    expect(Math.sign(forward.labelY - 32)).toBe(-Math.sign(backward.labelY - 32));
    // Without the offsets both would be the same straight line.
    expect(edgePath(a, b, [a, b], { x: 0, y: 0 }).path).toBe('M 64,32 L 300,32');
  });

  it('an offset edge bent around a node in its way still keeps its offset from its twin', () => {
    const a = unit(0, 0);
    const middle = unit(200, 0);
    const b = unit(400, 0);
    const forward = edgePath(a, b, [a, middle, b], { x: 232, y: 300 }, -PARALLEL_SPACING / 2);
    const backward = edgePath(b, a, [a, middle, b], { x: 232, y: 300 }, -PARALLEL_SPACING / 2);
    expect(forward.labelY).toBeLessThan(middle.y);
    expect(backward.labelY).toBeLessThan(middle.y);
    expect(Math.abs(forward.labelY - backward.labelY)).toBeGreaterThan(PARALLEL_SPACING / 2);
  });
});
