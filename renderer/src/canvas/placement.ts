import type { NodeKind } from '../../../engine/diagram/types';
import { NODE_SIZE } from './flowTypes';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const GAP = 24;
const STEP = 48;

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width + GAP && b.x < a.x + a.width + GAP && a.y < b.y + b.height + GAP && b.y < a.y + a.height + GAP;
}

/**
 * Top-left position for a new node of `kind` as close as possible to `point` (its centre) without overlapping
 * existing nodes: candidates on a grid around the point, nearest first.
 */
export function freePosition(kind: NodeKind, point: { x: number; y: number }, existing: Box[]): { x: number; y: number } {
  const size = NODE_SIZE[kind];
  const origin = { x: Math.round(point.x - size.width / 2), y: Math.round(point.y - size.height / 2) };
  const candidates: { x: number; y: number; d: number }[] = [];
  for (let ring = 0; ring <= 12; ring++) {
    for (let i = -ring; i <= ring; i++) {
      for (let j = -ring; j <= ring; j++) {
        if (Math.max(Math.abs(i), Math.abs(j)) !== ring) continue;
        candidates.push({ x: origin.x + i * STEP, y: origin.y + j * STEP, d: Math.hypot(i, j) });
      }
    }
  }
  candidates.sort((a, b) => a.d - b.d);
  const free = candidates.find((c) => !existing.some((box) => overlaps({ x: c.x, y: c.y, ...size }, box)));
  return free ? { x: free.x, y: free.y } : origin;
}
