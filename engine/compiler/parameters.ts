import type { Diagram, DiagramParameters, ParameterBlock } from '../diagram/types';
import { rbmInternalKey } from '../diagram/vocabulary';
import { diagnostic, edgeName, nodeName } from './diagnostics';
import type { BiasBlock, Diagnostic, WeightBlock } from './types';

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** First (i, j) with w_ij ≠ w_ji in float32, for a row-major n×n block; undefined when symmetric. */
function firstAsymmetry(values: readonly number[], n: number): [number, number] | undefined {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (Math.fround(values[i * n + j]) !== Math.fround(values[j * n + i])) return [i, j];
    }
  }
  return undefined;
}

/** A carried block matches when its shape is the expected one and it holds Π shape values. */
function shapeProblem(carried: ParameterBlock, expected: readonly number[]): string | undefined {
  if (!sameShape(carried.shape, expected)) return `have shape ${shapeText(carried.shape)} but the model needs ${shapeText(expected)}`;
  const count = expected.reduce((a, b) => a * b, 1);
  if (carried.values.length !== count) return `hold ${carried.values.length} numbers but shape ${shapeText(expected)} needs ${count}`;
  return undefined;
}

/** record[key] only when it is the record's own entry (ids like "constructor" must not reach the prototype). */
function own(record: Record<string, ParameterBlock>, key: string): ParameterBlock | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

const FIX = 're-initialise the parameters (the diagram changed since they were trained) or correct them';

/**
 * Checks parameters the diagram carries against the compiled blocks: shapes, symmetric lateral blocks (errors),
 * and parameters for edges or nodes the diagram does not have (warnings; they are ignored).
 */
export function checkCarriedParameters(diagram: Diagram, weightBlocks: WeightBlock[], biasBlocks: BiasBlock[]): Diagnostic[] {
  const params = diagram.parameters;
  if (!params) return [];
  const found: Diagnostic[] = [];
  const edgesById = new Map(diagram.edges.map((e) => [e.id as string, e]));
  const nodesById = new Map(diagram.nodes.map((n) => [n.id as string, n]));

  for (const block of weightBlocks) {
    const carried = own(params.weights, block.key);
    if (!carried) continue;
    const edge = block.edgeId ? edgesById.get(block.edgeId) : undefined;
    const nodeIds = edge ? [...new Set([edge.source, edge.target])] : block.nodeId ? [block.nodeId] : [];
    const at = { edgeIds: block.edgeId ? [block.edgeId] : [], nodeIds };
    const what = edge
      ? `The weights of the ${edge.kind === 'parent' ? 'parent link' : 'coupling'} ${edgeName(edge, nodesById)}`
      : `The internal weights of RBM block ${nodeName(block.nodeId ? nodesById.get(block.nodeId) : undefined, block.nodeId ?? block.key)}`;
    const problem = shapeProblem(carried, block.shape);
    if (problem) {
      found.push(diagnostic('parameter-shape', `${what} ${problem}: ${FIX}.`, at));
      continue;
    }
    const asymmetric = block.lateral ? firstAsymmetry(carried.values, block.shape[0]) : undefined;
    if (asymmetric) {
      const [i, j] = asymmetric;
      found.push(
        diagnostic(
          'parameter-shape',
          `${what} form a lateral block that must be symmetric, but w[${i}][${j}] = ${carried.values[i * block.shape[0] + j]} ` +
            `differs from w[${j}][${i}] = ${carried.values[j * block.shape[0] + i]}: make the block symmetric or ${FIX}.`,
          at,
        ),
      );
    }
  }

  for (const block of biasBlocks) {
    const carried = own(params.biases, block.nodeId);
    if (!carried) continue;
    const problem = shapeProblem(carried, [block.range.end - block.range.start]);
    if (problem) found.push(diagnostic('parameter-shape', `The biases of node ${nodeName(nodesById.get(block.nodeId), block.nodeId)} ${problem}: ${FIX}.`, { nodeIds: [block.nodeId] }));
  }

  found.push(...unknownParameterWarnings(diagram, params));
  return found;
}

function unknownParameterWarnings(diagram: Diagram, params: DiagramParameters): Diagnostic[] {
  const weightKeys = new Set<string>(diagram.edges.map((e) => e.id));
  for (const node of diagram.nodes) if (node.kind === 'rbm') weightKeys.add(rbmInternalKey(node.id));
  const nodeIds = new Set<string>(diagram.nodes.map((n) => n.id));
  const warnings: Diagnostic[] = [];
  const warn = (message: string) => warnings.push(diagnostic('parameter-shape', message, {}, 'warning'));
  for (const key of Object.keys(params.weights)) {
    if (!weightKeys.has(key)) warn(`Carried weights "${key}" belong to no edge or RBM block of this diagram and are ignored; delete them or re-train.`);
  }
  for (const key of Object.keys(params.biases)) {
    if (!nodeIds.has(key)) warn(`Carried biases "${key}" belong to no node of this diagram and are ignored; delete them or re-train.`);
  }
  return warnings;
}

/** Copies carried values (already checked) into the blocks as Float32Array. */
export function attachCarriedValues(params: DiagramParameters | undefined, weightBlocks: WeightBlock[], biasBlocks: BiasBlock[]): void {
  if (!params) return;
  for (const block of weightBlocks) {
    const carried = own(params.weights, block.key);
    if (carried) block.values = Float32Array.from(carried.values);
  }
  for (const block of biasBlocks) {
    const carried = own(params.biases, block.nodeId);
    if (carried) block.values = Float32Array.from(carried.values);
  }
}
