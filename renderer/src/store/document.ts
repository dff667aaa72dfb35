import type { Diagram, DiagramParameters } from '../../../engine/diagram/types';
import { nodeUnitCount } from '../../../engine/diagram/types';
import { rbmInternalKey } from '../../../engine/diagram/vocabulary';

/** A diagram as held in the undoable document: everything except its (large) trained parameters. */
export type DiagramStructure = Omit<Diagram, 'parameters'>;

/** The undoable part of the editor state: each diagram's structure, keyed by diagram id, in tab order. */
export interface StudioDocument {
  diagrams: Record<string, DiagramStructure>;
  order: string[];
}

/** Parameters kept outside the undo history, keyed by diagram id. */
export type ParametersByDiagram = Record<string, DiagramParameters | undefined>;

export const emptyDocument: StudioDocument = { diagrams: {}, order: [] };

/** Splits saved diagrams into the undoable structure and the separately held parameters. */
export function splitDiagrams(diagrams: Diagram[]): { doc: StudioDocument; parameters: ParametersByDiagram } {
  const doc: StudioDocument = { diagrams: {}, order: [] };
  const parameters: ParametersByDiagram = {};
  for (const diagram of diagrams) {
    const { parameters: params, ...structure } = diagram;
    doc.diagrams[diagram.id] = structure;
    doc.order.push(diagram.id);
    if (params) parameters[diagram.id] = params;
  }
  return { doc, parameters };
}

/** The expected shape of every parameter block of a structure: weights by edge key, biases by node id. */
export function expectedParameterShapes(structure: DiagramStructure): { weights: Map<string, number[]>; biases: Map<string, number[]> } {
  const units = new Map(structure.nodes.map((n) => [n.id as string, nodeUnitCount(n)]));
  const weights = new Map<string, number[]>();
  const biases = new Map<string, number[]>();
  for (const node of structure.nodes) {
    biases.set(node.id, [nodeUnitCount(node)]);
    if (node.kind === 'rbm') weights.set(rbmInternalKey(node.id), [node.visibleSize, node.hiddenSize]);
  }
  for (const edge of structure.edges) {
    const rows = units.get(edge.source);
    const cols = units.get(edge.target);
    if (rows !== undefined && cols !== undefined) weights.set(edge.id, [rows, cols]);
  }
  return { weights, biases };
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * The parameter blocks that still fit the structure (their edge or node exists and the shape matches); undefined
 * when none do. An edit never destroys parameters in the store: undoing it makes the hidden blocks fit again.
 */
export function parametersFitting(structure: DiagramStructure, params: DiagramParameters | undefined): DiagramParameters | undefined {
  if (!params) return undefined;
  const expected = expectedParameterShapes(structure);
  const fits = (shapes: Map<string, number[]>) => ([key, block]: [string, { shape: number[] }]) => {
    const shape = shapes.get(key);
    return shape !== undefined && sameShape(block.shape, shape);
  };
  const weights = Object.fromEntries(Object.entries(params.weights).filter(fits(expected.weights)));
  const biases = Object.fromEntries(Object.entries(params.biases).filter(fits(expected.biases)));
  return Object.keys(weights).length + Object.keys(biases).length > 0 ? { weights, biases } : undefined;
}

/** True when every weight and bias block the structure needs is present with its shape (a fully trained model). */
export function parametersComplete(structure: DiagramStructure, params: DiagramParameters | undefined): boolean {
  const fitting = parametersFitting(structure, params);
  if (!fitting) return false;
  const expected = expectedParameterShapes(structure);
  return [...expected.weights.keys()].every((k) => k in fitting.weights) && [...expected.biases.keys()].every((k) => k in fitting.biases);
}

/** The saved form of a diagram: its structure plus the parameters that fit it. */
export function composeDiagram(structure: DiagramStructure, params: DiagramParameters | undefined): Diagram {
  const fitting = parametersFitting(structure, params);
  return fitting ? { ...structure, parameters: fitting } : { ...structure };
}
