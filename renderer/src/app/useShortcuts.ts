import { useEffect } from 'react';
import type { Commands } from './useCommands';

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Global keys: Ctrl/Cmd+S save, +Shift+S save as, +O open, +N new, +Z undo, +Shift+Z / +Y redo.
 * Undo and redo are left to text fields while one has the focus. Delete is handled by the canvas.
 */
export function useShortcuts(commands: Commands): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      const run = (command: () => void) => {
        event.preventDefault();
        command();
      };
      if (key === 's') run(event.shiftKey ? commands.saveAs : commands.save);
      else if (key === 'o') run(commands.open);
      else if (key === 'n') run(commands.newProject);
      else if (isTextField(event.target)) return;
      else if (key === 'z') run(event.shiftKey ? commands.redo : commands.undo);
      else if (key === 'y') run(commands.redo);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [commands]);
}
