import { describe, expect, it } from 'vitest';
import { edgePath, segmentHitsBox, type NodeBox } from '../../renderer/src/canvas/geometry';
import { freePosition } from '../../renderer/src/canvas/placement';
import { NODE_SIZE } from '../../renderer/src/canvas/flowTypes';

const unit = (x: number, y: number): NodeBox => ({ x, y, width: 64, height: 64, round: true });

describe('canvas geometry', () => {
  it('detects a segment crossing a box and one passing beside it', () => {
    const box = { x: 100, y: 100, width: 50, height: 50, round: false };
    expect(segmentHitsBox({ x: 0, y: 125 }, { x: 300, y: 125 }, box)).toBe(true);
    expect(segmentHitsBox({ x: 0, y: 40 }, { x: 300, y: 40 }, box)).toBe(false);
    expect(segmentHitsBox({ x: 0, y: 125 }, { x: 90, y: 125 }, box)).toBe(false);
  });

  it('draws a straight edge between free nodes, border to border', () => {
    const a = unit(0, 0);
    const b = unit(200, 0);
    const geometry = edgePath(a, b, [a, b], { x: 100, y: 200 });
    expect(geometry.path).toBe('M 64,32 L 200,32');
  });

  it('bends an edge around a node in its way, away from the diagram centroid', () => {
    const a = unit(0, 0);
    const middle = unit(200, 0);
    const b = unit(400, 0);
    const geometry = edgePath(a, b, [a, middle, b], { x: 232, y: 300 });
    expect(geometry.path).toContain(' Q ');
    // The centroid lies below, so the curve's midpoint rises above the row of nodes and clears the middle one.
    expect(geometry.labelY).toBeLessThan(middle.y);
  });

  it('places a new node at the requested centre when free, else at the nearest free spot', () => {
    const size = NODE_SIZE.unit;
    expect(freePosition('unit', { x: 100, y: 100 }, [])).toEqual({ x: 100 - size.width / 2, y: 100 - size.height / 2 });
    const occupied = [{ x: 68, y: 68, ...size }];
    const placed = freePosition('unit', { x: 100, y: 100 }, occupied);
    const overlaps = placed.x < 68 + size.width + 24 && 68 < placed.x + size.width + 24 && placed.y < 68 + size.height + 24 && 68 < placed.y + size.height + 24;
    expect(overlaps).toBe(false);
    expect(Math.hypot(placed.x - 68, placed.y - 68)).toBeLessThanOrEqual(48 * 3);
  });
});
