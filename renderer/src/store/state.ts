import type { EdgeKind } from '../../../engine/diagram/types';
import type { AppInfo, DatasetSummary, ExampleInfo, ProjectSnapshot, RecoverableProject, TrainChoice } from '../../../main/api/contract';
import { emptyDocument, type ParametersByDiagram, type StudioDocument } from './document';
import { emptyHistory, type History } from './history';
import { emptyRuns, type RunsState } from './runs';
import type { Subgraph } from './subgraph';

export type Theme = 'light' | 'dark';

/** What the editor shows about the open project besides its diagrams. */
export interface ProjectMeta {
  path: string | null;
  name: string;
  /** Main's dirty flag: edits since the last explicit save. */
  dirty: boolean;
  /** Main's edited flag: something changed since it was opened, or it was recovered. */
  edited?: boolean;
  readOnly: boolean;
  /** Why it is read-only, one line for the status bar (main's ProjectSnapshot.readOnlyNotice). */
  readOnlyNotice?: string;
  datasets: DatasetSummary[];
  /** The Train panel's kept choice per diagram id. */
  trainChoices?: Record<string, TrainChoice>;
}

/** Selected canvas elements of the active diagram. */
export interface Selection {
  nodeIds: string[];
  edgeIds: string[];
}

/** A message for the user (an API error), dismissible. */
export interface Notice {
  id: number;
  message: string;
}

export interface StudioState {
  appInfo: AppInfo | null;
  examples: ExampleInfo[];
  /** Unsaved work of earlier sessions (scratch files main can recover), newest first. */
  recoverable: RecoverableProject[];
  project: ProjectMeta | null;
  /** Undoable diagram structures. */
  doc: StudioDocument;
  /** Increases whenever a project is (re)loaded, so observers can reset their baselines. */
  docEpoch: number;
  /** The docEpoch of a project main already held when this page loaded (a reload or a second tab), else null. */
  reopenedEpoch: number | null;
  /** Trained parameters by diagram id, outside the undo history. */
  parameters: ParametersByDiagram;
  history: History;
  activeDiagramId: string | null;
  selection: Selection;
  /** Kind of edge a new connection creates. */
  edgeMode: EdgeKind;
  theme: Theme;
  /** True while edits have not yet reached the main process (autosave pending). */
  unsynced: boolean;
  runs: RunsState;
  notices: Notice[];
  /** The in-app path dialog (browser mode) that is open, if any. */
  pathDialog: PathDialogKind | null;
  /** Whether dragged, added and nudged nodes land on the grid. */
  snapToGrid: boolean;
  /** The copied sub-graph and how often it has been pasted since (each paste lands one offset further). */
  clipboard: { subgraph: Subgraph; pastes: number } | null;
  /** Canonical JSON of each diagram's structure at the last load or save, for the per-diagram unsaved mark. */
  savedKeys: Record<string, string>;
  overlay: Overlay | null;
  viewRequest: ViewRequest | null;
}

/** Grid spacing in flow units (the canvas background shows it). */
export const GRID_SIZE = 16;

/** A request to the canvas to bring elements into view (`seq` makes repeated requests for the same ids distinct). */
export interface ViewRequest {
  /** Node ids to fit; empty means the whole diagram. */
  nodeIds: string[];
  seq: number;
}

/** The overlay that is open over the editor, if any. */
export type Overlay = { kind: 'help' } | { kind: 'template'; templateId: string };

/** Which project command the in-app path dialog serves. */
export type PathDialogKind = 'open' | 'saveAs';

export const emptySelection: Selection = { nodeIds: [], edgeIds: [] };

export function initialState(theme: Theme): StudioState {
  return {
    appInfo: null,
    examples: [],
    recoverable: [],
    project: null,
    doc: emptyDocument,
    docEpoch: 0,
    reopenedEpoch: null,
    parameters: {},
    history: emptyHistory(),
    activeDiagramId: null,
    selection: emptySelection,
    edgeMode: 'coupling',
    theme,
    unsynced: false,
    runs: emptyRuns,
    notices: [],
    pathDialog: null,
    snapToGrid: true,
    clipboard: null,
    savedKeys: {},
    overlay: null,
    viewRequest: null,
  };
}

export function metaFromSnapshot(snapshot: ProjectSnapshot): ProjectMeta {
  return { path: snapshot.path, name: snapshot.name, dirty: snapshot.dirty, edited: snapshot.edited ?? false, readOnly: snapshot.readOnly, ...(snapshot.readOnlyNotice ? { readOnlyNotice: snapshot.readOnlyNotice } : {}), datasets: snapshot.datasets, trainChoices: snapshot.trainChoices ?? {} };
}
