/**
 * A stack of RBMs (a deep belief net's layers, Hinton, Osindero & Teh 2006): layers visible → H1 → H2 … coupled only one
 * to the next, read from an energy model so that each adjacent pair can be trained and sampled as an RBM of its own.
 */
import type { BiasBlock, CompiledModel, EnergyModelSpec, IndexRange, NodeUnits, WeightBlock } from '../../compiler/types';
import type { ModelParameters } from '../../model/parameters';
import { rbmView, type RbmView } from './view';

/** The layers of a stack bottom up (layers[0] the visible one) and the RBM joining each adjacent pair. */
export interface LayerStack {
  /** Visible layer first, then H1, H2, …, each one diagram node. */
  layers: NodeUnits[];
  /** rbms[l] joins layers[l] (its visible units) to layers[l + 1] (its hidden units): an RBM-structured sub-model. */
  rbms: EnergyModelSpec[];
}

const sameRange = (a: IndexRange, b: IndexRange): boolean => a.start === b.start && a.end === b.end;
const unitsOf = (range: IndexRange): number[] => Array.from({ length: range.end - range.start }, (_, k) => range.start + k);
const size = (range: IndexRange): number => range.end - range.start;

/** The RBM between `lower` and `upper` as a sub-model of `model`: same unit numbering, only their block and biases. */
function pairModel(model: EnergyModelSpec, lower: NodeUnits, upper: NodeUnits, block: WeightBlock): EnergyModelSpec {
  const biasBlocks = model.biasBlocks.filter((b: BiasBlock) => b.nodeId === lower.nodeId || b.nodeId === upper.nodeId);
  return {
    ...model,
    family: 'rbm',
    nodes: [lower, upper],
    visibleIndices: unitsOf(lower.range),
    hiddenIndices: unitsOf(upper.range),
    weightBlocks: [block],
    biasBlocks,
    parameterCount: block.shape[0] * block.shape[1] + biasBlocks.reduce((s, b) => s + size(b.range), 0),
    connectionCount: block.shape[0] * block.shape[1],
  };
}

/** The stack of `model`, or a sentence saying why it is not one (and what to change). */
export function layerStack(model: CompiledModel): LayerStack | string {
  if (model.type !== 'energy') return 'A deep belief net is a stack of RBMs (couplings); this is a sigmoid belief network: train it with its own algorithms.';
  const layers = model.nodes.filter((n) => size(n.range) > 0);
  const mixed = layers.find((n) => size(n.visible) > 0 && size(n.hidden) > 0);
  if (mixed) return `'${mixed.label}' holds visible and hidden units; build the stack from layers (visible at the bottom, then hidden layers), each coupled to the next.`;
  const visible = layers.filter((n) => size(n.visible) > 0);
  if (visible.length !== 1) return `A deep belief net has one visible layer at the bottom; this model has ${visible.length} (${visible.map((n) => n.label).join(', ') || 'none'}).`;
  const owner = (range: IndexRange): NodeUnits | undefined => layers.find((n) => sameRange(n.range, range));
  const neighbours = new Map<NodeUnits, { node: NodeUnits; block: WeightBlock }[]>(layers.map((n) => [n, []]));
  for (const block of model.weightBlocks) {
    const rows = owner(block.rows);
    const cols = owner(block.cols);
    if (block.lateral || rows === cols) return `Weights '${block.key}' couple units within one layer${rows ? ` ('${rows.label}')` : ''}; a stack of RBMs couples only adjacent layers: delete them.`;
    if (!rows || !cols) return `Weights '${block.key}' do not join two whole layers; couple each layer to the next as a whole.`;
    neighbours.get(rows)!.push({ node: cols, block });
    neighbours.get(cols)!.push({ node: rows, block });
  }
  const branching = layers.find((n) => neighbours.get(n)!.length > (n === visible[0] ? 1 : 2));
  if (branching) return `'${branching.label}' is coupled to ${neighbours.get(branching)!.length} layers; a stack couples each layer only to the one below and the one above (the visible layer only to H1).`;
  const order = [visible[0]];
  const blocks: WeightBlock[] = [];
  for (;;) {
    const next = neighbours.get(order[order.length - 1])!.find((e) => !order.includes(e.node));
    if (!next) break;
    order.push(next.node);
    blocks.push(next.block);
  }
  const loose = layers.find((n) => !order.includes(n));
  if (loose) return `'${loose.label}' is not part of the chain visible → H1 → H2 …; couple it to the top layer or delete it.`;
  if (order.length < 3) return `A deep belief net needs at least two hidden layers (visible → H1 → H2); this has ${order.length - 1}: train a single RBM with CD or PCD.`;
  return { layers: order, rbms: blocks.map((block, l) => pairModel(model, order[l], order[l + 1], block)) };
}

/** Undefined when `model` is a stack of RBMs with at least two hidden layers, else the reason it is not. */
export function stackProblem(model: CompiledModel): string | undefined {
  const stack = layerStack(model);
  return typeof stack === 'string' ? stack : undefined;
}

/** The stack of `model`, or an Error saying why it is not one. */
export function requireStack(model: CompiledModel): LayerStack {
  const stack = layerStack(model);
  if (typeof stack === 'string') throw new Error(stack);
  return stack;
}

/**
 * The generative RBMs of a stack under `params`: rbm l's W from its block, its visible bias the bias of layer l and its
 * hidden bias that of layer l + 1 — for the top RBM both undirected biases, for the lower ones the bias of the down pass.
 */
export function stackViews(stack: LayerStack, params: ModelParameters): RbmView[] {
  return stack.rbms.map((rbm) => rbmView(rbm, params));
}
