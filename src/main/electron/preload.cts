// The only bridge between the page and the app: the contract's single call
// (validated again in the main process), the desktop capabilities, and the
// path of a dropped folder. A sandboxed preload is CommonJS and cannot load
// project files, so only types are imported from src/shared.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { SleeveBridge } from '../../shared/bridge.js';

/** Must equal IPC_CHANNEL in src/shared/api.ts (test/api checks it). */
const IPC_CHANNEL = 'sleeve:api';
/** Must equal DROPPED_PATH_CHANNEL in path-grants.ts (test/electron checks it). */
const DROPPED_PATH_CHANNEL = 'sleeve:dropped-path';

const bridge: SleeveBridge = {
  call: (method, args) => ipcRenderer.invoke(IPC_CHANNEL, { method, args }),
  capabilities: { dialogs: true, dropFolders: true },
  pathForFile: (file) => {
    // A path exists only for a file the user dropped or picked; the main process
    // then accepts it as a music folder. The page itself cannot send this message.
    const path = webUtils.getPathForFile(file as File);
    if (path) ipcRenderer.send(DROPPED_PATH_CHANNEL, path);
    return path;
  },
};

contextBridge.exposeInMainWorld('sleeve', bridge);
