import { ANALYSIS_TABS, type AnalysisTabId } from './analysisTabs';

/** The dock as the user left it: open or folded, the view shown, its height (undefined: the default) and whether it fills the canvas column. */
export interface DockState {
  open: boolean;
  tab: AnalysisTabId;
  /** Body height in CSS pixels chosen by dragging; undefined follows the window (defaultDockHeight). */
  height?: number;
  maximised: boolean;
}

/** Smallest body height: the Charts view's controls, its description and a 120 px chart with both axes (1440 px wide window). */
export const MIN_DOCK_HEIGHT = 280;
/** Room kept above and below a non-maximised dock's body: toolbar, diagram tabs, a 110 px strip of canvas (.canvas-host), dock tabs, status bar. */
const CANVAS_RESERVE = 260;

/** localStorage key; v2 because v1 saved the old 280 px default even when the user never dragged. */
export const DOCK_STORAGE_KEY = 'attractor.analysisDock.v2';
const LEGACY_STORAGE_KEY = 'attractor.analysisDock';

/** Default body height: 45 % of the window (405 px at 900 px: a chart with its axes, a completion result), never below the minimum. */
export function defaultDockHeight(viewportHeight: number): number {
  return Math.max(MIN_DOCK_HEIGHT, Math.round(viewportHeight * 0.45));
}

/** A body height kept between the minimum and what leaves the canvas CANVAS_RESERVE px. */
export function clampDockHeight(height: number, viewportHeight: number): number {
  return Math.round(Math.max(MIN_DOCK_HEIGHT, Math.min(viewportHeight - CANVAS_RESERVE, height)));
}

/** The body height to draw: the stored one, or the default, clamped to the window. */
export function dockHeight(state: DockState, viewportHeight: number): number {
  return clampDockHeight(state.height ?? defaultDockHeight(viewportHeight), viewportHeight);
}

/** A stored dock state read back; anything missing or malformed falls back to open, Charts, default height, not maximised. */
export function parseDockState(saved: string | null, legacy: string | null = null): DockState {
  const read = (text: string | null): Record<string, unknown> => {
    try {
      const value: unknown = JSON.parse(text ?? '{}');
      return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };
  // Only the view and open state carry over from v1; its height was the old default for most users.
  const current = saved === null ? { open: read(legacy).open, tab: read(legacy).tab } : read(saved);
  const tab = ANALYSIS_TABS.find((t) => t.id === current.tab)?.id ?? 'charts';
  const height = typeof current.height === 'number' && Number.isFinite(current.height) ? current.height : undefined;
  return { open: typeof current.open === 'boolean' ? current.open : true, tab, ...(height !== undefined ? { height } : {}), maximised: current.maximised === true };
}

/** The dock state from localStorage (the v1 key as a fallback). */
export function storedDockState(): DockState {
  try {
    return parseDockState(localStorage.getItem(DOCK_STORAGE_KEY), localStorage.getItem(LEGACY_STORAGE_KEY));
  } catch {
    return parseDockState(null);
  }
}
