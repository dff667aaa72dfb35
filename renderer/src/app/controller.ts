import type { Diagram } from '../../../engine/diagram/types';
import type { AlgorithmInfo } from '../../../engine/train/algorithm';
import type { ApiError, ApiResult, AttractorApi, JobKind, ProjectSnapshot, ResumeFromRequest, TrainChoice, TrainRequest } from '../../../main/api/contract';
import type { Autosave } from '../store/autosave';
import { documentKeys } from '../store/savedState';
import type { StudioStore } from '../store/studioStore';

/** The project and run commands of the UI: each calls the API, then updates the store; errors become notices. */
export interface StudioController {
  /** Loads app info, examples and the open project, and subscribes to main's events. Returns the unsubscribe. */
  start(): Promise<() => void>;
  /** Re-reads the open project from main (after a reconnect). */
  refresh(): Promise<void>;
  newProject(): Promise<void>;
  openExample(exampleId: string): Promise<void>;
  open(path?: string): Promise<void>;
  save(): Promise<boolean>;
  /** Save As; 'exists' when a typed path names an existing file and overwrite was not confirmed. */
  saveAs(path?: string, overwrite?: boolean): Promise<'saved' | 'exists' | 'failed'>;
  /** Opens a typed path; the error is returned (for the dialog to show), not announced. */
  tryOpen(path: string): Promise<ApiError | null>;
  /** Save As to a typed path; the error ('exists' unless overwrite) is returned, not announced. */
  trySaveAs(path: string, overwrite: boolean): Promise<ApiError | null>;
  /** Re-reads the unsaved work of earlier sessions that main can recover. */
  loadRecoverable(): Promise<void>;
  /** Opens a recoverable scratch file as the untitled project. */
  recover(path: string): Promise<void>;
  /** Deletes a recoverable scratch file. */
  discardRecoverable(path: string): Promise<void>;
  /** Training algorithms main offers for `diagram` (none when it does not compile or on error). */
  listAlgorithms(diagram: Diagram): Promise<AlgorithmInfo[]>;
  startRun(request: Omit<TrainRequest, 'diagramId'> & { diagramId: string }): Promise<void>;
  cancelRun(runId: string): Promise<void>;
  /** Keeps the Train panel's choice for a diagram in the project (after its pending edits reach main). */
  keepTrainChoice(diagramId: string, choice: TrainChoice): Promise<void>;
  /** A new training run from a checkpoint (the diagram saved first, as for startRun). */
  resumeFrom(request: ResumeFromRequest): Promise<void>;
}

/** How a failed run of each kind is announced. */
const FAILED_KIND: Record<JobKind, string> = { train: 'Training', infer: 'Inference', sample: 'Sampling', evaluate: 'Evaluation' };

