import { applyPatches, type Patch } from 'immer';
import type { StudioDocument } from './document';

/** One user intent: the patches that made it and the inverse patches that undo it. */
export interface HistoryEntry {
  /** The diagram the entry changed, shown after it is redone (and undone, unless undoDiagramId says otherwise). */
  diagramId: string;
  /** The diagram to show after undoing (e.g. a deleted diagram brought back). */
  undoDiagramId?: string;
  label: string;
  patches: Patch[];
  inversePatches: Patch[];
}

/** Undo and redo stacks of document patches; the newest entry is last. */
export interface History {
  past: HistoryEntry[];
  future: HistoryEntry[];
}

/** Entries beyond this many are dropped, oldest first. */
export const HISTORY_LIMIT = 500;

export const emptyHistory = (): History => ({ past: [], future: [] });

/** A new history with `entry` recorded and the redo stack cleared. */
export function record(history: History, entry: HistoryEntry): History {
  const past = [...history.past, entry];
  return { past: past.length > HISTORY_LIMIT ? past.slice(past.length - HISTORY_LIMIT) : past, future: [] };
}

/** Undoes the newest entry; undefined when there is nothing to undo. */
export function undo(history: History, doc: StudioDocument): { history: History; doc: StudioDocument; entry: HistoryEntry } | undefined {
  const entry = history.past[history.past.length - 1];
  if (!entry) return undefined;
  return {
    history: { past: history.past.slice(0, -1), future: [...history.future, entry] },
    doc: applyPatches(doc, entry.inversePatches),
    entry,
  };
}

/** Redoes the most recently undone entry; undefined when there is nothing to redo. */
export function redo(history: History, doc: StudioDocument): { history: History; doc: StudioDocument; entry: HistoryEntry } | undefined {
  const entry = history.future[history.future.length - 1];
  if (!entry) return undefined;
  return {
    history: { past: [...history.past, entry], future: history.future.slice(0, -1) },
    doc: applyPatches(doc, entry.patches),
    entry,
  };
}
