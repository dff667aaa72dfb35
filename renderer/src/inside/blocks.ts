import type { CompiledModel, IndexRange, NodeUnits, WeightBlock } from '../../../engine/compiler/types';
import type { Diagram } from '../../../engine/diagram/types';

/** A weight block as the inside view offers it: its key, a "source → target" title and its shape. */
export interface BlockOption {
  key: string;
  /** "Visible — Hidden", "Top → Bottom", "RBM internal (v × h)", "Layer lateral". */
  title: string;
  shape: [number, number];
  lateral: boolean;
}

/** The diagram node whose units contain the whole range (an RBM block for its visible or hidden sub-range). */
export function nodeOfRange(model: CompiledModel, range: IndexRange): NodeUnits | undefined {
  return model.nodes.find((n) => n.range.start <= range.start && range.end <= n.range.end);
}

/** Every weight block of the compiled model, named by its diagram edge (coupling —, parent link →) or RBM node. */
export function blockOptions(model: CompiledModel, diagram: Diagram): BlockOption[] {
  const labelOf = (range: IndexRange) => nodeOfRange(model, range)?.label ?? '?';
  return model.weightBlocks.map((block) => {
    const edge = block.edgeId ? diagram.edges.find((e) => e.id === block.edgeId) : undefined;
    const rows = labelOf(block.rows);
    const cols = labelOf(block.cols);
    let title: string;
    if (!block.edgeId) title = `${rows} internal (visible × hidden)`;
    else if (block.lateral) title = `${rows} lateral`;
    else title = `${rows} ${edge?.kind === 'parent' ? '→' : '—'} ${cols}`;
    return { key: block.key, title, shape: block.shape, lateral: block.lateral };
  });
}

/** The free weights of a block: every entry, or for a lateral block each pair i < j once (the diagonal is unused). */
export function freeWeights(block: WeightBlock): Float32Array {
  const values = block.values ?? new Float32Array();
  if (!block.lateral) return values;
  const n = block.shape[0];
  const out = new Float32Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out[k++] = values[i * n + j];
  return out;
}

/** All biases of the model in unit order, with the node each belongs to. */
export function allBiases(model: CompiledModel): Float32Array {
  const out = new Float32Array(model.unitCount);
  for (const bias of model.biasBlocks) if (bias.values) out.set(bias.values, bias.range.start);
  return out;
}