export function createController(store: StudioStore, api: AttractorApi, autosave: Autosave): StudioController {
  const { actions } = store;

  /** The value of a result, or undefined after reporting its error ('cancelled' — a closed dialog — is silent). */
  function valueOf<T>(result: ApiResult<T>, what: string): T | undefined {
    if (result.ok) return result.value;
    if (result.error.code !== 'cancelled') actions.reportError(`${what}: ${result.error.message}`);
    return undefined;
  }

  function load(snapshot: ProjectSnapshot | undefined): void {
    if (snapshot) actions.loadProject(snapshot);
  }

  async function refresh(): Promise<void> {
    const project = valueOf(await api.call('project:get'), 'Could not read the project');
    if (project) actions.loadProject(project);
    // Only when one was loaded: on start-up, closing would also close an Open… dialog the user opened meanwhile.
    else if (project === null && store.getState().project) actions.closeProject();
  }

  async function loadRecoverable(): Promise<void> {
    const recoverable = valueOf(await api.call('project:listRecoverable'), 'Could not look for unsaved work');
    if (recoverable) actions.setRecoverable(recoverable);
  }

  return {
    async start() {
      const unsubscribers = [
        api.on('run:progress', (p) => actions.runProgress(p)),
        api.on('run:ended', (e) => actions.runEnded(e)),
        // Paused, resumed, started or noted.
        api.on('run:changed', (run) => actions.runStarted(run)),
        // A snapshot showing other diagrams means main switched projects (e.g. from the app menu): load it.
        api.on('project:changed', (snapshot) => {
          if (store.getState().project && autosave.isEcho(snapshot)) actions.applyProjectMeta(snapshot);
          else actions.loadProject(snapshot);
        }),
        api.on('run:ended', ({ run }) => {
          if (run.status === 'failed') actions.reportError(`${FAILED_KIND[run.kind]} failed: ${run.error ?? 'no reason given'}`);
        }),
      ];
      const [info, examples] = await Promise.all([api.call('app:info'), api.call('example:list')]);
      const appInfo = valueOf(info, 'Could not reach the main process');
      if (appInfo) actions.setAppInfo(appInfo);
      actions.setExamples(valueOf(examples, 'Could not list the examples') ?? []);
      await refresh();
      // A project main already holds at start-up survived a reload (or is shared with another tab): say so.
      if (appInfo?.mode === 'browser') actions.markReopened();
      return () => unsubscribers.forEach((u) => u());
    },
    refresh,
    async newProject() {
      await autosave.flush();
      load(valueOf(await api.call('project:new'), 'Could not create a project'));
    },
    async openExample(exampleId) {
      await autosave.flush();
      load(valueOf(await api.call('project:openExample', { exampleId }), 'Could not open the example'));
    },
    async open(path) {
      await autosave.flush();
      load(valueOf(await api.call('project:open', path === undefined ? {} : { path }), 'Could not open the project'));
    },
    async save() {
      if (!store.getState().project) return false;
      await autosave.flush();
      const stored = documentKeys(store.getState().doc);
      const snapshot = valueOf(await api.call('project:save'), 'Could not save');
      if (snapshot) {
        actions.applyProjectMeta(snapshot);
        actions.markSaved(stored);
      }
      return snapshot !== undefined;
    },
    async saveAs(path, overwrite = false) {
      await autosave.flush();
      const stored = documentKeys(store.getState().doc);
      const result = await api.call('project:saveAs', path === undefined ? {} : { path, overwrite });
      if (!result.ok && result.error.code === 'exists') return 'exists';
      const snapshot = valueOf(result, 'Could not save');
      if (!snapshot) return 'failed';
      actions.applyProjectMeta(snapshot);
      actions.markSaved(stored);
      return 'saved';
    },
    async tryOpen(path) {
      await autosave.flush();
      const result = await api.call('project:open', { path });
      if (result.ok) load(result.value);
      return result.ok ? null : result.error;
    },
    async trySaveAs(path, overwrite) {
      await autosave.flush();
      const stored = documentKeys(store.getState().doc);
      const result = await api.call('project:saveAs', { path, overwrite });
      if (!result.ok) return result.error;
      actions.applyProjectMeta(result.value);
      actions.markSaved(stored);
      return null;
    },
    loadRecoverable,
    async recover(path) {
      await autosave.flush();
      const snapshot = valueOf(await api.call('project:recover', { path }), 'Could not recover the unsaved project');
      load(snapshot);
      if (snapshot) actions.setRecoverable(store.getState().recoverable.filter((entry) => entry.path !== path));
      else await loadRecoverable();
    },
    async discardRecoverable(path) {
      valueOf(await api.call('project:discardRecoverable', { path }), 'Could not discard the unsaved project');
      await loadRecoverable();
    },
    async listAlgorithms(diagram) {
      // Parameters do not change which algorithms apply; leaving them out keeps the message small.
      const result = await api.call('algorithm:list', { diagram: { ...diagram, parameters: undefined } });
      return result.ok ? result.value : [];
    },
    async startRun(request) {
      await autosave.flush();
      const run = valueOf(await api.call('run:start', request), 'Could not start training');
      if (run) actions.runStarted(run);
    },
    async cancelRun(runId) {
      valueOf(await api.call('run:cancel', { runId }), 'Could not stop the run');
    },
    async keepTrainChoice(diagramId, choice) {
      if (store.getState().project?.readOnly !== false) return;
      actions.setTrainChoice(diagramId, choice);
      await autosave.flush();
      const result = await api.call('diagram:setTrainChoice', { diagramId, choice });
      // A diagram deleted or a project closed meanwhile has no choice to keep.
      if (!result.ok && result.error.code !== 'not-found' && result.error.code !== 'no-project') actions.reportError(`Could not keep the training settings: ${result.error.message}`);
    },
    async resumeFrom(request) {
      await autosave.flush();
      const run = valueOf(await api.call('run:resumeFrom', request), 'Could not continue from the checkpoint');
      if (run) actions.runStarted(run);
    },
  };
}
