import type { AlbumDetail, AlbumListItem, AlbumSummary } from '../../../shared/api-entities.js';
import { SleeveError } from '../../../shared/errors.js';
import { artworkOrigin } from '../../store/api-queries.js';
import { albumPage } from '../../store/album-search.js';
import { albumsByIds, getAlbum, listTracks, listTracksPage, type AlbumSummary as StoredAlbum } from '../../store/queries.js';
import type { ApiDeps } from '../deps.js';
import type { HandlerTable } from '../dispatch.js';

export function toAlbumSummary(album: StoredAlbum): AlbumSummary {
  return { id: album.id, artist: album.artist, album: album.album, year: album.year, artworkId: album.cover?.artworkId ?? null };
}

function toListItem(album: StoredAlbum): AlbumListItem {
  const cover = album.cover;
  return {
    ...toAlbumSummary(album),
    genre: album.genre,
    compilation: album.compilation,
    tracks: album.tracks,
    cover: cover && { sha256: cover.sha256, source: cover.source, format: cover.format, width: cover.width, height: cover.height },
  };
}

export function albumHandlers(deps: ApiDeps): Pick<HandlerTable, 'albums.list' | 'albums.get' | 'tracks.list'> {
  const { db } = deps;
  return {
    'albums.list': ({ query, sort, offset, limit }) => {
      // The page's ids from the search index (a substring of artist or title, as typed), then their rows.
      const { total, ids } = albumPage(db, { search: query.trim(), sort, offset, limit });
      return { total, items: albumsByIds(db, ids).map(toListItem) };
    },
    'albums.get': ({ id }): AlbumDetail => {
      const album = getAlbum(db, id);
      if (!album) throw new SleeveError('not_found', `There is no album ${id} in the library (it may have gone in a rescan).`);
      const cover = album.cover;
      return {
        ...toAlbumSummary(album),
        genre: album.genre,
        compilation: album.compilation,
        cover: cover
          ? {
              artworkId: cover.artworkId,
              source: cover.source,
              originPath: artworkOrigin(db, cover.artworkId) ?? '',
              format: cover.format,
              width: cover.width,
              height: cover.height,
            }
          : null,
        tracks: listTracks(db, id).map((track) => ({
          id: track.id,
          title: track.title,
          artist: track.artist,
          trackNo: track.trackNo,
          discNo: track.discNo,
          duration: track.duration,
          path: track.path,
        })),
      };
    },
    'tracks.list': ({ albumId, offset, limit }) => {
      if (albumId !== undefined && !getAlbum(db, albumId)) throw new SleeveError('not_found', `There is no album ${albumId} in the library.`);
      return listTracksPage(db, { albumId, offset, limit });
    },
  };
}
