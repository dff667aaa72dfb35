import { useEffect, useMemo } from 'react';
import { shortcutFor, shortcutTable } from './shortcuts';
import { useServices } from './StudioContext';
import type { Commands } from './useCommands';

export const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Commands that make sense without an open diagram, or while a dialog is open. */
const ALWAYS = new Set(['newProject', 'open', 'save', 'saveAs', 'help', 'escape']);

/**
 * Runs the command of every key combination in the shortcut table (see shortcuts.ts). While a text field has the focus
 * only the project commands run; while a dialog is open only Escape and the help key; buttons keep Enter and Space.
 */
export function useShortcuts(commands: Commands): void {
  const { store } = useServices();
  const table = useMemo(() => shortcutTable(isMac), []);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const shortcut = shortcutFor(table, event);
      if (!shortcut) return;
      const state = store.getState();
      if (isTextField(event.target) && !shortcut.inTextFields) return;
      if (!ALWAYS.has(shortcut.command) && (state.overlay || state.pathDialog || !state.activeDiagramId)) return;
      event.preventDefault();
      commands[shortcut.command]();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [commands, store, table]);
}
