import type { EdgeId, NodeId } from '../diagram/ids';
import { nodeUnitCount, type Diagram, type DiagramEdge, type DiagramNode } from '../diagram/types';
import { diagnostic, edgeName, formatCount } from './diagnostics';
import { assignUnits, countUnits } from './layout';
import { attachCarriedValues, checkCarriedParameters } from './parameters';
import { checkStructure, type StructureCheck } from './structure';
import { findCycles, longestPathDepths } from './topology';
import {
  COMPILE_LIMITS,
  type BiasBlock,
  type CompiledModel,
  type CompileResult,
  type Diagnostic,
  type WeightBlock,
} from './types';
import { beliefWeightBlocks, energyFamily, energyWeightBlocks, freeWeights } from './weights';

/**
 * Compiles a diagram into an energy model (couplings; Hopfield / RBM / Boltzmann) or a sigmoid belief network
 * (parent links). Pure: returns every diagnostic found, or the model plus warnings. A parent link from a node to
 * itself is reported as 'self-parent-link', never as a cycle.
 */
export function compile(diagram: Diagram): CompileResult {
  const structure = checkStructure(diagram);
  const diagnostics = [...structure.diagnostics];

  const unitCount = countUnits(diagram.nodes);
  if (unitCount > COMPILE_LIMITS.maxUnits) {
    diagnostics.push(
      diagnostic(
        'size-limit',
        `The diagram has ${formatCount(unitCount)} units, more than the limit of ${formatCount(COMPILE_LIMITS.maxUnits)}: make the largest layers smaller.`,
        { nodeIds: largestNodes(diagram) },
      ),
    );
    return { ok: false, diagnostics };
  }
  if (diagram.nodes.length === 0) return { ok: false, diagnostics };

  const layout = assignUnits(diagram.nodes);
  const weightBlocks =
    structure.mode === 'energy'
      ? energyWeightBlocks(diagram.nodes, structure.edges, layout)
      : beliefWeightBlocks(structure.edges, layout);
  const biasInit = new Map(diagram.nodes.map((n) => [n.id, n.biasInit]));
  const biasBlocks: BiasBlock[] = layout.nodes.map((n) => {
    const init = biasInit.get(n.nodeId);
    return init ? { nodeId: n.nodeId, range: n.range, init } : { nodeId: n.nodeId, range: n.range };
  });
  const connectionCount = weightBlocks.reduce((sum, b) => sum + freeWeights(b), 0);
  const parameterCount = connectionCount + unitCount;

  if (parameterCount > COMPILE_LIMITS.maxParameters) {
    diagnostics.push(
      diagnostic(
        'size-limit',
        `The model would have ${formatCount(parameterCount)} parameters, more than the limit of ${formatCount(COMPILE_LIMITS.maxParameters)}: ` +
          `make the largest layers smaller or remove couplings.`,
        { nodeIds: largestNodes(diagram), edgeIds: largestBlocks(weightBlocks) },
      ),
    );
  }
  const order = structure.mode === 'belief' ? beliefOrder(diagram, structure, diagnostics) : undefined;
  diagnostics.push(...checkCarriedParameters(diagram, weightBlocks, biasBlocks));

  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) return { ok: false, diagnostics };
  const warnings = diagnostics.filter((d) => d.severity === 'warning');

  attachCarriedValues(diagram.parameters, weightBlocks, biasBlocks);
  const base = {
    encoding: diagram.settings.encoding,
    unitCount,
    nodes: layout.nodes,
    visibleIndices: layout.visibleIndices,
    hiddenIndices: layout.hiddenIndices,
    weightBlocks,
    biasBlocks,
    parameterCount,
    connectionCount,
  };
  const model: CompiledModel = order
    ? { type: 'belief', ...base, topologicalOrder: order.topologicalOrder, layers: order.layers }
    : { type: 'energy', ...base, family: energyFamily(weightBlocks, layout) };
  return { ok: true, model, warnings };
}

/** Topological order (by depth, then diagram order) and depth layers; undefined with a diagnostic per directed cycle. */
function beliefOrder(
  diagram: Diagram,
  structure: StructureCheck,
  diagnostics: Diagnostic[],
): { topologicalOrder: NodeId[]; layers: NodeId[][] } | undefined {
  const nodeIds = [...structure.nodesById.keys()];
  const links: DiagramEdge[] = structure.edges;
  const cycles = findCycles(nodeIds, links);
  for (const cycle of cycles) {
    const names = [...cycle.nodeIds, cycle.nodeIds[0]].map((id) => structure.nodesById.get(id)?.label.trim() || id);
    diagnostics.push(
      diagnostic(
        'directed-cycle',
        `Parent links form a cycle: ${names.join(' → ')}. A sigmoid belief network must be acyclic: ` +
          `reverse or delete one of the links ${cycleLinkNames(cycle.edgeIds, links, structure.nodesById)}.`,
        { nodeIds: cycle.nodeIds, edgeIds: cycle.edgeIds },
      ),
    );
  }
  if (cycles.length > 0) return undefined;
  const depth = longestPathDepths(nodeIds, links);
  const layers: NodeId[][] = [];
  for (const node of diagram.nodes) {
    const d = depth.get(node.id);
    if (d === undefined) continue;
    (layers[d] ??= []).push(node.id);
    depth.delete(node.id);
  }
  return { topologicalOrder: layers.flat(), layers };
}

/** The links of a cycle named by their ends' labels ("A → B", "B → C"), in cycle order. */
function cycleLinkNames(edgeIds: readonly EdgeId[], links: readonly DiagramEdge[], nodesById: ReadonlyMap<string, DiagramNode>): string {
  const byId = new Map(links.map((e) => [e.id as string, e]));
  return edgeIds.map((id) => (byId.has(id) ? edgeName(byId.get(id)!, nodesById) : `"${id}"`)).join(', ');
}

/** Nodes holding at least a tenth of all units, to highlight for a size-limit diagnostic. */
function largestNodes(diagram: Diagram): NodeId[] {
  const sizes = diagram.nodes.map(nodeUnitCount);
  const total = sizes.reduce((a, b) => a + b, 0);
  return diagram.nodes.filter((_, i) => sizes[i] * 10 >= total).map((n) => n.id);
}

/** Edges of the blocks holding at least a tenth of all weights. */
function largestBlocks(blocks: WeightBlock[]): EdgeId[] {
  const total = blocks.reduce((sum, b) => sum + freeWeights(b), 0);
  return blocks.filter((b) => b.edgeId && freeWeights(b) * 10 >= total).map((b) => b.edgeId!);
}
