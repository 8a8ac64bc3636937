import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { DEFAULTS, type SeedRef } from '../../../shared/api.js';
import type { DescriptorMix, Playlist, PlaylistFormat, ResolvedSeed } from '../../../shared/api-entities.js';
import { SleeveError } from '../../../shared/errors.js';
import { freshSeed } from '../../../shared/random.js';
import { buildPlaylist } from '../../playlists/build.js';
import { buildJourney } from '../../playlists/journey.js';
import type { Seed } from '../../playlists/seeds.js';
import type { CoverSession } from '../../playlists/session.js';
import { findSimilar } from '../../playlists/similar.js';
import type { Playlist as BuiltPlaylist } from '../../playlists/types.js';
import { writePlaylist } from '../../playlists/write-playlist.js';
import { albumSummaries, tracksForExport } from '../../store/api-queries.js';
import type { CoverSessions } from '../cover-sessions.js';
import type { ApiDeps } from '../deps.js';
import type { HandlerTable } from '../dispatch.js';
import { checkAbsolutePath } from '../paths.js';
import { readSettings } from '../settings.js';

const PLAYLIST_EXTENSIONS: readonly PlaylistFormat[] = ['m3u8', 'm3u', 'xspf'];

/**
 * The file the user asked for and its format: the format given, else the
 * one the file name's extension says, else M3U8 (its extension added). A name
 * ending in another playlist extension than the format is refused rather
 * than written in a format it does not say.
 */
export function exportTarget(path: string, format: PlaylistFormat | undefined): { path: string; format: PlaylistFormat } {
  const extension = extname(path).toLowerCase().slice(1);
  const named = PLAYLIST_EXTENSIONS.find((known) => known === extension);
  const chosen = format ?? named ?? 'm3u8';
  if (named === chosen) return { path, format: chosen };
  if (named) {
    throw new SleeveError('bad_request', `The file name ends in .${named} but the format chosen is ${chosen.toUpperCase()}: make them agree.`);
  }
  return { path: `${path}.${chosen}`, format: chosen };
}

function seedLabel(seed: Seed): ResolvedSeed {
  return { label: seed.label, albumId: seed.album?.id ?? null };
}

export function playlistHandlers(
  deps: ApiDeps,
  sessions: CoverSessions,
): Pick<HandlerTable, 'albums.similar' | 'albums.resolve' | 'playlists.build' | 'playlists.journey' | 'playlists.export'> {
  const { db } = deps;

  const sessionFor = (asked: DescriptorMix | undefined): { session: CoverSession; mix: DescriptorMix } => {
    const mix = sessions.normalise(asked ?? readSettings(db, deps.defaultMix).descriptorWeights);
    return { session: sessions.session(mix), mix };
  };

  /** An album id of the library, or what a person typed (an id, "Artist/Album", a track or image path). */
  const resolve = (session: CoverSession, ref: SeedRef, role: string): Promise<Seed> => {
    if (typeof ref === 'number') {
      if (!session.space.album(ref)) throw new SleeveError('not_found', `There is no album ${ref} in the library (${role}).`);
      return session.resolve(String(ref));
    }
    return session.resolve(ref);
  };

  const toPlaylist = (built: BuiltPlaylist, mix: DescriptorMix, title: string, seeds: readonly Seed[]): Playlist => {
    const summaries = new Map(albumSummaries(db, built.albums.map((entry) => entry.album.id)).map((album) => [album.id, album]));
    const albums = built.albums.flatMap((entry) => {
      const summary = summaries.get(entry.album.id);
      return summary ? [{ ...summary, score: entry.score, seed: entry.seed }] : [];
    });
    const artworkOf = new Map(built.albums.map((entry) => [entry.album.id, entry.album.artworkId]));
    return {
      title,
      albums,
      tracks: built.tracks.map((track) => ({
        trackId: track.id,
        path: track.path,
        albumId: track.albumId,
        artworkId: artworkOf.get(track.albumId) ?? null,
        title: track.title,
        artist: track.artist,
        album: track.album,
        duration: track.duration,
      })),
      mix,
      seed: built.randomSeed,
      seeds: seeds.map(seedLabel),
    };
  };

  return {
    'albums.similar': async ({ id, seed, limit, mix }) => {
      const { session } = sessionFor(mix);
      const start = await resolve(session, id ?? (seed as SeedRef), 'to compare with');
      const found = findSimilar(session.space, start, limit);
      const summaries = new Map(albumSummaries(db, found.map((hit) => hit.albumId)).map((album) => [album.id, album]));
      return found.flatMap((hit) => {
        const album = summaries.get(hit.albumId);
        return album ? [{ album, similarity: hit.score, closerThan: hit.closerThan }] : [];
      });
    },

    'albums.resolve': async ({ seed }) => {
      const { session } = sessionFor(undefined);
      return seedLabel(await resolve(session, seed, 'asked for'));
    },

    'playlists.build': async (args) => {
      const { session, mix } = sessionFor(args.mix);
      const refs: readonly SeedRef[] = args.seeds ?? [args.albumId as number];
      const seeds: Seed[] = [];
      for (const ref of refs) seeds.push(await resolve(session, ref, 'to start from'));
      const built = buildPlaylist(db, session.space, seeds, {
        length: args.minutes !== undefined ? { seconds: 60 * args.minutes } : { tracks: args.length ?? DEFAULTS.playlist.length },
        tracksPerAlbum: args.tracksPerAlbum,
        seedTracks: args.seedTracksFirst,
        maxPerArtist: args.perArtist ?? undefined,
        excludeSeedArtist: args.excludeSeedArtist,
        // Maximal marginal relevance: λ = 1 ranks by similarity alone; diversity is its complement.
        lambda: 1 - args.diversity,
        randomSeed: args.seed ?? freshSeed(),
      });
      return toPlaylist(built, mix, `Like ${seeds.map((seed) => seed.label).join(' + ')}`, seeds);
    },

    'playlists.journey': async (args) => {
      const { session, mix } = sessionFor(args.mix);
      const from = await resolve(session, args.fromAlbumId ?? (args.from as SeedRef), 'to start from');
      const to = await resolve(session, args.toAlbumId ?? (args.to as SeedRef), 'to arrive at');
      const built = buildJourney(db, session.space, from, to, {
        tracks: args.length,
        tracksPerAlbum: args.tracksPerAlbum,
        randomSeed: args.seed ?? freshSeed(),
      });
      return toPlaylist(built, mix, `From ${from.label} to ${to.label}`, [from, to]);
    },

    'playlists.export': ({ trackIds, format, path, relative, overwrite, title }) => {
      const tracks = tracksForExport(db, trackIds);
      const missing = trackIds.find((id) => !tracks.has(id));
      if (missing !== undefined) throw new SleeveError('not_found', `Track ${missing} is not in the library any more; build the playlist again.`);
      const target = exportTarget(checkAbsolutePath(path, 'the playlist file'), format);
      if (!overwrite && existsSync(target.path)) throw new SleeveError('conflict', `A file already exists at ${target.path}.`);
      const entries = trackIds.map((id) => tracks.get(id) as NonNullable<ReturnType<typeof tracks.get>>);
      const written = writePlaylist(target.path, entries, {
        force: overwrite,
        absolute: !(relative ?? readSettings(db, deps.defaultMix).exportRelative),
        title: title ?? 'Sleeve playlist',
      });
      return { path: written.path, entries: entries.length, format: written.format };
    },
  };
}
