import { app, BrowserWindow, dialog, ipcMain, nativeTheme, protocol, session, webContents, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC_CHANNEL, type ApiResponse } from '../../shared/api.js';
import { findLibraryLocation } from '../api/location.js';
import { openWorkerService, type DialogHost, type WorkerService } from '../api/remote-service.js';
import { showDialog } from './dialogs.js';
import { isAppUrl, mayNavigate } from './navigation.js';
import { DROPPED_PATH_CHANNEL, PathGrants, refuseUngrantedPath } from './path-grants.js';
import { APP_ORIGIN, handleAppRequest, SCHEME } from './protocol.js';

/**
 * The desktop app's main process: thin glue around the service, which runs
 * in a worker thread (SQLite, scans, index builds never hold up the window).
 * One sandboxed, context-isolated window without Node; the contract's
 * handlers on one IPC channel; covers, audio and the renderer through
 * sleeve://. Navigation, redirects, new windows, webviews and permissions are
 * refused; music folders and export targets are only paths the user picked.
 */

const here = fileURLToPath(new URL('.', import.meta.url));
const RENDERER_DIR = join(here, '..', '..', 'renderer');
const PRELOAD = join(here, 'preload.cjs');
/** Longer than any path a file system accepts: a dropped "path" beyond it is not one. */
const MAX_PATH_CHARS = 32_768;

protocol.registerSchemesAsPrivileged([
  { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);
app.enableSandbox();

const log = (message: string) => process.stderr.write(`sleeve: ${message}\n`);
const grants = new PathGrants();
let mainWindow: BrowserWindow | null = null;
let service: Promise<WorkerService> | null = null;

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 840,
    minWidth: 1024,
    minHeight: 700,
    title: 'Sleeve',
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#121214' : '#f6f5f2',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    mainWindow = null;
  });
  void window.loadURL(`${APP_ORIGIN}/`);
  return window;
}

/** Only the app's own page may call the API or report a dropped path. */
function fromApp(event: IpcMainInvokeEvent | IpcMainEvent): boolean {
  return isAppUrl(event.senderFrame?.url ?? '');
}

const REFUSED: ApiResponse = { ok: false, error: { code: 'unauthorized', message: 'Only the Sleeve window may call the API.' } };

/** The native dialogs the service asks for, shown over the window that asked; what the user picks is granted to that window. */
const dialogHost: DialogHost = async (request, caller) => {
  const contents = caller === undefined ? undefined : webContents.fromId(caller);
  const owner = contents ? BrowserWindow.fromWebContents(contents) : null;
  const path = await showDialog(request, owner);
  if (path !== null && caller !== undefined) grants.grant(caller, request.dialog === 'openFolder' ? 'folder' : 'saveTarget', path);
  return path;
};

async function openService(): Promise<WorkerService> {
  const location = await findLibraryLocation(process.platform, process.env, app.getPath('home'));
  if (location.notice) log(location.notice);
  return openWorkerService({ databasePath: location.path, mode: 'desktop', dialogs: dialogHost, log });
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event) => {
    if (!mayNavigate(event.url, event.isMainFrame)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!mayNavigate(event.url, event.isMainFrame)) event.preventDefault();
  });
  // sleeve:// never redirects: a redirect is someone else's doing.
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const id = contents.id;
  contents.once('destroyed', () => grants.forget(id));
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });

  void app.whenReady().then(() => {
    const opening = openService();
    service = opening;
    opening.then(
      (opened) => opened.scanIfLibrary(),
      (error: unknown) => {
        // Not a blank window: the reason in a dialog, then the app ends.
        dialog.showErrorBox('Sleeve cannot open its library', error instanceof Error ? error.message : String(error));
        service = null;
        app.quit();
      },
    );
    const denied = session.defaultSession;
    denied.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    denied.setPermissionCheckHandler(() => false);
    denied.setDevicePermissionHandler(() => false);
    protocol.handle(SCHEME, async (request) => handleAppRequest(await opening, RENDERER_DIR, request));
    ipcMain.handle(IPC_CHANNEL, async (event, request: unknown) => {
      if (!fromApp(event)) return REFUSED;
      const { method, args } = (typeof request === 'object' && request !== null ? request : {}) as { method?: unknown; args?: unknown };
      const caller = event.sender.id;
      const refusal = refuseUngrantedPath(method, args, (kind, path) => grants.allows(caller, kind, path));
      if (refusal) return refusal;
      return (await opening).call(method, args, caller);
    });
    ipcMain.on(DROPPED_PATH_CHANNEL, (event, path: unknown) => {
      if (fromApp(event) && typeof path === 'string' && path.length > 0 && path.length <= MAX_PATH_CHARS) {
        grants.grant(event.sender.id, 'folder', path);
      }
    });
    mainWindow = createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let closing = false;
  app.on('before-quit', (event) => {
    if (closing || !service) return;
    event.preventDefault();
    closing = true;
    void service
      .then((opened) => opened.close())
      .catch(() => undefined)
      .finally(() => app.quit());
  });
}
