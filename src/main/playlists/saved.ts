/**
 * Playlists where players find them. A playlist folder (MPD's
 * playlist_directory, a folder Navidrome or Jellyfin import from…) receives
 * exports by default, under a name suggested from the seed ("Looks like
 * Signals.m3u8") that never takes an existing file's place; every saved
 * playlist is remembered (name, seed, settings, tracks, where it was
 * written) so it can be opened, rebuilt with the same seed after the library
 * changed, written again, or forgotten (and its file removed when asked).
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute, join } from 'node:path';
import { SleeveError } from '../../shared/errors.js';
import { getSetting, setSetting, type Db } from '../store/db.js';
import {
  deleteSavedPlaylistRow,
  getSavedPlaylist,
  insertSavedPlaylist,
  recordWrittenFile,
  replaceSavedTracks,
  savedTrackEntries,
  type SavedFormat,
  type SavedPlaylistRow,
  type SavedTrackEntry,
} from '../store/saved-playlists.js';
import type { PlaylistEntry } from './m3u.js';
import { writePlaylist } from './write-playlist.js';

const FOLDER_KEY = 'playlistFolder';
/** Longest suggested name before its extension: every file system takes 255 bytes; room for " (999)" and UTF-8. */
const MAX_NAME_CHARS = 120;
/** Characters no file name may hold on Windows, macOS or Linux, and control characters. */
const UNSAFE = /[<>:"/\\|?*\u0000-\u001f]/g;

export interface SavedTrack {
  readonly trackId: number;
  readonly path: string;
}

export interface WriteRequest {
  /** The file; default: the suggested name in the playlist folder. */
  readonly path?: string;
  readonly format: SavedFormat;
  /** Entry paths relative to the playlist file (else absolute). */
  readonly relative: boolean;
  /** Replace a file already there (only when the user said so). */
  readonly overwrite: boolean;
}

/** The playlist folder, or null when none is set. */
export function playlistFolder(db: Db): string | null {
  return getSetting(db, FOLDER_KEY) || null;
}

/** Sets (or, with null, clears) the playlist folder; it must be an existing folder given by its absolute path. */
export function setPlaylistFolder(db: Db, folder: string | null): string | null {
  if (folder === null) {
    setSetting(db, FOLDER_KEY, '');
    return null;
  }
  if (!isAbsolute(folder)) throw new SleeveError('bad_request', `The playlist folder must be given by its absolute path, not "${folder}".`);
  const stat = statSync(folder, { throwIfNoEntry: false });
  if (!stat) throw new SleeveError('not_found', `The folder ${folder} does not exist.`);
  if (!stat.isDirectory()) throw new SleeveError('bad_request', `${folder} is not a folder.`);
  setSetting(db, FOLDER_KEY, folder);
  return folder;
}

/** The title a playlist is suggested under: "Looks like <Album>", or "From <A> to <B>" for a journey. */
export function suggestedTitle(seedAlbums: readonly string[], journey: boolean): string {
  if (journey && seedAlbums.length >= 2) return `From ${seedAlbums[0]} to ${seedAlbums[seedAlbums.length - 1]}`;
  if (seedAlbums.length === 0) return 'Sleeve playlist';
  return `Looks like ${seedAlbums.join(' and ')}`;
}

/**
 * A file name for the title in `folder` that no file has yet: the title made
 * safe for every file system, then " (2)", " (3)"… when taken.
 */
export function suggestFileName(folder: string, title: string, format: SavedFormat): string {
  let safe = title.normalize('NFC').replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim().replace(/[. ]+$/, '');
  if (safe.length > MAX_NAME_CHARS) safe = safe.slice(0, MAX_NAME_CHARS).trim();
  if (safe.length === 0 || safe.startsWith('.')) safe = `Playlist${safe}`;
  for (let n = 1; ; n++) {
    const name = `${safe}${n === 1 ? '' : ` (${n})`}.${format}`;
    if (!existsSync(join(folder, name))) return name;
  }
}

export interface SavedPlaylist extends SavedPlaylistRow {
  readonly tracks: SavedTrackEntry[];
  /** Tracks the library no longer has. */
  readonly missing: number;
}

export function openSavedPlaylist(db: Db, id: number): SavedPlaylist {
  const row = getSavedPlaylist(db, id);
  if (!row) throw new SleeveError('not_found', `There is no saved playlist ${id}.`);
  const tracks = savedTrackEntries(db, id);
  return { ...row, tracks, missing: tracks.filter((t) => t.trackId === null).length };
}

/** Remembers a playlist, writing its file first when asked (nothing is remembered when the file cannot be written). */
export function savePlaylist(
  db: Db,
  playlist: { name: string; seed: unknown; settings: unknown; tracks: readonly SavedTrack[] },
  write?: WriteRequest,
): SavedPlaylist {
  const name = playlist.name.trim();
  if (name.length === 0) throw new SleeveError('bad_request', 'A saved playlist needs a name.');
  if (playlist.tracks.length === 0) throw new SleeveError('bad_request', 'The playlist is empty.');
  const id = insertSavedPlaylist(db, { name, seed: playlist.seed, settings: playlist.settings }, playlist.tracks);
  if (write) {
    try {
      writeSavedPlaylist(db, id, write);
    } catch (error) {
      deleteSavedPlaylistRow(db, id);
      throw error;
    }
  }
  return openSavedPlaylist(db, id);
}

/** Writes (or writes again) a saved playlist's file; returns where. */
export function writeSavedPlaylist(db: Db, id: number, request: WriteRequest): SavedPlaylist {
  const saved = openSavedPlaylist(db, id);
  const path = request.path ?? defaultPath(db, saved, request.format);
  if (!isAbsolute(path)) throw new SleeveError('bad_request', `The playlist file must be given by its absolute path, not "${path}".`);
  const written = writePlaylist(path, saved.tracks.map(toEntry), {
    force: request.overwrite,
    absolute: !request.relative,
    title: saved.name,
  });
  recordWrittenFile(db, id, written.path, written.format, request.relative ? 'relative' : 'absolute');
  return openSavedPlaylist(db, id);
}

/** Builds the playlist again from its seed and settings (the library may have changed) and keeps the new tracks. */
export async function rebuildSavedPlaylist(
  db: Db,
  id: number,
  build: (seed: unknown, settings: unknown) => Promise<readonly SavedTrack[]>,
): Promise<SavedPlaylist> {
  const saved = openSavedPlaylist(db, id);
  const tracks = await build(saved.seed, saved.settings);
  if (tracks.length === 0) throw new SleeveError('unavailable', `"${saved.name}" came out empty from the library as it is now; the saved tracks are kept.`);
  replaceSavedTracks(db, id, tracks);
  return openSavedPlaylist(db, id);
}

/** Forgets a saved playlist; with deleteFile, also removes the file it was written to. Returns the file removed, if any. */
export function deleteSavedPlaylist(db: Db, id: number, deleteFile: boolean): string | null {
  const saved = getSavedPlaylist(db, id);
  if (!saved) throw new SleeveError('not_found', `There is no saved playlist ${id}.`);
  let removed: string | null = null;
  if (deleteFile && saved.file && existsSync(saved.file)) {
    try {
      rmSync(saved.file);
      removed = saved.file;
    } catch (error) {
      throw new SleeveError('read_only', `The file ${saved.file} could not be removed (${(error as NodeJS.ErrnoException).code ?? 'error'}); the playlist is still saved.`, { cause: error });
    }
  }
  deleteSavedPlaylistRow(db, id);
  return removed;
}

function defaultPath(db: Db, saved: SavedPlaylistRow, format: SavedFormat): string {
  // Written before: the same file again (replacing it only when the user says so).
  if (saved.file && extname(saved.file).slice(1).toLowerCase() === format) return saved.file;
  const folder = playlistFolder(db);
  if (!folder) throw new SleeveError('bad_request', 'No playlist folder is set: choose one, or the file to write.');
  return join(folder, suggestFileName(folder, saved.name, format));
}

function toEntry(track: SavedTrackEntry): PlaylistEntry {
  return {
    path: track.path,
    title: track.title ?? basename(track.path, extname(track.path)),
    artist: track.artist ?? '',
    album: track.album ?? '',
    duration: track.duration,
  };
}
