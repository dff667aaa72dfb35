import { compile } from '../compiler/compile';
import type { BeliefNetSpec } from '../compiler/types';
import { diagramId, edgeId, nodeId } from '../diagram/ids';
import type { Diagram, DiagramEdge, DiagramNode } from '../diagram/types';
import type { ModelParameters } from '../model/parameters';
import { createRandom, type SeededRandom } from '../random/seeded';
import { beliefNetwork, beliefStructure, type BeliefNetwork, type BeliefNetworkBatch } from './network';

/** Options of the random-network generators. */
export interface RandomNetworkArgs {
  /** Weights and biases are drawn uniformly from (−scale, scale); default 1 (Bishop et al. §3). */
  scale?: number;
}

/** Options of the layered generators. */
export interface LayeredNetworkArgs extends RandomNetworkArgs {
  /** Indices of the layers whose units are visible; default the last (bottom) layer only. */
  visibleLayers?: number[];
}

const uniform = (random: SeededRandom, scale: number): number => scale * (2 * random.next() - 1);

const compileBelief = (diagram: Diagram): BeliefNetSpec => {
  const result = compile(diagram);
  if (!result.ok) throw new Error(`Belief network diagram does not compile: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  if (result.model.type !== 'belief') throw new Error('Expected a belief network');
  return result.model;
};

/** A layered 0/1 belief-network diagram: nodes `layer0` (top) … `layerL`, parent links `link{l}` from layer l to layer l + 1. */
export function layeredBeliefDiagram(sizes: number[], visibleLayers: number[] = [sizes.length - 1]): Diagram {
  if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new Error(`Layer sizes must be positive integers, got [${sizes.join(', ')}] (a belief network needs at least two layers)`);
  }
  const nodes: DiagramNode[] = sizes.map((size, l) => ({
    id: nodeId(`layer${l}`),
    kind: 'layer',
    label: `Layer ${l}`,
    position: { x: 0, y: 100 * l },
    role: visibleLayers.includes(l) ? 'visible' : 'hidden',
    size,
  }));
  const edges: DiagramEdge[] = sizes.slice(1).map((_, l) => ({
    id: edgeId(`link${l}`),
    kind: 'parent',
    source: nodeId(`layer${l}`),
    target: nodeId(`layer${l + 1}`),
  }));
  return { format: 'attractor-diagram', version: 1, id: diagramId(`sbn-${sizes.join('-')}`), name: `${sizes.join('-')} belief network`, settings: { encoding: 'binary01' }, nodes, edges };
}

/** The compiled layered network of layeredBeliefDiagram (e.g. [2, 4, 6] for Bishop et al.'s 2-4-6 network). */
export function layeredBeliefSpec(sizes: number[], visibleLayers?: number[]): BeliefNetSpec {
  return compileBelief(layeredBeliefDiagram(sizes, visibleLayers));
}

/** Every weight and bias uniform in (−scale, scale) (Bishop et al. §3), each block from its own fork of `seed`. */
export function randomBeliefParameters(model: BeliefNetSpec, seed: number, args: RandomNetworkArgs = {}): ModelParameters {
  const scale = args.scale ?? 1;
  const root = createRandom(seed);
  const params: ModelParameters = { weights: {}, biases: {} };
  for (const block of model.weightBlocks) {
    const random = root.fork(`w:${block.key}`);
    params.weights[block.key] = Float32Array.from({ length: block.shape[0] * block.shape[1] }, () => uniform(random, scale));
  }
  for (const bias of model.biasBlocks) {
    const random = root.fork(`b:${bias.nodeId}`);
    params.biases[bias.nodeId] = Float32Array.from({ length: bias.range.end - bias.range.start }, () => uniform(random, scale));
  }
  return params;
}

/** A layered network (layers fully linked top-down) with weights and biases uniform in (−scale, scale). */
export function randomLayeredNetwork(sizes: number[], seed: number, args: LayeredNetworkArgs = {}): BeliefNetwork {
  const model = layeredBeliefSpec(sizes, args.visibleLayers);
  return beliefNetwork(model, randomBeliefParameters(model, seed, args));
}

/** K layered networks of one shape, weights (on links) and biases uniform in (−scale, scale); network k draws from fork `k` of `seed`. */
export function randomLayeredBatch(sizes: number[], count: number, seed: number, args: LayeredNetworkArgs = {}): BeliefNetworkBatch {
  if (!Number.isInteger(count) || count < 1) throw new Error(`Network count must be a positive integer, got ${count}`);
  const structure = beliefStructure(layeredBeliefSpec(sizes, args.visibleLayers));
  const scale = args.scale ?? 1;
  const n = structure.unitCount;
  const weights = new Float32Array(count * n * n);
  const biases = new Float32Array(count * n);
  const root = createRandom(seed);
  for (let k = 0; k < count; k++) {
    const random = root.fork(`${k}`);
    for (let e = 0; e < n * n; e++) if (structure.linkMask[e] !== 0) weights[k * n * n + e] = uniform(random, scale);
    for (let i = 0; i < n; i++) biases[k * n + i] = uniform(random, scale);
  }
  return { ...structure, networkCount: count, weights, biases };
}

/** Options of randomDagNetwork. */
export interface RandomDagArgs extends RandomNetworkArgs {
  /** Probability of a link j → i for each pair j < i (in a random unit order); default 0.5. */
  linkProbability?: number;
}

/**
 * A network of `unitCount` single-unit nodes with random parent links (an acyclic graph of varied shape) and
 * `visibleCount` visible units chosen at random; weights and biases uniform in (−scale, scale). Returns spec and network.
 */
export function randomDagNetwork(
  unitCount: number,
  visibleCount: number,
  seed: number,
  args: RandomDagArgs = {},
): { model: BeliefNetSpec; network: BeliefNetwork } {
  if (!Number.isInteger(unitCount) || unitCount < 2) throw new Error(`A random belief network needs at least 2 units, got ${unitCount}`);
  if (!Number.isInteger(visibleCount) || visibleCount < 1 || visibleCount > unitCount) {
    throw new Error(`Visible count must lie in 1…${unitCount}, got ${visibleCount}`);
  }
  const random = createRandom(seed).fork('structure');
  const p = args.linkProbability ?? 0.5;
  const rank = shuffled(unitCount, random);
  const visible = new Set(shuffled(unitCount, random).slice(0, visibleCount));
  const nodes: DiagramNode[] = Array.from({ length: unitCount }, (_, u) => ({
    id: nodeId(`u${u}`),
    kind: 'unit',
    label: `u${u}`,
    position: { x: 0, y: 0 },
    role: visible.has(u) ? 'visible' : 'hidden',
  }));
  const edges: DiagramEdge[] = [];
  for (let a = 0; a < unitCount; a++) {
    for (let b = 0; b < unitCount; b++) {
      if (rank[a] < rank[b] && random.next() < p) edges.push({ id: edgeId(`p${a}-${b}`), kind: 'parent', source: nodeId(`u${a}`), target: nodeId(`u${b}`) });
    }
  }
  if (edges.length === 0) {
    const [a, b] = [rank.indexOf(0), rank.indexOf(1)];
    edges.push({ id: edgeId(`p${a}-${b}`), kind: 'parent', source: nodeId(`u${a}`), target: nodeId(`u${b}`) });
  }
  const diagram: Diagram = { format: 'attractor-diagram', version: 1, id: diagramId('random-dag'), name: 'random DAG', settings: { encoding: 'binary01' }, nodes, edges };
  const model = compileBelief(diagram);
  return { model, network: beliefNetwork(model, randomBeliefParameters(model, seed, args)) };
}

function shuffled(n: number, random: SeededRandom): number[] {
  const items = Array.from({ length: n }, (_, k) => k);
  for (let k = n - 1; k > 0; k--) {
    const m = random.int(k + 1);
    [items[k], items[m]] = [items[m], items[k]];
  }
  return items;
}
