import { useCallback, useEffect, useRef, useState, type ReactElement } from 'react';
import { ChartsView } from '../charts/ChartsView';
import { ClassifyView } from '../classify/ClassifyView';
import { CompareView } from '../compare/CompareView';
import { DynamicsView } from '../dynamics/DynamicsView';
import { ExactView } from '../exact/ExactView';
import { GenerateView } from '../generate/GenerateView';
import { InsideView } from '../inside/InsideView';
import { ANALYSIS_TABS, DOCK_MAXIMISE_KEY, type AnalysisTabId } from './analysisTabs';
import { clampDockHeight, DOCK_STORAGE_KEY, MIN_DOCK_HEIGHT, dockHeight, storedDockState, type DockState } from './dockLayout';
import './analysis.css';

const VIEWS: Record<AnalysisTabId, () => ReactElement> = {
  charts: ChartsView,
  inside: InsideView,
  dynamics: DynamicsView,
  generate: GenerateView,
  exact: ExactView,
  compare: CompareView,
  classify: ClassifyView,
};

/** Whether a key event toggles the maximised dock: Alt+M by physical key (Option+M types 'µ' on a Mac). */
const isMaximiseKey = (e: KeyboardEvent) => e.code === `Key${DOCK_MAXIMISE_KEY}`;

/** The window's inner height, followed on resize (the default dock height is a share of it). */
function useViewportHeight(): number {
  const [height, setHeight] = useState(() => window.innerHeight);
  useEffect(() => {
    const onResize = () => setHeight(window.innerHeight);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return height;
}

/**
 * The analysis dock under the canvas: one tab per view (charts, inside, dynamics, generate, exact, compare, classify), only the
 * open one mounted. Alt+1…7 open a view, Alt+0 folds the dock, Alt+M maximises it over the canvas column (again:
 * back to the previous height); the top edge drags (or, focused, takes ↑/↓) to resize. Remembered per machine.
 */
export function AnalysisDock() {
  const [dock, setDock] = useState<DockState>(storedDockState);
  const viewportHeight = useViewportHeight();
  const dragging = useRef<{ startY: number; startHeight: number } | null>(null);
  useEffect(() => localStorage.setItem(DOCK_STORAGE_KEY, JSON.stringify(dock)), [dock]);
  const height = dockHeight(dock, viewportHeight);

  const openTab = useCallback((tab: AnalysisTabId) => setDock((d) => ({ ...d, open: d.open && d.tab === tab ? false : true, tab })), []);
  const toggleMaximised = useCallback(() => setDock((d) => ({ ...d, open: true, maximised: !(d.open && d.maximised) })), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
      // The physical digit key: on a Mac, Option+1 types '¡', so e.key would never be '1'.
      const digit = /^Digit(\d)$/.exec(e.code)?.[1];
      if (digit === '0') setDock((d) => ({ ...d, open: !d.open }));
      const tab = ANALYSIS_TABS.find((t) => t.key === digit);
      if (tab) setDock((d) => ({ ...d, open: true, tab: tab.id }));
      if (isMaximiseKey(e)) toggleMaximised();
      if (tab || digit === '0' || isMaximiseKey(e)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggleMaximised]);

  const resizeTo = (next: number) => setDock((d) => ({ ...d, height: clampDockHeight(next, window.innerHeight) }));
  const onPointerDown = (e: React.PointerEvent) => {
    dragging.current = { startY: e.clientY, startHeight: height };
    (e.target as Element).setPointerCapture?.(e.pointerId);
  };
  const onPointerMove = (e: React.PointerEvent) => {
    if (dragging.current) resizeTo(dragging.current.startHeight + dragging.current.startY - e.clientY);
  };
  const onSeparatorKey = (e: React.KeyboardEvent) => {
    const step = e.shiftKey ? 80 : 20;
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      resizeTo(height + (e.key === 'ArrowUp' ? step : -step));
      e.preventDefault();
    }
  };
  const maximised = dock.open && dock.maximised;
  const View = VIEWS[dock.tab];
  return (
    <section className={`analysis-dock ${dock.open ? 'open' : 'folded'}${maximised ? ' maximised' : ''}`} aria-label="Analysis" data-testid="analysis-dock" data-maximised={maximised}>
      {dock.open && !maximised && (
        <div
          className="analysis-resize"
          role="separator"
          tabIndex={0}
          aria-orientation="horizontal"
          aria-label="Resize the analysis dock (↑ ↓)"
          aria-valuenow={height}
          aria-valuemin={MIN_DOCK_HEIGHT}
          data-testid="analysis-resize"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={() => (dragging.current = null)}
          onKeyDown={onSeparatorKey}
        />
      )}
      <div className="analysis-tabs" role="tablist">
        {ANALYSIS_TABS.map((t) => (
          <button
            key={t.id}
            role="tab"
            aria-selected={dock.open && dock.tab === t.id}
            data-testid={`analysis-tab-${t.id}`}
            title={`${t.hint} (Alt+${t.key})`}
            onClick={() => openTab(t.id)}
          >
            {t.label}
          </button>
        ))}
        <button
          type="button"
          className="analysis-maximise"
          aria-pressed={maximised}
          aria-label={maximised ? 'Restore the analysis dock to its height' : 'Maximise the analysis dock'}
          title={`${maximised ? 'Restore' : 'Maximise'} (Alt+${DOCK_MAXIMISE_KEY})`}
          data-testid="analysis-maximise"
          onClick={toggleMaximised}
        >
          {maximised ? '⤡ Restore' : '⤢ Maximise'}
        </button>
        <button type="button" className="analysis-fold" data-testid="analysis-fold" aria-label={dock.open ? 'Fold the analysis dock' : 'Open the analysis dock'} title="Alt+0" onClick={() => setDock((d) => ({ ...d, open: !d.open }))}>
          {dock.open ? '▾' : '▴'}
        </button>
      </div>
      {dock.open && (
        // Keyed by view: another view starts at its top, not at the scroll offset the previous one left.
        <div key={dock.tab} className="analysis-body" role="tabpanel" data-testid={`analysis-view-${dock.tab}`} style={maximised ? undefined : { height }}>
          <View />
        </div>
      )}
    </section>
  );
}
