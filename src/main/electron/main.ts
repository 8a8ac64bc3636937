import { app, BrowserWindow, ipcMain, nativeTheme, protocol, session, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC_CHANNEL, type ApiResponse } from '../../shared/api.js';
import { openApiService, type ApiService } from '../api/service.js';
import { electronDialogs } from './dialogs.js';
import { APP_ORIGIN, handleAppRequest, SCHEME } from './protocol.js';

/**
 * The desktop app's main process: thin glue around the Node core. One
 * sandboxed, context-isolated window without Node; the contract's handlers
 * on one IPC channel; covers, audio and the renderer through sleeve://.
 * Navigation, new windows, webviews and permission requests are refused.
 */

const here = fileURLToPath(new URL('.', import.meta.url));
const RENDERER_DIR = join(here, '..', '..', 'renderer');
const PRELOAD = join(here, 'preload.cjs');

protocol.registerSchemesAsPrivileged([
  { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;
let service: ApiService | null = null;

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

/** Only the app's own page may call the API. */
function fromApp(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);
}

const REFUSED: ApiResponse = { ok: false, error: { code: 'unauthorized', message: 'Only the Sleeve window may call the API.' } };

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });

  void app.whenReady().then(() => {
    const opened = openApiService({
      databasePath: join(app.getPath('userData'), 'library.db'),
      mode: 'desktop',
      dialogs: electronDialogs(() => mainWindow),
    });
    service = opened;
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    protocol.handle(SCHEME, (request) => handleAppRequest(opened, RENDERER_DIR, request));
    ipcMain.handle(IPC_CHANNEL, (event, request: unknown) => {
      if (!fromApp(event)) return REFUSED;
      const { method, args } = (typeof request === 'object' && request !== null ? request : {}) as { method?: unknown; args?: unknown };
      return opened.call(method, args);
    });
    mainWindow = createWindow();
    opened.scanIfLibrary();
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
    void service.close().finally(() => app.quit());
  });
}
