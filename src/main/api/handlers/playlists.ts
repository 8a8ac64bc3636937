import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import type { DescriptorMix, Playlist, PlaylistFormat } from '../../../shared/api-entities.js';
import { buildPlaylist } from '../../playlists/build.js';
import { PlaylistError } from '../../playlists/errors.js';
import { buildJourney } from '../../playlists/journey.js';
import { freshSeed } from '../../../shared/random.js';
import type { Seed } from '../../playlists/seeds.js';
import type { CoverSession } from '../../playlists/session.js';
import { findSimilar } from '../../playlists/similar.js';
import type { Playlist as BuiltPlaylist } from '../../playlists/types.js';
import { writePlaylist } from '../../playlists/write-playlist.js';
import type { CoverSessions } from '../cover-sessions.js';
import type { ApiDeps } from '../deps.js';
import type { HandlerTable } from '../dispatch.js';
import { ApiFailure, badRequest, notFound } from '../failure.js';
import { albumSummaries, tracksForExport } from '../queries.js';
import { readSettings } from '../settings.js';

const PLAYLIST_EXTENSIONS = ['.m3u8', '.m3u', '.xspf'];

/** The playlists module speaks to people already; its refusals become bad requests with the same words. */
async function userErrors<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PlaylistError) throw badRequest(capitalise(error.message));
    throw error;
  }
}

function capitalise(text: string): string {
  return text.length > 0 ? text[0].toUpperCase() + text.slice(1) + (text.endsWith('.') ? '' : '.') : text;
}

/**
 * The file the user asked for, with the format's extension added when the
 * name has none; a name ending in another playlist extension is refused
 * rather than silently written in a format it does not say.
 */
export function exportPath(path: string, format: PlaylistFormat): string {
  const extension = extname(path).toLowerCase();
  if (extension === `.${format}`) return path;
  if (PLAYLIST_EXTENSIONS.includes(extension)) {
    throw badRequest(`The file name ends in ${extension} but the format chosen is ${format.toUpperCase()}: make them agree.`);
  }
  return `${path}.${format}`;
}

export function playlistHandlers(
  deps: ApiDeps,
  sessions: CoverSessions,
): Pick<HandlerTable, 'albums.similar' | 'playlists.build' | 'playlists.journey' | 'playlists.export'> {
  const { db } = deps;

  const mixOf = (asked: DescriptorMix | undefined): DescriptorMix =>
    sessions.normalise(asked ?? readSettings(db, deps.defaultMix).descriptorWeights);

  const albumSeed = (session: CoverSession, id: number, role: string): Promise<Seed> => {
    if (!session.space.album(id)) throw notFound(`There is no album ${id} in the library (${role}).`);
    return session.resolve(String(id));
  };

  const toPlaylist = (built: BuiltPlaylist, mix: DescriptorMix): Playlist => {
    const albums = albumSummaries(
      db,
      built.albums.map((entry) => entry.album.id),
    );
    const artworkOf = new Map(built.albums.map((entry) => [entry.album.id, entry.album.artworkId]));
    return {
      albums,
      tracks: built.tracks.map((track) => ({
        trackId: track.id,
        albumId: track.albumId,
        artworkId: artworkOf.get(track.albumId) ?? null,
        title: track.title,
        artist: track.artist,
        album: track.album,
        duration: track.duration,
      })),
      mix,
    };
  };

  return {
    'albums.similar': ({ id, limit, mix }) =>
      userErrors(async () => {
        const normalised = mixOf(mix);
        const session = sessions.session(normalised);
        const seed = await albumSeed(session, id, 'to compare with');
        const found = findSimilar(session.space, seed, limit);
        const summaries = new Map(albumSummaries(db, found.map((hit) => hit.albumId)).map((album) => [album.id, album]));
        return found.flatMap((hit) => {
          const album = summaries.get(hit.albumId);
          return album ? [{ album, similarity: hit.score }] : [];
        });
      }),

    'playlists.build': ({ albumId, length, diversity, tracksPerAlbum, perArtist, seed, mix }) =>
      userErrors(async () => {
        const normalised = mixOf(mix);
        const session = sessions.session(normalised);
        const start = await albumSeed(session, albumId, 'to start from');
        const built = buildPlaylist(db, session.space, [start], {
          length: { tracks: length },
          tracksPerAlbum,
          maxPerArtist: perArtist,
          // Maximal marginal relevance: λ = 1 ranks by similarity alone; diversity is its complement.
          lambda: 1 - diversity,
          randomSeed: seed ?? freshSeed(),
        });
        return toPlaylist(built, normalised);
      }),

    'playlists.journey': ({ fromAlbumId, toAlbumId, length, tracksPerAlbum, mix }) =>
      userErrors(async () => {
        const normalised = mixOf(mix);
        const session = sessions.session(normalised);
        const from = await albumSeed(session, fromAlbumId, 'to start from');
        const to = await albumSeed(session, toAlbumId, 'to arrive at');
        const built = buildJourney(db, session.space, from, to, { tracks: Math.max(2, length), tracksPerAlbum, randomSeed: freshSeed() });
        return toPlaylist(built, normalised);
      }),

    'playlists.export': ({ trackIds, format, path, relative, overwrite, title }) =>
      userErrors(() => {
        const tracks = tracksForExport(db, trackIds);
        const missing = trackIds.find((id) => !tracks.has(id));
        if (missing !== undefined) throw notFound(`Track ${missing} is not in the library any more; build the playlist again.`);
        const target = exportPath(path, format);
        if (!overwrite && existsSync(target)) {
          throw new ApiFailure('conflict', `A file already exists at ${target}. Replace it, or choose another name.`);
        }
        const entries = trackIds.map((id) => tracks.get(id) as NonNullable<ReturnType<typeof tracks.get>>);
        const written = writePlaylist(target, entries, { force: overwrite, absolute: !relative, title: title ?? 'Sleeve playlist' });
        return { path: written.path, entries: entries.length, format: written.format };
      }),
  };
}
