/** Read-only project opens for commands that only read (compile, info, data list/export, loading a project's diagram). */
import { openProject } from '../../projects/storage/openProject';
import { REQUESTED_READ_ONLY_REASON, readOnlyNotice, type ProjectStore } from '../../projects/types';
import { InputError } from './inputs';
import { note } from './output';

/** Opens `file` read-only (leaving no side files); says once on stderr when the file itself is read-only, and why. */
export async function openProjectToRead(file: string): Promise<ProjectStore> {
  const store = await openProject(file, { readOnly: true }).catch((error: unknown) => {
    throw new InputError(error instanceof Error ? error.message : String(error));
  });
  if (store.readOnlyReason !== undefined && store.readOnlyReason !== REQUESTED_READ_ONLY_REASON) note(`attractor: ${readOnlyNotice(store.readOnlyReason)}`);
  return store;
}
