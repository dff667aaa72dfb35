import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { ExampleInfo } from '../api/contract';

/** What the File menu asks the app to do. */
export interface MenuCommands {
  newProject(): void;
  open(): void;
  openExample(exampleId: string): void;
  save(): void;
  saveAs(): void;
}

/** File (New ⌘N, Open… ⌘O, Open Example ▸, Save ⌘S, Save As… ⇧⌘S, Quit), Edit (clipboard), View, Window. */
export function buildMenu(commands: MenuCommands, examples: ExampleInfo[], development: boolean): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New', accelerator: 'CmdOrCtrl+N', click: () => commands.newProject() },
        { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => commands.open() },
        {
          label: 'Open Example',
          submenu: examples.map((example) => ({ label: example.name, toolTip: example.description, click: () => commands.openExample(example.id) })),
        },
        { type: 'separator' },
        { label: 'Save', accelerator: 'CmdOrCtrl+S', click: () => commands.save() },
        { label: 'Save As…', accelerator: 'Shift+CmdOrCtrl+S', click: () => commands.saveAs() },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    // Undo/redo stay with the renderer's own history, so ⌘Z is not claimed here.
    { label: 'Edit', submenu: [{ role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    {
      label: 'View',
      submenu: [
        ...(development ? [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }, { type: 'separator' as const }] : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
