import type { DiagramEdge, DiagramNode } from '../diagram/types';
import { rbmInternalKey } from '../diagram/vocabulary';
import { rangeLength, type UnitLayout } from './layout';
import type { EnergyFamily, IndexRange, WeightBlock } from './types';

/** Number of free weights in a block: n(n−1)/2 for a lateral n×n block (symmetric, no diagonal), else rows × cols. */
export function freeWeights(block: Pick<WeightBlock, 'shape' | 'lateral'>): number {
  const [rows, cols] = block.shape;
  return block.lateral ? (rows * (rows - 1)) / 2 : rows * cols;
}

function block(key: string, rows: IndexRange, cols: IndexRange, lateral: boolean): WeightBlock {
  return { key, rows, cols, shape: [rangeLength(rows), rangeLength(cols)], lateral };
}

/** Blocks of an energy model: each RBM block's visible × hidden weights, then one block per coupling (source rows, target cols). */
export function energyWeightBlocks(nodes: DiagramNode[], couplings: DiagramEdge[], layout: UnitLayout): WeightBlock[] {
  const blocks: WeightBlock[] = [];
  for (const node of nodes) {
    if (node.kind !== 'rbm') continue;
    const units = layout.byId.get(node.id)!;
    blocks.push({ ...block(rbmInternalKey(node.id), units.visible, units.hidden, false), nodeId: node.id, ...(node.weightInit ? { init: node.weightInit } : {}) });
  }
  for (const edge of couplings) {
    const rows = layout.byId.get(edge.source)!.range;
    const cols = layout.byId.get(edge.target)!.range;
    blocks.push({ ...block(edge.id, rows, cols, edge.source === edge.target), edgeId: edge.id, ...(edge.weightInit ? { init: edge.weightInit } : {}) });
  }
  return blocks;
}

/** Blocks of a belief network: one per parent link, rows = parent units, cols = child units. */
export function beliefWeightBlocks(links: DiagramEdge[], layout: UnitLayout): WeightBlock[] {
  return links.map((edge) => ({
    ...block(edge.id, layout.byId.get(edge.source)!.range, layout.byId.get(edge.target)!.range, false),
    edgeId: edge.id,
    ...(edge.weightInit ? { init: edge.weightInit } : {}),
  }));
}

/** Whether every unit of the range is visible, every unit hidden, or the range mixes both. */
function rangeRole(range: IndexRange, layout: UnitLayout): 'visible' | 'hidden' | 'mixed' {
  const owner = layout.nodes.find((n) => n.range.start <= range.start && range.end <= n.range.end);
  if (!owner) return 'mixed';
  const inVisible = Math.max(0, Math.min(range.end, owner.visible.end) - Math.max(range.start, owner.visible.start));
  if (inVisible === rangeLength(range)) return 'visible';
  return inVisible === 0 ? 'hidden' : 'mixed';
}

/**
 * hopfield: no hidden units. rbm: at least one block, and every block joins an all-visible range to an
 * all-hidden range (so no visible–visible, hidden–hidden or lateral weights, a lateral block joining a range to itself).
 * boltzmann: anything else.
 */
export function energyFamily(blocks: WeightBlock[], layout: UnitLayout): EnergyFamily {
  if (layout.hiddenIndices.length === 0) return 'hopfield';
  const bipartite = blocks.every((b) => {
    const rows = rangeRole(b.rows, layout);
    const cols = rangeRole(b.cols, layout);
    return rows !== 'mixed' && cols !== 'mixed' && rows !== cols;
  });
  return blocks.length > 0 && bipartite ? 'rbm' : 'boltzmann';
}
