import { useMemo } from 'react';
import type { ApiResult, CheckpointInfo } from '../../../main/api/contract';
import { useServices } from '../app/StudioContext';

/** Run commands of the Train panel besides start/stop (the controller's): each calls main, then updates the store; errors become notices. */
export interface RunCommands {
  pause(runId: string): Promise<void>;
  resume(runId: string): Promise<void>;
  remove(runId: string): Promise<void>;
  /** Stores the note; false when main refused it (the notice says why). */
  setNote(runId: string, note: string): Promise<boolean>;
  checkpoints(runId: string): Promise<CheckpointInfo[]>;
}

export function useRunCommands(): RunCommands {
  const { api, store } = useServices();
  return useMemo(() => {
    const { actions } = store;
    const valueOf = <T>(result: ApiResult<T>, what: string): T | undefined => {
      if (result.ok) return result.value;
      actions.reportError(`${what}: ${result.error.message}`);
      return undefined;
    };
    return {
      async pause(runId) {
        const run = valueOf(await api.call('run:pause', { runId }), 'Could not pause the run');
        if (run) actions.runStarted(run);
      },
      async resume(runId) {
        const run = valueOf(await api.call('run:resume', { runId }), 'Could not resume the run');
        if (run) actions.runStarted(run);
      },
      async remove(runId) {
        const result = await api.call('run:delete', { runId });
        if (result.ok) actions.runDeleted(runId);
        else actions.reportError(`Could not delete the run: ${result.error.message}`);
      },
      async setNote(runId, note) {
        const run = valueOf(await api.call('run:setNote', { runId, note }), 'Could not save the note');
        if (run) actions.runStarted(run);
        return run !== undefined;
      },
      async checkpoints(runId) {
        return valueOf(await api.call('run:checkpoints', { runId }), 'Could not list the checkpoints') ?? [];
      },
    };
  }, [api, store]);
}
