import { dialog, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import type { ProjectDialogs } from '../services/projectSession';

const FILTERS = [{ name: 'Attractor Studio projects', extensions: ['attractor'] }];

/** Native open/save dialogs, attached to the main window when there is one. */
export function electronDialogs(window: () => BrowserWindow | undefined, defaultDir: () => string): ProjectDialogs {
  return {
    async chooseProjectToOpen() {
      const options = { title: 'Open Project', defaultPath: defaultDir(), properties: ['openFile' as const], filters: FILTERS };
      const parent = window();
      const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return result.canceled ? undefined : result.filePaths[0];
    },
    async chooseSaveLocation(suggestedName) {
      const options = { title: 'Save Project', defaultPath: join(defaultDir(), `${suggestedName}.attractor`), filters: FILTERS };
      const parent = window();
      const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      return result.canceled ? undefined : result.filePath;
    },
  };
}
