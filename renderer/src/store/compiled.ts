import { compile } from '../../../engine/compiler/compile';
import type { CompileResult, Diagnostic } from '../../../engine/compiler/types';
import type { Diagram, DiagramParameters } from '../../../engine/diagram/types';
import { composeDiagram, type DiagramStructure } from './document';
import type { StudioState } from './state';

/** A diagram in saved form with its live compile result. */
export interface CompiledDiagram {
  diagram: Diagram;
  result: CompileResult;
  /** Problems to show: the compile errors, or the warnings of a successful compile. */
  diagnostics: Diagnostic[];
  /** Node and edge ids named by an error diagnostic. */
  faultyIds: Set<string>;
}

interface CacheEntry {
  parameters: DiagramParameters | undefined;
  compiled: CompiledDiagram;
}

// compile() is pure, so one result per (structure, parameters) pair is reused across renders.
const cache = new WeakMap<DiagramStructure, CacheEntry>();

/** Composes and compiles a diagram structure with its parameters, memoised on both references. */
export function compileStructure(structure: DiagramStructure, parameters: DiagramParameters | undefined): CompiledDiagram {
  const hit = cache.get(structure);
  if (hit && hit.parameters === parameters) return hit.compiled;
  const diagram = composeDiagram(structure, parameters);
  const result = compile(diagram);
  const diagnostics = result.ok ? result.warnings : result.diagnostics;
  const faultyIds = new Set<string>();
  for (const d of diagnostics) {
    if (d.severity !== 'error') continue;
    for (const id of d.nodeIds) faultyIds.add(id);
    for (const id of d.edgeIds) faultyIds.add(id);
  }
  const compiled = { diagram, result, diagnostics, faultyIds };
  cache.set(structure, { parameters, compiled });
  return compiled;
}

/** The active diagram's structure, or undefined when no diagram is open. */
export function activeStructure(state: StudioState): DiagramStructure | undefined {
  return state.activeDiagramId ? state.doc.diagrams[state.activeDiagramId] : undefined;
}

/** The active diagram compiled (memoised), or undefined when no diagram is open. */
export function activeCompiled(state: StudioState): CompiledDiagram | undefined {
  const structure = activeStructure(state);
  return structure ? compileStructure(structure, state.parameters[structure.id]) : undefined;
}

/** A diagram in saved form (structure plus fitting parameters), as sent to main. */
export function savedDiagram(state: StudioState, diagramId: string): Diagram | undefined {
  const structure = state.doc.diagrams[diagramId];
  return structure ? composeDiagram(structure, state.parameters[diagramId]) : undefined;
}
