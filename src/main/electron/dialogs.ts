import { app, dialog, type BrowserWindow } from 'electron';
import { basename, join } from 'node:path';
import type { DialogRequest } from '../api/service-protocol.js';

const PLAYLIST_FILTERS: Readonly<Record<string, Electron.FileFilter>> = {
  m3u8: { name: 'M3U8 playlist', extensions: ['m3u8'] },
  m3u: { name: 'M3U playlist', extensions: ['m3u'] },
  xspf: { name: 'XSPF playlist', extensions: ['xspf'] },
};

/** The native folder picker or save dialog the service asked for, attached to the window that asked; null when cancelled. */
export async function showDialog(request: DialogRequest, owner: BrowserWindow | null): Promise<string | null> {
  if (request.dialog === 'openFolder') {
    const options: Electron.OpenDialogOptions = { title: request.title ?? 'Choose a music folder', properties: ['openDirectory'] };
    const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  }
  const filter = request.extension ? PLAYLIST_FILTERS[request.extension] : undefined;
  const options: Electron.SaveDialogOptions = {
    title: 'Export the playlist',
    // Only a file name is taken from the page; the user picks the folder.
    defaultPath: join(app.getPath('documents'), basename(request.defaultName ?? 'Sleeve playlist.m3u8')),
    filters: filter ? [filter] : Object.values(PLAYLIST_FILTERS),
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  };
  const result = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}
