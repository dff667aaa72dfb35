import type { DiagramParameters } from '../../../../engine/diagram/types';
import type { AppInfo, ApiEvents, ExampleInfo, ProjectSnapshot, MetricPoint, RecoverableProject, RunProgress, RunSummary, TrainChoice } from '../../../../main/api/contract';
import { splitDiagrams } from '../document';
import { emptyHistory } from '../history';
import { applyProgress, isActive, mergeRunDetail, removeRuns, runsFromSummaries, upsertRun } from '../runs';
import { documentKeys } from '../savedState';
import { emptySelection, initialState, metaFromSnapshot } from '../state';
import type { StoreKit } from '../storeKit';

/** Loading projects, main's view of them, runs, parameters and notices: nothing here is an undo entry. */
export function createProjectActions(kit: StoreKit) {
  const { get, set } = kit;
  let noticeId = 0;

  const actions = {
    setAppInfo: (appInfo: AppInfo) => set({ appInfo }),
    setExamples: (examples: ExampleInfo[]) => set({ examples }),
    setRecoverable: (recoverable: RecoverableProject[]) => set({ recoverable }),
    /** The project loaded now was already open in main when the page loaded (browser mode: the server keeps it). */
    markReopened: () => set({ reopenedEpoch: get().project ? get().docEpoch : null }),
    /** The Train panel's choice for a diagram as main keeps it (sent by the form through diagram:setTrainChoice). */
    setTrainChoice(diagramId: string, choice: TrainChoice): void {
      const project = get().project;
      if (project) set({ project: { ...project, trainChoices: { ...project.trainChoices, [diagramId]: choice } } });
    },

    /** Replaces the whole editor document with a project from main; clears history, selection and live runs. */
    loadProject(snapshot: ProjectSnapshot): void {
      const { doc, parameters } = splitDiagrams(snapshot.diagrams);
      set({
        project: metaFromSnapshot(snapshot),
        doc,
        parameters,
        docEpoch: get().docEpoch + 1,
        history: emptyHistory(),
        activeDiagramId: doc.order[0] ?? null,
        selection: emptySelection,
        runs: runsFromSummaries(snapshot.runs),
        unsynced: false,
        savedKeys: documentKeys(doc),
        viewRequest: null,
      });
    },

    /** Takes main's view of path, name, dirty flag and datasets, and any run it knows better; keeps the local diagrams. */
    applyProjectMeta(snapshot: ProjectSnapshot): void {
      let runs = get().runs;
      for (const run of snapshot.runs) {
        const local = runs.summaries[run.id];
        if (!local || run.status !== 'running' || local.status === 'queued') runs = upsertRun(runs, run);
      }
      const known = new Set(snapshot.runs.map((r) => r.id));
      const stale = runs.order.filter((id) => !known.has(id) && !isActive(runs.summaries[id]));
      if (stale.length > 0) runs = removeRuns(runs, stale);
      set({ project: metaFromSnapshot(snapshot), runs });
    },

    closeProject: () =>
      set({ ...initialState(get().theme), appInfo: get().appInfo, examples: get().examples, recoverable: get().recoverable, docEpoch: get().docEpoch + 1 }),

    /** Marks the project as changed since the last save (main sets the same flag when it stores an edit). */
    markDirty(): void {
      const project = get().project;
      if (project && !project.dirty) set({ project: { ...project, dirty: true } });
    },

    /** Records the diagrams as saved (their structure keys at the moment main stored them), clearing the tabs' unsaved marks. */
    markSaved(keys: Record<string, string>): void {
      set({ savedKeys: keys });
    },

    /** Replaces a diagram's trained parameters; not an undo entry. */
    setParameters(diagramId: string, parameters: DiagramParameters | undefined): void {
      set({ parameters: { ...get().parameters, [diagramId]: parameters } });
    },

    runStarted: (run: RunSummary) => set({ runs: upsertRun(get().runs, run) }),
    runProgress: (progress: RunProgress) => set({ runs: applyProgress(get().runs, progress) }),
    /** Finer points of a zoomed range of a run's series (run:metrics over that range), merged in by step. */
    runDetail: (runId: string, points: readonly MetricPoint[]) => set({ runs: mergeRunDetail(get().runs, runId, points) }),
    /** A run was deleted in main: forget its summary and series. */
    runDeleted: (runId: string) => set({ runs: removeRuns(get().runs, [runId]) }),

    /** A run ended: record its summary and, when it completed with a trained diagram, adopt the diagram's parameters. */
    runEnded({ run, diagram }: ApiEvents['run:ended']): void {
      set({ runs: upsertRun(get().runs, run) });
      if (diagram && get().doc.diagrams[diagram.id]) actions.setParameters(diagram.id, diagram.parameters);
    },

    reportError(message: string): void {
      set({ notices: [...get().notices, { id: ++noticeId, message }] });
    },
    dismissNotice: (id: number) => set({ notices: get().notices.filter((n) => n.id !== id) }),
  };
  return actions;
}
