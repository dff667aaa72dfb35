import { useEffect } from 'react';
import type { StudioStore } from '../store/studioStore';

/** Browser mode: while edits have not reached the server yet, leaving or reloading the page asks first. */
export function useUnloadGuard(store: StudioStore, mode: 'electron' | 'browser'): void {
  useEffect(() => {
    if (mode !== 'browser') return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!store.getState().unsynced) return;
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [store, mode]);
}
