import type { EdgeId, NodeId } from '../diagram/ids';
import type { DiagramEdge, DiagramNode } from '../diagram/types';
import type { Diagnostic, DiagnosticCode } from './types';

/** A diagnostic naming the nodes and edges at fault. */
export function diagnostic(
  code: DiagnosticCode,
  message: string,
  at: { nodeIds?: NodeId[]; edgeIds?: EdgeId[] } = {},
  severity: Diagnostic['severity'] = 'error',
): Diagnostic {
  return { code, severity, message, nodeIds: at.nodeIds ?? [], edgeIds: at.edgeIds ?? [] };
}

/** How a node is named in messages: its label in quotes, or its id when unlabelled. */
export function nodeName(node: DiagramNode | undefined, id: string): string {
  const label = node?.label.trim();
  return label ? `"${label}"` : `"${id}"`;
}

/**
 * How an edge is named in messages: by the labels of its ends (ids where a node is missing or unlabelled), in quotes,
 * "a → b" for a parent link and "a – b" for a coupling; internal edge ids mean nothing to the user.
 */
export function edgeName(edge: Pick<DiagramEdge, 'kind' | 'source' | 'target'>, nodesById: ReadonlyMap<string, DiagramNode>): string {
  const end = (id: string) => nodesById.get(id)?.label.trim() || id;
  return `"${end(edge.source)} ${edge.kind === 'parent' ? '→' : '–'} ${end(edge.target)}"`;
}

/** "1 unit" / "3 units". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

/** Integer with comma thousands separators, independent of locale: 1234567 → "1,234,567". */
export function formatCount(count: number): string {
  const sign = count < 0 ? '-' : '';
  return sign + String(Math.abs(Math.round(count))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "a, b and c". */
export function listWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
