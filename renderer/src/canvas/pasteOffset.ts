import type { NodeKind, Position } from '../../../engine/diagram/types';
import { GRID_SIZE } from '../store/state';
import { NODE_SIZE } from './flowTypes';

/** Space left between a copy and its original, in flow units. */
export const COPY_CLEARANCE = 32;

/**
 * How far the `step`-th paste (1, 2, …) or a duplicate of these nodes moves from the originals: diagonally down and
 * right by the tallest node's height plus COPY_CLEARANCE per step, in whole grid steps (copies of snapped nodes stay
 * on the grid). Each copy stands clear of the one before instead of landing almost on it; successive pastes cascade.
 */
export function pasteOffset(nodes: readonly { kind: NodeKind }[], step: number): Position {
  const tallest = Math.max(0, ...nodes.map((n) => NODE_SIZE[n.kind].height));
  const distance = Math.ceil((tallest + COPY_CLEARANCE) / GRID_SIZE) * GRID_SIZE;
  return { x: distance * step, y: distance * step };
}
