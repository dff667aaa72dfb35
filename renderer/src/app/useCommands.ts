import { useMemo } from 'react';
import { useServices } from './StudioContext';

/** Project commands shared by the toolbar and the keyboard: in browser mode, Open… and Save As… ask for a path in-app. */
export interface Commands {
  newProject(): void;
  openExample(exampleId: string): void;
  open(): void;
  save(): void;
  saveAs(): void;
  undo(): void;
  redo(): void;
}

export function useCommands(): Commands {
  const { store, controller, mode } = useServices();
  return useMemo(() => {
    const { actions } = store;
    const saveAs = () => (mode === 'browser' ? actions.setPathDialog('saveAs') : void controller.saveAs());
    return {
      newProject: () => void controller.newProject(),
      openExample: (exampleId: string) => void controller.openExample(exampleId),
      open: () => (mode === 'browser' ? actions.setPathDialog('open') : void controller.open()),
      save: () => {
        const project = store.getState().project;
        if (!project) return;
        if (project.path === null) saveAs();
        else void controller.save();
      },
      saveAs: () => {
        if (store.getState().project) saveAs();
      },
      undo: actions.undo,
      redo: actions.redo,
    };
  }, [store, controller, mode]);
}
