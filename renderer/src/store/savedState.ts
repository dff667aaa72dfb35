import type { Diagram } from '../../../engine/diagram/types';
import type { DiagramStructure, StudioDocument } from './document';
import type { StudioState } from './state';

/** JSON with object keys sorted, so equal diagrams compare equal whatever order their fields were written in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

// Structures are immutable (immer), so one key per object is computed once.
const keys = new WeakMap<object, string>();

/** Canonical JSON of a diagram without its parameters: equal for equal structures, whatever their history. */
export function structureKey(diagram: DiagramStructure | Diagram): string {
  const hit = keys.get(diagram);
  if (hit !== undefined) return hit;
  const { parameters: _parameters, ...structure } = diagram as Diagram;
  const key = canonicalJson(structure);
  keys.set(diagram, key);
  return key;
}

/** The structure key of every diagram of a document (the baseline for the unsaved marks). */
export function documentKeys(doc: StudioDocument): Record<string, string> {
  return Object.fromEntries(doc.order.map((id) => [id, structureKey(doc.diagrams[id])]));
}

/** True when a diagram's structure differs from the one last loaded or saved (or the diagram is new). */
export function diagramUnsaved(state: StudioState, diagramId: string): boolean {
  const structure = state.doc.diagrams[diagramId];
  return structure !== undefined && state.savedKeys[diagramId] !== structureKey(structure);
}

/** The window title: project name, its state (unsaved, read-only) and the app name. */
export function windowTitle(state: Pick<StudioState, 'project' | 'unsynced'>): string {
  const { project, unsynced } = state;
  if (!project) return 'Attractor Studio';
  const status = project.readOnly ? ' (read-only)' : unsynced ? ' • storing edits' : project.dirty ? ' • unsaved changes' : '';
  return `${project.name}${status} — Attractor Studio`;
}
