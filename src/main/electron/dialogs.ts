import { app, dialog, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import type { DesktopDialogs } from '../api/deps.js';

const PLAYLIST_FILTERS: Readonly<Record<string, Electron.FileFilter>> = {
  m3u8: { name: 'M3U8 playlist', extensions: ['m3u8'] },
  m3u: { name: 'M3U playlist', extensions: ['m3u'] },
  xspf: { name: 'XSPF playlist', extensions: ['xspf'] },
};

/** The native folder picker and save dialog, attached to the app's window. */
export function electronDialogs(window: () => BrowserWindow | null): DesktopDialogs {
  return {
    async openFolder(title) {
      const options: Electron.OpenDialogOptions = { title: title ?? 'Choose a music folder', properties: ['openDirectory'] };
      const owner = window();
      const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async saveFile(defaultName, extension) {
      const filter = extension ? PLAYLIST_FILTERS[extension] : undefined;
      const options: Electron.SaveDialogOptions = {
        title: 'Export the playlist',
        defaultPath: join(app.getPath('documents'), defaultName ?? 'Sleeve playlist.m3u8'),
        filters: filter ? [filter] : Object.values(PLAYLIST_FILTERS),
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      };
      const owner = window();
      const result = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
  };
}
