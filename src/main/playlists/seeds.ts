import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Db } from '../store/db.js';
import type { CoverSpace } from './cover-space.js';
import { PlaylistError } from './errors.js';
import { albumOfTrackPath, type AlbumRow } from './library-view.js';
import { foldName } from './names.js';

/** A starting point: an album of the library, or an image described on the fly. */
export interface Seed {
  /** How the seed is shown to the user. */
  readonly label: string;
  readonly album?: AlbumRow;
  /** Its cover in the cover space. */
  readonly embedding: Float64Array;
}

/** Describes an image file with each kind of the mix, in the mix's order; throws when it cannot be decoded. */
export type DescribeImage = (path: string) => Promise<readonly ArrayLike<number>[]>;

export interface SeedContext {
  readonly db: Db;
  readonly space: CoverSpace;
  readonly describeImage: DescribeImage;
}

/**
 * Resolves what the user typed as ALBUM: an album id, "Artist/Album"
 * (case-insensitive; artists may contain '/' themselves, as in AC/DC), an
 * audio file of the library, or any image file.
 */
export async function resolveSeed(input: string, context: SeedContext): Promise<Seed> {
  const text = input.trim();
  if (text.length === 0) throw new PlaylistError('An empty seed was given.');
  if (/^\d+$/.test(text)) {
    const album = context.space.album(Number(text));
    if (album) return albumSeed(album, context.space);
  }
  // Only absolute paths are files: a relative one would depend on the folder the service runs in.
  if (isAbsolute(text) && isFile(text)) return fileSeed(text, context);
  const byName = albumsNamed(text, context.space.albums);
  if (byName.length === 1) return albumSeed(byName[0], context.space);
  if (byName.length > 1) {
    throw new PlaylistError(
      `"${text}" names ${byName.length} albums (ids ${byName.map((album) => album.id).join(', ')}); give an album id.`,
    );
  }
  throw new PlaylistError(
    `No album matches "${text}": give an album id, "Artist/Album", a track of the library or an image file.`,
    { code: 'not_found' },
  );
}

export function albumLabel(album: AlbumRow): string {
  return `${album.artist}/${album.album}`;
}

function albumSeed(album: AlbumRow, space: CoverSpace): Seed {
  const embedding = space.embedAlbum(album.id);
  if (!embedding) {
    const kinds = space.kinds.map((kind) => kind.name).join(', ');
    throw new PlaylistError(
      album.artworkId === null
        ? `Album ${album.id} "${albumLabel(album)}" has no cover.`
        : `The cover of album ${album.id} "${albumLabel(album)}" has no descriptor of kind ${kinds} yet: scan again.`,
      { code: 'unavailable' },
    );
  }
  return { label: albumLabel(album), album, embedding };
}

async function fileSeed(path: string, context: SeedContext): Promise<Seed> {
  const absolute = resolve(path);
  for (const candidate of new Set([absolute, realpathSync(absolute)])) {
    const albumId = albumOfTrackPath(context.db, candidate);
    if (albumId === undefined) continue;
    const album = albumId === null ? undefined : context.space.album(albumId);
    if (!album) throw new PlaylistError(`The track ${path} belongs to no album of the library.`, { code: 'not_found' });
    return albumSeed(album, context.space);
  }
  let vectors: readonly ArrayLike<number>[];
  try {
    vectors = await context.describeImage(absolute);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PlaylistError(`${path} is neither a track of the library nor a readable image (${reason}).`, {
      cause: error,
    });
  }
  return { label: path, embedding: context.space.embed(vectors) };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Albums whose "artist/album" equals text, trying each '/' as the separator. */
function albumsNamed(text: string, albums: readonly AlbumRow[]): AlbumRow[] {
  const splits: { artist: string; album: string }[] = [];
  for (let at = text.indexOf('/'); at >= 0; at = text.indexOf('/', at + 1)) {
    splits.push({ artist: foldName(text.slice(0, at)), album: foldName(text.slice(at + 1)) });
  }
  return albums.filter((album) => {
    const artist = foldName(album.artist);
    const title = foldName(album.album);
    return splits.some((split) => split.artist === artist && split.album === title);
  });
}
