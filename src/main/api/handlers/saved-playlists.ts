import { api } from '../../../shared/api.js';
import type { Playlist } from '../../../shared/api-entities.js';
import type { PlaylistRecipe, SavedPlaylistDetail, SavedPlaylistSummary } from '../../../shared/api-atlas.js';
import { SleeveError } from '../../../shared/errors.js';
import {
  deleteSavedPlaylist,
  openSavedPlaylist,
  playlistFolder,
  rebuildSavedPlaylist,
  savePlaylist,
  setPlaylistFolder,
  suggestFileName,
  writeSavedPlaylist,
  type SavedPlaylist,
  type WriteRequest,
} from '../../playlists/saved.js';
import { tracksForExport } from '../../store/api-queries.js';
import { listSavedPlaylists, type SavedPlaylistRow } from '../../store/saved-playlists.js';
import type { ApiDeps } from '../deps.js';
import type { HandlerTable } from '../dispatch.js';
import { checkAbsolutePath } from '../paths.js';
import { readSettings } from '../settings.js';

/** Builds a playlist as the contract's own method would, from checked arguments (the service passes its handler). */
export type BuildPlaylist = (recipe: PlaylistRecipe) => Promise<Playlist> | Playlist;

type Methods =
  | 'playlists.saved.list'
  | 'playlists.saved.get'
  | 'playlists.saved.save'
  | 'playlists.saved.write'
  | 'playlists.saved.rebuild'
  | 'playlists.saved.delete'
  | 'playlists.folder.get'
  | 'playlists.folder.set';

/** Saved playlists and the playlist folder (playlists/saved.ts). */
export function savedPlaylistHandlers(deps: ApiDeps, build: BuildPlaylist): Pick<HandlerTable, Methods> {
  const { db } = deps;

  const writeRequest = (write: { path?: string; format: 'm3u8' | 'm3u' | 'xspf'; relative?: boolean; overwrite: boolean }): WriteRequest => ({
    path: write.path === undefined ? undefined : checkAbsolutePath(write.path, 'the playlist file'),
    format: write.format,
    relative: write.relative ?? readSettings(db, deps.defaultMix).exportRelative,
    overwrite: write.overwrite,
  });

  const folderAnswer = (title: string | undefined, format: 'm3u8' | 'm3u' | 'xspf') => {
    const folder = playlistFolder(db);
    return { path: folder, suggested: folder && title ? `${folder.replace(/[\\/]$/, '')}/${suggestFileName(folder, title, format)}` : null };
  };

  return {
    'playlists.saved.list': () => listSavedPlaylists(db).map(summary),
    'playlists.saved.get': ({ id }) => detail(openSavedPlaylist(db, id)),
    'playlists.saved.save': ({ name, recipe, trackIds, write }) => {
      deps.requireWritable('save a playlist');
      const found = tracksForExport(db, trackIds);
      const missing = trackIds.find((id) => !found.has(id));
      if (missing !== undefined) throw new SleeveError('not_found', `Track ${missing} is not in the library any more; build the playlist again.`);
      const tracks = trackIds.map((trackId) => ({ trackId, path: found.get(trackId)!.path }));
      return detail(savePlaylist(db, { name, seed: recipe ? parseRecipe(recipe) : null, settings: null, tracks }, write ? writeRequest(write) : undefined));
    },
    'playlists.saved.write': ({ id, ...write }) => {
      deps.requireWritable('write a playlist');
      return detail(writeSavedPlaylist(db, id, writeRequest(write)));
    },
    'playlists.saved.rebuild': async ({ id }) => {
      deps.requireWritable('rebuild a playlist');
      return detail(
        await rebuildSavedPlaylist(db, id, async (seed) => {
          const recipe = seed as PlaylistRecipe | null;
          if (!recipe) throw new SleeveError('unavailable', 'This playlist was saved without the seed it was built from, so it cannot be built again.');
          const playlist = await build(parseRecipe(recipe));
          return playlist.tracks.map((track) => ({ trackId: track.trackId, path: track.path }));
        }),
      );
    },
    'playlists.saved.delete': ({ id, deleteFile }) => {
      deps.requireWritable('forget a saved playlist');
      return { removedFile: deleteSavedPlaylist(db, id, deleteFile) };
    },
    'playlists.folder.get': ({ title, format }) => folderAnswer(title, format),
    'playlists.folder.set': ({ path }) => {
      deps.requireWritable('change the playlist folder');
      setPlaylistFolder(db, path === null ? null : checkAbsolutePath(path, 'the playlist folder'));
      return folderAnswer(undefined, 'm3u8');
    },
  };
}

/** The recipe's arguments checked against the contract again (a saved recipe may predate a change to it). */
function parseRecipe(recipe: PlaylistRecipe): PlaylistRecipe {
  const parsed = api[recipe.method].args.safeParse(recipe.args);
  if (!parsed.success) throw new SleeveError('unavailable', 'This playlist was saved by a version of Sleeve whose settings no longer apply; build it anew.');
  return { method: recipe.method, args: parsed.data as Record<string, unknown> };
}

function summary(row: SavedPlaylistRow): SavedPlaylistSummary {
  return {
    id: row.id,
    name: row.name,
    recipe: (row.seed as PlaylistRecipe | null) ?? null,
    file: row.file,
    format: row.format,
    relative: row.pathStyle === null ? null : row.pathStyle === 'relative',
    tracks: row.trackCount,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function detail(saved: SavedPlaylist): SavedPlaylistDetail {
  return {
    ...summary(saved),
    items: saved.tracks.map((t) => ({ trackId: t.trackId, path: t.path, title: t.title, artist: t.artist, album: t.album, duration: t.duration })),
    missing: saved.missing,
  };
}
