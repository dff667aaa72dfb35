import { diagramUnsaved } from '../store/savedState';
import type { StudioState } from '../store/state';

/**
 * True when replacing the open project would set aside work the user made: an untitled project that main marked edited
 * (or recovered), whose diagrams changed here since loading, or that holds runs. Saved projects are written in place,
 * so they never hold unsaved work; an untouched example can simply be opened again.
 */
export function hasUnsavedWork(state: StudioState): boolean {
  const { project, doc, savedKeys, runs } = state;
  if (!project || project.path !== null || project.readOnly) return false;
  if (project.edited || state.unsynced || runs.order.length > 0) return true;
  return Object.keys(savedKeys).length !== doc.order.length || doc.order.some((id) => diagramUnsaved(state, id));
}
