import type { EdgeId, NodeId } from '../diagram/ids';
import type { Diagram, DiagramEdge, DiagramNode } from '../diagram/types';
import { diagnostic, edgeName, listWords, nodeName, plural } from './diagnostics';
import type { Diagnostic } from './types';

/** What the graph checks found, and the edges left to compile. */
export interface StructureCheck {
  diagnostics: Diagnostic[];
  /** Energy model (couplings) or belief network (parent links): the majority edge kind; ties go to energy. */
  mode: 'energy' | 'belief';
  /** Edges of the mode's kind with both endpoints present, no refused self-links, first of each duplicate group. */
  edges: DiagramEdge[];
  nodesById: Map<NodeId, DiagramNode>;
}

/** Graph-level checks that need no unit indices: empty, dangling, empty layers, mixed kinds, self-links, duplicates, roles. */
export function checkStructure(diagram: Diagram): StructureCheck {
  const diagnostics: Diagnostic[] = [];
  const nodesById = new Map<NodeId, DiagramNode>();
  for (const node of diagram.nodes) if (!nodesById.has(node.id)) nodesById.set(node.id, node);
  const name = (id: NodeId) => nodeName(nodesById.get(id), id);
  const edgeNames = (edges: DiagramEdge[]) => edges.map((e) => edgeName(e, nodesById)).join(', ');

  if (diagram.nodes.length === 0) {
    diagnostics.push(diagnostic('empty-diagram', 'The diagram is empty: add a unit, a layer or an RBM block, with at least one visible unit.'));
  }

  const attached: DiagramEdge[] = [];
  for (const edge of diagram.edges) {
    const missing = [edge.source, edge.target].filter((id, i, ends) => !nodesById.has(id) && ends.indexOf(id) === i);
    if (missing.length === 0) {
      attached.push(edge);
      continue;
    }
    const ends = listWords(missing.map((id) => `"${id}"`));
    diagnostics.push(
      diagnostic(
        'dangling-edge',
        `${edge.kind === 'parent' ? 'Parent link' : 'Coupling'} ${edgeName(edge, nodesById)} connects to ${ends}, which ${missing.length === 1 ? 'is' : 'are'} not in the diagram: delete the edge or reconnect it.`,
        { nodeIds: [edge.source, edge.target].filter((id) => nodesById.has(id)), edgeIds: [edge.id] },
      ),
    );
  }

  for (const node of diagram.nodes) {
    const empty =
      node.kind === 'layer' ? node.size === 0 : node.kind === 'rbm' ? node.visibleSize === 0 || node.hiddenSize === 0 : false;
    if (!empty) continue;
    const what = node.kind === 'layer' ? 'Layer' : 'RBM block';
    const part = node.kind === 'rbm' ? (node.visibleSize === 0 ? 'visible part' : 'hidden part') : 'size';
    diagnostics.push(
      diagnostic('empty-layer', `${what} ${name(node.id)} has no units (${part} is 0): give it at least one unit or delete it.`, {
        nodeIds: [node.id],
      }),
    );
  }

  const couplings = attached.filter((e) => e.kind === 'coupling');
  const parents = attached.filter((e) => e.kind === 'parent');
  const mode = parents.length > couplings.length ? 'belief' : 'energy';
  if (couplings.length > 0 && parents.length > 0) {
    const minority = mode === 'energy' ? parents : couplings;
    const [minorityKind, majorityKind] = mode === 'energy' ? ['parent link', 'coupling'] : ['coupling', 'parent link'];
    diagnostics.push(
      diagnostic(
        'mixed-edge-kinds',
        `The diagram mixes ${plural(couplings.length, 'coupling')} with ${plural(parents.length, 'parent link')}. ` +
          `A model is either an energy model (couplings only) or a sigmoid belief network (parent links only): ` +
          `delete the ${plural(minority.length, minorityKind)} ${edgeNames(minority)} or turn ${minority.length === 1 ? 'it' : 'them'} into ${majorityKind}s.`,
        { edgeIds: minority.map((e) => e.id) },
      ),
    );
  }

  const keptCouplings = checkCouplings(couplings, nodesById, name, diagnostics);
  const keptParents = checkParentLinks(parents, diagram.nodes, mode, name, edgeNames, diagnostics);

  if (diagram.nodes.length > 0 && !diagram.nodes.some(hasVisibleUnits)) {
    diagnostics.push(
      diagnostic(
        'no-visible-units',
        'The diagram has no visible units, so the model cannot be fitted to data: set the role of a unit or layer to visible, or add an RBM block.',
        { nodeIds: diagram.nodes.map((n) => n.id) },
      ),
    );
  }

  return { diagnostics, mode, edges: mode === 'energy' ? keptCouplings : keptParents, nodesById };
}

