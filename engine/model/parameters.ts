import type { CompiledModel, WeightBlock } from '../compiler/types';
import { rbmInternalKey } from '../diagram/vocabulary';
import { nodeUnitCount, type Diagram, type DiagramParameters, type ParameterBlock } from '../diagram/types';
import { createRandom } from '../random/seeded';

/** A model's numbers: weight blocks keyed by WeightBlock.key (row-major [rows, cols]), biases keyed by node id. */
export interface ModelParameters {
  weights: Record<string, Float32Array>;
  biases: Record<string, Float32Array>;
}

/** Standard deviation of initial weights unless an algorithm says otherwise. */
export const DEFAULT_INIT_SCALE = 0.1;

const blockLength = (block: WeightBlock): number => block.shape[0] * block.shape[1];

/** The parameter values the compiled diagram carried, or undefined when it carried none (blocks without values are left out). */
export function parametersFromModel(model: CompiledModel): ModelParameters | undefined {
  const params: ModelParameters = { weights: {}, biases: {} };
  let any = false;
  for (const block of model.weightBlocks) {
    if (block.values === undefined) continue;
    params.weights[block.key] = Float32Array.from(block.values);
    any = true;
  }
  for (const bias of model.biasBlocks) {
    if (bias.values === undefined) continue;
    params.biases[bias.nodeId] = Float32Array.from(bias.values);
    any = true;
  }
  return any ? params : undefined;
}

/**
 * Weights ~ N(0, scale²) (lateral blocks symmetric, zero diagonal), biases 0, unless a block names its own start
 * (WeightBlock.init, BiasBlock.init: zero, a constant, or N(0, s²)); each block drawn from its own fork of `seed`.
 */
export function initialParameters(model: CompiledModel, seed: number, scale: number = DEFAULT_INIT_SCALE): ModelParameters {
  const root = createRandom(seed);
  const params: ModelParameters = { weights: {}, biases: {} };
  for (const block of model.weightBlocks) {
    const init = block.init ?? { kind: 'normal', scale };
    const random = root.fork(block.key);
    const draw = () => (init.kind === 'normal' ? init.scale * random.normal() : init.kind === 'constant' ? init.value : 0);
    const [rows, cols] = block.shape;
    const values = new Float32Array(rows * cols);
    if (block.lateral) {
      for (let i = 0; i < rows; i++) {
        for (let j = i + 1; j < cols; j++) {
          const w = draw();
          values[i * cols + j] = w;
          values[j * cols + i] = w;
        }
      }
    } else {
      for (let k = 0; k < values.length; k++) values[k] = draw();
    }
    params.weights[block.key] = values;
  }
  for (const bias of model.biasBlocks) {
    const values = new Float32Array(bias.range.end - bias.range.start);
    const init = bias.init;
    if (init?.kind === 'constant') values.fill(init.value);
    if (init?.kind === 'normal') {
      const random = root.fork(`bias:${bias.nodeId}`);
      for (let k = 0; k < values.length; k++) values[k] = init.scale * random.normal();
    }
    params.biases[bias.nodeId] = values;
  }
  return params;
}

/**
 * `partial` checked against the model's block sizes, missing blocks filled from initialParameters(model, seed, scale).
 * Throws an Error naming the block whose length is wrong.
 */
export function completeParameters(
  model: CompiledModel,
  partial: ModelParameters | undefined,
  seed: number,
  scale: number = DEFAULT_INIT_SCALE,
): ModelParameters {
  const fresh = initialParameters(model, seed, scale);
  if (partial === undefined) return fresh;
  for (const block of model.weightBlocks) {
    const given = partial.weights[block.key];
    if (given === undefined) continue;
    if (given.length !== blockLength(block)) {
      throw new Error(`Weights '${block.key}' have ${given.length} values but the block is ${block.shape[0]}×${block.shape[1]}`);
    }
    fresh.weights[block.key] = Float32Array.from(given);
  }
  for (const bias of model.biasBlocks) {
    const given = partial.biases[bias.nodeId];
    if (given === undefined) continue;
    const expected = bias.range.end - bias.range.start;
    if (given.length !== expected) throw new Error(`Biases of '${bias.nodeId}' have ${given.length} values but the node has ${expected} units`);
    fresh.biases[bias.nodeId] = Float32Array.from(given);
  }
  return fresh;
}

/** A deep copy (plain data, safe to hand to a caller while training continues). */
export function cloneParameters(params: ModelParameters): ModelParameters {
  const copy = (record: Record<string, Float32Array>): Record<string, Float32Array> =>
    Object.fromEntries(Object.entries(record).map(([key, values]) => [key, Float32Array.from(values)]));
  return { weights: copy(params.weights), biases: copy(params.biases) };
}

/** Shape of the weight block `key` in `diagram`: [source units, target units] for an edge, [visible, hidden] for an RBM block. */
function weightShape(diagram: Diagram, key: string): number[] | undefined {
  const edge = diagram.edges.find((e) => e.id === key);
  if (edge !== undefined) {
    const source = diagram.nodes.find((n) => n.id === edge.source);
    const target = diagram.nodes.find((n) => n.id === edge.target);
    return source && target ? [nodeUnitCount(source), nodeUnitCount(target)] : undefined;
  }
  const rbm = diagram.nodes.find((n) => n.kind === 'rbm' && rbmInternalKey(n.id) === key);
  return rbm?.kind === 'rbm' ? [rbm.visibleSize, rbm.hiddenSize] : undefined;
}

const toBlock = (shape: number[], values: Float32Array): ParameterBlock => ({ shape, values: Array.from(values) });

/**
 * The diagram with `params` written into its DiagramParameters (existing entries kept unless overwritten);
 * entries whose key or size no longer matches the diagram (edited while training ran) are dropped.
 */
export function diagramWithParameters(diagram: Diagram, params: ModelParameters): Diagram {
  const parameters: DiagramParameters = {
    weights: { ...(diagram.parameters?.weights ?? {}) },
    biases: { ...(diagram.parameters?.biases ?? {}) },
  };
  for (const [key, values] of Object.entries(params.weights)) {
    const shape = weightShape(diagram, key);
    if (shape !== undefined && shape[0] * shape[1] === values.length) parameters.weights[key] = toBlock(shape, values);
  }
  for (const [key, values] of Object.entries(params.biases)) {
    const node = diagram.nodes.find((n) => n.id === key);
    if (node !== undefined && nodeUnitCount(node) === values.length) parameters.biases[key] = toBlock([values.length], values);
  }
  return { ...diagram, parameters };
}
