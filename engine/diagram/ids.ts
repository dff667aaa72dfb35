/** Branded identifiers: a NodeId cannot be passed where an EdgeId is expected. */
export type NodeId = string & { readonly __brand: 'NodeId' };
export type EdgeId = string & { readonly __brand: 'EdgeId' };
export type DiagramId = string & { readonly __brand: 'DiagramId' };

export const nodeId = (raw: string): NodeId => raw as NodeId;
export const edgeId = (raw: string): EdgeId => raw as EdgeId;
export const diagramId = (raw: string): DiagramId => raw as DiagramId;

/** A short random id; callers needing reproducibility pass their own. */
export function freshId(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}
