import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useState } from 'react';
import type { AttractorApi } from '../../../main/api/contract';
import { createAutosave, type Autosave } from '../store/autosave';
import { createLiveActivations, type LiveActivations } from '../store/liveActivations';
import { savedDiagram } from '../store/compiled';
import { windowTitle } from '../store/savedState';
import { createStudioStore, type StudioStore } from '../store/studioStore';
import type { Theme } from '../store/state';
import { createController } from './controller';
import { Layout } from './Layout';
import { StudioContext, type StudioServices } from './StudioContext';

const THEME_KEY = 'attractor-studio.theme';

function initialTheme(): Theme {
  const saved = localStorage.getItem(THEME_KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Keeps the page in step with the store: theme attribute, window title, the test hook; drops stale live activations. */
function bindDocument(store: StudioStore, live: LiveActivations): () => void {
  const apply = () => {
    const state = store.getState();
    document.documentElement.dataset.theme = state.theme;
    localStorage.setItem(THEME_KEY, state.theme);
    document.title = windowTitle(state);
  };
  apply();
  if (new URLSearchParams(location.search).get('debug') === '1') {
    (window as unknown as { __attractorDebug: unknown }).__attractorDebug = {
      getDiagram: () => {
        const state = store.getState();
        return state.activeDiagramId ? savedDiagram(state, state.activeDiagramId) : undefined;
      },
      /** The undoable document (every diagram's structure, in tab order). */
      getDocument: () => store.getState().doc,
      /** Labels of the undo entries, oldest first. */
      getHistory: () => store.getState().history.past.map((entry) => entry.label),
      setActivations: (nodeId: string, values: number[]) => live.set(nodeId, Float32Array.from(values)),
    };
  }
  return store.subscribe((state, previous) => {
    if (state.theme !== previous.theme || state.project !== previous.project || state.unsynced !== previous.unsynced) apply();
    if (state.docEpoch !== previous.docEpoch || state.activeDiagramId !== previous.activeDiagramId) live.clear();
  });
}

interface StudioRootProps {
  api: AttractorApi;
  mode: 'electron' | 'browser';
  /** Called with a function that re-reads the project, for the browser gate to use after a reconnect. */
  onRefresher?(refresh: () => Promise<void>): void;
}

/** Creates the window's store, autosave and controller once, and renders the editor. */
export function StudioRoot({ api, mode, onRefresher }: StudioRootProps) {
  const [services] = useState<StudioServices & { autosave: Autosave }>(() => {
    const store = createStudioStore({ theme: initialTheme() });
    const autosave = createAutosave(store, {
      put: (diagram) => api.call('diagram:put', { diagram }),
      remove: (diagramId) => api.call('diagram:delete', { diagramId }),
    });
    return { store, autosave, controller: createController(store, api, autosave), live: createLiveActivations(), mode, api };
  });

  useEffect(() => bindDocument(services.store, services.live), [services]);
  useEffect(() => {
    // Leaving the page must not drop an edit still waiting for the autosave debounce.
    const flush = () => void services.autosave.flush();
    window.addEventListener('pagehide', flush);
    window.addEventListener('beforeunload', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      window.removeEventListener('beforeunload', flush);
    };
  }, [services]);
  useEffect(() => {
    let stop: (() => void) | undefined;
    let cancelled = false;
    void services.controller.start().then((unsubscribe) => (cancelled ? unsubscribe() : (stop = unsubscribe)));
    onRefresher?.(services.controller.refresh);
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [services, onRefresher]);

  return (
    <StudioContext.Provider value={services}>
      <ReactFlowProvider>
        <Layout />
      </ReactFlowProvider>
    </StudioContext.Provider>
  );
}
