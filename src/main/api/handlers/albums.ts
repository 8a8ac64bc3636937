import type { AlbumDetail, AlbumSummary } from '../../../shared/api-entities.js';
import { getAlbum, listAlbums, listTracks, type AlbumSummary as StoredAlbum } from '../../store/queries.js';
import type { ApiDeps } from '../deps.js';
import type { HandlerTable } from '../dispatch.js';
import { notFound } from '../failure.js';
import { artworkOrigin } from '../queries.js';

export function toAlbumSummary(album: StoredAlbum): AlbumSummary {
  return { id: album.id, artist: album.artist, album: album.album, year: album.year, artworkId: album.cover?.artworkId ?? null };
}

export function albumHandlers(deps: ApiDeps): Pick<HandlerTable, 'albums.list' | 'albums.get'> {
  const { db } = deps;
  return {
    'albums.list': ({ query, sort, offset, limit }) => {
      const search = query.trim();
      const { total, albums } = listAlbums(db, { search: search.length > 0 ? search : undefined, sort, offset, limit });
      return { total, items: albums.map(toAlbumSummary) };
    },
    'albums.get': ({ id }): AlbumDetail => {
      const album = getAlbum(db, id);
      if (!album) throw notFound(`There is no album ${id} in the library (it may have gone in a rescan).`);
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
  };
}
