import { app, BrowserWindow, dialog, ipcMain, Menu, session, type IpcMainInvokeEvent } from 'electron';
import { fileURLToPath } from 'node:url';
import { CHANNELS, EVENTS, type ApiError, type ProjectSnapshot } from '../api/contract';
import { createAppServices } from '../services/appServices';
import { contentSecurityPolicy } from '../security/csp';
import { electronDialogs } from './dialogs';
import { buildMenu } from './menu';
import { projectPathFromArgv } from './openFiles';

const APP_NAME = 'Attractor Studio';
/** Set by electron-vite's dev server; absent in a built app. */
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const rendererFile = fileURLToPath(new URL('../renderer/index.html', import.meta.url));
const preloadFile = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

let mainWindow: BrowserWindow | undefined;
let defaultProjectDir = app.getPath('documents');

const services = createAppServices({
  mode: 'electron',
  dataDir: app.getPath('userData'),
  dialogs: electronDialogs(() => mainWindow, () => defaultProjectDir),
  defaultProjectDir,
  jobs: { workerUrl: new URL('./jobWorker.js', import.meta.url) },
  probes: { workerUrl: new URL('./probeWorker.js', import.meta.url) },
});

/** Only our own page may call the API. */
function fromOurPage(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return devServerUrl ? url.startsWith(devServerUrl) : url.startsWith('file://');
}

function showTitle(snapshot: ProjectSnapshot | null): void {
  if (!mainWindow) return;
  mainWindow.setTitle(snapshot ? `${snapshot.name}${snapshot.dirty ? ' •' : ''} — ${APP_NAME}` : APP_NAME);
  if (snapshot?.path) mainWindow.setRepresentedFilename(snapshot.path);
  mainWindow.setDocumentEdited(Boolean(snapshot?.dirty));
}

function reportError(error: ApiError): void {
  if (error.code === 'cancelled') return;
  const options = { type: 'error' as const, title: APP_NAME, message: error.message };
  if (mainWindow) void dialog.showMessageBox(mainWindow, options);
  else void dialog.showMessageBox(options);
}

/** True when the open project can be replaced: saved projects are always on disk; an untitled one with content is offered Save As. */
async function mayReplaceProject(): Promise<boolean> {
  const current = await services.handle('project:get', undefined);
  const snapshot = current.ok ? current.value : null;
  const hasContent = snapshot !== null && (snapshot.diagrams.some((d) => d.nodes.length > 0) || snapshot.runs.length > 0);
  if (!snapshot || snapshot.path !== null || !hasContent) return true;
  const options = {
    type: 'question' as const,
    buttons: ['Save…', "Don't Save", 'Cancel'],
    defaultId: 0,
    cancelId: 2,
    message: `Save '${snapshot.name}' before closing it?`,
    detail: 'It has never been saved; without saving, its diagrams and runs are discarded.',
  };
  const { response } = mainWindow ? await dialog.showMessageBox(mainWindow, options) : await dialog.showMessageBox(options);
  if (response === 2) return false;
  if (response === 1) {
    // "Don't Save" is an explicit discard: closing deletes the scratch file (a plain switch would keep it for recovery).
    const closed = await services.handle('project:close', undefined);
    if (!closed.ok) reportError(closed.error);
    return closed.ok;
  }
  const saved = await services.handle('project:saveAs', {});
  if (!saved.ok) reportError(saved.error);
  return saved.ok;
}

async function runCommand(replaces: boolean, command: () => Promise<{ ok: boolean; error?: ApiError }>): Promise<void> {
  if (replaces && !(await mayReplaceProject())) return;
  const result = await command();
  if (!result.ok && result.error) reportError(result.error);
}

function installMenu(): void {
  void services.handle('example:list', undefined).then((examples) => {
    const menu = buildMenu(
      {
        newProject: () => void runCommand(true, () => services.handle('project:new', undefined)),
        open: () => void runCommand(true, () => services.handle('project:open', {})),
        openExample: (exampleId) => void runCommand(true, () => services.handle('project:openExample', { exampleId })),
        save: () =>
          void runCommand(false, async () => {
            const saved = await services.handle('project:save', undefined);
            return !saved.ok && saved.error.code === 'invalid-argument' ? services.handle('project:saveAs', {}) : saved;
          }),
        saveAs: () => void runCommand(false, () => services.handle('project:saveAs', {})),
      },
      examples.ok ? examples.value : [],
      Boolean(devServerUrl),
    );
    Menu.setApplicationMenu(menu);
  });
}

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: APP_NAME,
    webPreferences: { preload: preloadFile, contextIsolation: true, nodeIntegration: false, sandbox: true, webSecurity: true },
  });
  mainWindow = window;
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = undefined;
  });
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  let closeConfirmed = false;
  window.on('close', (event) => {
    if (closeConfirmed) return;
    event.preventDefault();
    void mayReplaceProject().then((ok) => {
      if (!ok) return;
      closeConfirmed = true;
      window.close();
    });
  });
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(rendererFile);
}

function installIpc(): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, arg: unknown) => {
      if (!fromOurPage(event)) return { ok: false, error: { code: 'invalid-argument', message: 'Calls are only accepted from the app page.' } };
      return services.handle(channel, arg as never);
    });
  }
  for (const event of EVENTS) {
    services.on(event, (payload) => mainWindow?.webContents.send(`api-event:${event}`, payload));
  }
  services.on('project:changed', showTitle);
}

/** Opens a project file the OS handed over (double-click, "Open with", drag onto the dock icon), offering to save first. */
function openHandedFile(path: string | undefined): void {
  if (path) void runCommand(true, () => services.handle('project:open', { path }));
}

/** A file opened before the app was ready (macOS sends open-file during launch). */
let pendingFile = projectPathFromArgv(process.argv);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.setName(APP_NAME);
  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
    openHandedFile(projectPathFromArgv(argv, workingDirectory));
  });
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (app.isReady()) openHandedFile(path);
    else pendingFile = path;
  });
  void app.whenReady().then(async () => {
    const info = await services.handle('app:info', undefined);
    if (info.ok) defaultProjectDir = info.value.defaultProjectDir;
    const policy = contentSecurityPolicy();
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
    });
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    installIpc();
    installMenu();
    createWindow();
    openHandedFile(pendingFile);
  });
  app.on('window-all-closed', () => app.quit());
  // After the windows have closed (and offered to save): end runs, close the project, stop the workers.
  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed) return;
    event.preventDefault();
    void services.dispose().finally(() => {
      disposed = true;
      app.quit();
    });
  });
}
