import type { StudioStore } from '../store/studioStore';

/** The project a browser page found already open in main when it loaded (a reload or a second tab), by load epoch. */
const reopened = new WeakMap<object, { docEpoch: number; name: string }>();

/** Records that the project loaded at start-up was already open in main (browser mode: the server keeps it). */
export function noteReopened(store: StudioStore): void {
  const { project, docEpoch } = store.getState();
  if (project) reopened.set(store, { docEpoch, name: project.name });
}

/** The reopened project's name while it is still the one loaded, else null. */
export function reopenedName(store: StudioStore, docEpoch: number): string | null {
  const entry = reopened.get(store);
  return entry && entry.docEpoch === docEpoch ? entry.name : null;
}
