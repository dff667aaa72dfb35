/**
 * Bishop, Lawrence, Jaakkola & Jordan (1998) §3 after Saul et al. (1996): a 2-4-6 sigmoid belief network, layers fully
 * connected, with every weight and bias drawn uniformly from (−1, 1), and its six visible units clamped at zero.
 */
import type { BinaryDataset } from '../../engine/data/dataset';
import type { DiagramParameters } from '../../engine/diagram/types';
import { createRandom } from '../../engine/random/seeded';
import { ExampleDiagram, layerSpec } from './builder';

const SIZES = { top: 2, middle: 4, visible: 6 } as const;
/** Seed of the one random network the example carries (the paper draws 5,000). */
const SEED = 2;

/** The one pattern of the experiment: all six visible units at 0. */
export function allZeroPattern(): BinaryDataset {
  return {
    id: 'bishop-2-4-6-zeros',
    name: 'Six visible units at 0 (Bishop et al. §3)',
    width: SIZES.visible,
    rowCount: 1,
    bits: new Uint8Array(SIZES.visible),
    origin: { method: 'sbn-2-4-6 example', settings: {} },
  };
}

/** J_ij and b_i ~ U(−1, 1), seeded; J stored [parent units, child units]. */
function randomParameters(): DiagramParameters {
  const random = createRandom(SEED);
  const uniform = (count: number) => Array.from({ length: count }, () => 2 * random.next() - 1);
  const block = (rows: number, cols: number) => ({ shape: [rows, cols], values: uniform(rows * cols) });
  return {
    weights: { 'p-top-middle': block(SIZES.top, SIZES.middle), 'p-middle-visible': block(SIZES.middle, SIZES.visible) },
    biases: Object.fromEntries(Object.entries(SIZES).map(([node, size]) => [node, { shape: [size], values: uniform(size) }])),
  };
}

/** Top 2 → 4 → 6 visible, from the top down, carrying the random parameters. */
export function bishopDiagram() {
  return new ExampleDiagram('sbn-2-4-6', 'SBN 2-4-6 (random)', 'binary01')
    .row(0, [layerSpec('top', 'Top', 'hidden', SIZES.top)])
    .row(1, [layerSpec('middle', 'Middle', 'hidden', SIZES.middle)])
    .row(2, [layerSpec('visible', 'Visible', 'visible', SIZES.visible)])
    .parent('top', 'middle')
    .parent('middle', 'visible')
    .build(randomParameters());
}
