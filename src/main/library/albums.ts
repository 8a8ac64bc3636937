import { basename, dirname } from 'node:path';
import type { Db } from '../store/db.js';
import { refreshAlbumFacts } from '../store/scan-store.js';
import { DISC_FOLDER } from './formats.js';
import type { TrackTags } from './tags.js';

export const VARIOUS_ARTISTS = 'Various Artists';
export const UNKNOWN_ARTIST = 'Unknown Artist';

const VARIOUS = /^(various( artists)?|va|v\.a\.|various artist)$/i;

export interface AlbumIdentity {
  readonly key: string;
  readonly artist: string;
  readonly album: string;
  readonly compilation: boolean;
  /** The album's own folder: the parent of a "Disc N" folder. */
  readonly folder: string;
}

/** The folder an album lives in: a "Disc 2" / "CD 2" subfolder belongs to its parent. */
export function albumFolder(trackPath: string): string {
  const dir = dirname(trackPath);
  return DISC_FOLDER.test(basename(dir)) ? dirname(dir) : dir;
}

const fold = (s: string) => s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Which album a track belongs to: album artist (else artist) + album tag;
 * compilations ("Various Artists" or the compilation flag) group by album
 * title and folder so their many track artists stay one album; with no album
 * tag, the folder is the album.
 */
export function albumIdentity(tags: TrackTags, trackPath: string): AlbumIdentity {
  const folder = albumFolder(trackPath);
  const compilation = tags.compilation || (tags.albumArtist !== null && VARIOUS.test(tags.albumArtist));
  if (tags.album === null) {
    const artist = tags.albumArtist ?? tags.artist ?? UNKNOWN_ARTIST;
    return { key: `folder\0${folder}`, artist, album: basename(folder), compilation, folder };
  }
  if (compilation) {
    return { key: `compilation\0${fold(tags.album)}\0${folder}`, artist: VARIOUS_ARTISTS, album: tags.album, compilation, folder };
  }
  const artist = tags.albumArtist ?? tags.artist ?? UNKNOWN_ARTIST;
  return { key: `album\0${fold(artist)}\0${fold(tags.album)}`, artist, album: tags.album, compilation, folder };
}

/**
 * Recomputes the per-album facts that depend on all of its tracks (cover,
 * year, genre) and drops albums left with no tracks: all albums, or those given.
 */
export function refreshAlbums(db: Db, albumIds?: Iterable<number>): void {
  refreshAlbumFacts(db, albumIds);
}
