// The only bridge between the page and the app: the contract's single call
// (validated again in the main process), the desktop capabilities, and the
// path of a dropped folder. A sandboxed preload is CommonJS and cannot load
// project files, so only types are imported from src/shared.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { SleeveBridge } from '../../shared/bridge.js';

/** Must equal IPC_CHANNEL in src/shared/api.ts (test/api checks it). */
const IPC_CHANNEL = 'sleeve:api';

const bridge: SleeveBridge = {
  call: (method, args) => ipcRenderer.invoke(IPC_CHANNEL, { method, args }),
  capabilities: { dialogs: true, dropFolders: true },
  pathForFile: (file) => webUtils.getPathForFile(file as File),
};

contextBridge.exposeInMainWorld('sleeve', bridge);
