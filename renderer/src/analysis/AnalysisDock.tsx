import { useCallback, useEffect, useRef, useState, type ReactElement } from 'react';
import { ChartsView } from '../charts/ChartsView';
import { CompareView } from '../compare/CompareView';
import { DynamicsView } from '../dynamics/DynamicsView';
import { ExactView } from '../exact/ExactView';
import { GenerateView } from '../generate/GenerateView';
import { InsideView } from '../inside/InsideView';
import { ANALYSIS_TABS, type AnalysisTabId } from './analysisTabs';
import './analysis.css';

const VIEWS: Record<AnalysisTabId, () => ReactElement> = {
  charts: ChartsView,
  inside: InsideView,
  dynamics: DynamicsView,
  generate: GenerateView,
  exact: ExactView,
  compare: CompareView,
};

const MIN_HEIGHT = 160;
const STORAGE_KEY = 'attractor.analysisDock';

function storedDock(): { open: boolean; tab: AnalysisTabId; height: number } {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Partial<{ open: boolean; tab: AnalysisTabId; height: number }>;
    const tab = ANALYSIS_TABS.some((t) => t.id === saved.tab) ? saved.tab! : 'charts';
    return { open: saved.open ?? true, tab, height: Math.max(MIN_HEIGHT, saved.height ?? 280) };
  } catch {
    return { open: true, tab: 'charts', height: 280 };
  }
}

/**
 * The analysis dock under the canvas: one tab per view (charts, inside, dynamics, generate, exact, compare), only the
 * open one mounted. Alt+1…6 open a view, Alt+0 folds the dock; the top edge drags to resize. Remembered per machine.
 */
export function AnalysisDock() {
  const [dock, setDock] = useState(storedDock);
  const dragging = useRef<{ startY: number; startHeight: number } | null>(null);
  useEffect(() => localStorage.setItem(STORAGE_KEY, JSON.stringify(dock)), [dock]);

  const openTab = useCallback((tab: AnalysisTabId) => setDock((d) => ({ ...d, open: d.open && d.tab === tab ? false : true, tab })), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
      // The physical digit key: on a Mac, Option+1 types '¡', so e.key would never be '1'.
      const digit = /^Digit(\d)$/.exec(e.code)?.[1];
      if (digit === '0') setDock((d) => ({ ...d, open: !d.open }));
      const tab = ANALYSIS_TABS.find((t) => t.key === digit);
      if (tab) setDock((d) => ({ ...d, open: true, tab: tab.id }));
      if (tab || digit === '0') e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onPointerDown = (e: React.PointerEvent) => {
    dragging.current = { startY: e.clientY, startHeight: dock.height };
    (e.target as Element).setPointerCapture?.(e.pointerId);
  };
  const onPointerMove = (e: React.PointerEvent) => {
    if (!dragging.current) return;
    const height = Math.max(MIN_HEIGHT, Math.min(window.innerHeight - 200, dragging.current.startHeight + dragging.current.startY - e.clientY));
    setDock((d) => ({ ...d, height }));
  };
  const View = VIEWS[dock.tab];
  return (
    <section className={`analysis-dock ${dock.open ? 'open' : 'folded'}`} aria-label="Analysis" data-testid="analysis-dock">
      {dock.open && (
        <div
          className="analysis-resize"
          role="separator"
          aria-orientation="horizontal"
          aria-label="Resize the analysis dock"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={() => (dragging.current = null)}
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
        <button className="analysis-fold" aria-label={dock.open ? 'Fold the analysis dock' : 'Open the analysis dock'} title="Alt+0" onClick={() => setDock((d) => ({ ...d, open: !d.open }))}>
          {dock.open ? '▾' : '▴'}
        </button>
      </div>
      {dock.open && (
        <div className="analysis-body" role="tabpanel" data-testid={`analysis-view-${dock.tab}`} style={{ height: dock.height }}>
          <View />
        </div>
      )}
    </section>
  );
}