function hasVisibleUnits(node: DiagramNode): boolean {
  if (node.kind === 'rbm') return node.visibleSize > 0;
  return node.role === 'visible' && (node.kind === 'unit' || node.size > 0);
}

/** Self-couplings of single units and RBM blocks, and couplings of the same unordered pair. */
function checkCouplings(
  couplings: DiagramEdge[],
  nodesById: Map<NodeId, DiagramNode>,
  name: (id: NodeId) => string,
  diagnostics: Diagnostic[],
): DiagramEdge[] {
  const usable: DiagramEdge[] = [];
  for (const edge of couplings) {
    const node = nodesById.get(edge.source)!;
    if (edge.source !== edge.target) usable.push(edge);
    else if (node.kind === 'unit' || (node.kind === 'layer' && node.size === 1)) {
      diagnostics.push(
        diagnostic(
          'self-coupled-unit',
          `A coupling joins the single unit ${name(node.id)} to itself; a unit has no self-weight: delete the coupling.`,
          { nodeIds: [node.id], edgeIds: [edge.id] },
        ),
      );
    } else if (node.kind === 'rbm') {
      diagnostics.push(
        diagnostic(
          'duplicate-edge',
          `A coupling joins RBM block ${name(node.id)} to itself, repeating the visible–hidden weights the block already has: ` +
            `delete it; for lateral weights, build the model from a visible and a hidden layer and self-couple those.`,
          { nodeIds: [node.id], edgeIds: [edge.id] },
        ),
      );
    } else if (node.kind === 'layer' && node.size >= 2) usable.push(edge);
  }
  return keepFirstOfDuplicates(usable, (e) => JSON.stringify([e.source, e.target].sort()), diagnostics, name, 'couple');
}

/** Self-links, links touching RBM blocks, and links of the same ordered pair. */
function checkParentLinks(
  parents: DiagramEdge[],
  nodes: DiagramNode[],
  mode: 'energy' | 'belief',
  name: (id: NodeId) => string,
  edgeNames: (edges: DiagramEdge[]) => string,
  diagnostics: Diagnostic[],
): DiagramEdge[] {
  for (const edge of parents) {
    if (edge.source !== edge.target) continue;
    diagnostics.push(
      diagnostic(
        'self-parent-link',
        `A parent link makes ${name(edge.source)} its own parent; a belief network is acyclic: delete the link.`,
        { nodeIds: [edge.source], edgeIds: [edge.id] },
      ),
    );
  }
  for (const node of nodes) {
    if (node.kind !== 'rbm') continue;
    const links = parents.filter((e) => e.source === node.id || e.target === node.id);
    if (links.length === 0 && mode !== 'belief') continue;
    const via = links.length > 0 ? ` (${links.length === 1 ? 'link' : 'links'} ${edgeNames(links)})` : '';
    diagnostics.push(
      diagnostic(
        'rbm-parent-link',
        `RBM block ${name(node.id)} cannot be part of a sigmoid belief network${via}: replace it with a visible and a hidden layer, or use couplings instead of parent links.`,
        { nodeIds: [node.id], edgeIds: links.map((e) => e.id) },
      ),
    );
  }
  const rbmIds = new Set(nodes.filter((n) => n.kind === 'rbm').map((n) => n.id));
  const usable = parents.filter((e) => e.source !== e.target && !rbmIds.has(e.source) && !rbmIds.has(e.target));
  return keepFirstOfDuplicates(usable, (e) => JSON.stringify([e.source, e.target]), diagnostics, name, 'link');
}

function keepFirstOfDuplicates(
  edges: DiagramEdge[],
  pairKey: (edge: DiagramEdge) => string,
  diagnostics: Diagnostic[],
  name: (id: NodeId) => string,
  verb: 'couple' | 'link',
): DiagramEdge[] {
  const groups = new Map<string, DiagramEdge[]>();
  for (const edge of edges) {
    const group = groups.get(pairKey(edge));
    if (group) group.push(edge);
    else groups.set(pairKey(edge), [edge]);
  }
  const kept: DiagramEdge[] = [];
  for (const group of groups.values()) {
    kept.push(group[0]);
    if (group.length === 1) continue;
    const { source, target } = group[0];
    const ids: EdgeId[] = group.map((e) => e.id);
    const pair =
      source === target ? `of ${name(source)} to itself` : verb === 'couple' ? `between ${name(source)} and ${name(target)}` : `from ${name(source)} to ${name(target)}`;
    diagnostics.push(
      diagnostic(
        'duplicate-edge',
        `There are ${plural(group.length, verb === 'couple' ? 'coupling' : 'parent link')} ${pair}: keep one and delete the others.`,
        { nodeIds: source === target ? [source] : [source, target], edgeIds: ids },
      ),
    );
  }
  return kept;
}
