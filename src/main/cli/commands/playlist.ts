import { parseArgs } from 'node:util';
import { DEFAULT_LAMBDA, DEFAULT_TRACKS_PER_ALBUM, buildPlaylist } from '../../playlists/build.js';
import { TYPICAL_TRACK_SECONDS } from '../../playlists/budget.js';
import { PlaylistError } from '../../playlists/errors.js';
import { buildJourney } from '../../playlists/journey.js';
import { checkLengthGoal, checkTracksPerAlbum } from '../../playlists/length-goal.js';
import { formatKindMix } from '../../../shared/mix.js';
import { freshSeed } from '../../../shared/random.js';
import type { Seed } from '../../playlists/seeds.js';
import { DEFAULT_KIND, openCoverSession } from '../../playlists/session.js';
import type { LengthGoal, Playlist } from '../../playlists/types.js';
import { checkPlaylistTarget, writePlaylist } from '../../playlists/write-playlist.js';
import { libraryIndexDir, openLibrary, UsageError, type CliContext, type Command } from '../context.js';

const DEFAULT_LENGTH = 40;
const MAX_RANDOM_SEED = 0xffffffff;
/** Options that shape a --seed playlist and mean nothing on a journey. */
const SEED_ONLY = ['minutes', 'whole-albums', 'no-seed-tracks', 'max-per-artist', 'exclude-seed-artist', 'lambda'] as const;

const OPTIONS = {
  seed: { type: 'string', multiple: true },
  from: { type: 'string' },
  to: { type: 'string' },
  length: { type: 'string' },
  minutes: { type: 'string' },
  out: { type: 'string', short: 'o' },
  kind: { type: 'string', default: DEFAULT_KIND },
  'random-seed': { type: 'string' },
  force: { type: 'boolean', default: false },
  absolute: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  'tracks-per-album': { type: 'string' },
  'whole-albums': { type: 'boolean', default: false },
  'no-seed-tracks': { type: 'boolean', default: false },
  'max-per-artist': { type: 'string' },
  'exclude-seed-artist': { type: 'boolean', default: false },
  lambda: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS }>>['values'];

/**
 * `sleeve playlist --seed ALBUM [--seed ALBUM…] --out mix.m3u8 [options]`: a
 * sounds-like-it-looks playlist; `sleeve playlist --from A --to B --out
 * journey.m3u8`: a journey from one cover to another. Everything is checked,
 * and the playlist built, before the file is written.
 */
export const playlistCommand: Command = async (args, ctx) => {
  const { values } = parseArgs({ args, options: OPTIONS, allowPositionals: false });
  try {
    return await run(values, ctx);
  } catch (error) {
    if (error instanceof PlaylistError) throw new UsageError(error.message, 1);
    throw error;
  }
};

async function run(values: Values, ctx: CliContext): Promise<number> {
  const seeds = values.seed ?? [];
  const journey = values.from !== undefined || values.to !== undefined;
  if (journey === (seeds.length > 0)) {
    throw new UsageError('give --seed ALBUM (one or more) for a playlist, or --from ALBUM --to ALBUM for a journey');
  }
  if (journey && (values.from === undefined || values.to === undefined)) throw new UsageError('a journey needs both --from and --to');
  if (journey) {
    const misplaced = SEED_ONLY.find((name) => values[name] !== undefined && values[name] !== false);
    if (misplaced) throw new UsageError(`--${misplaced} applies to --seed playlists, not to journeys`);
  }
  if (values.length !== undefined && values.minutes !== undefined) throw new UsageError('give --length or --minutes, not both');
  if (values['whole-albums'] && values['tracks-per-album'] !== undefined) {
    throw new UsageError('give --tracks-per-album or --whole-albums, not both');
  }
  if (values.out === undefined && !values.json) {
    throw new UsageError('give --out FILE (.m3u8, .m3u or .xspf), or --json to print the tracks');
  }

  const goal = checkLengthGoal(
    values.minutes !== undefined
      ? { seconds: 60 * numberOption('minutes', values.minutes) }
      : { tracks: values.length !== undefined ? numberOption('length', values.length) : DEFAULT_LENGTH },
  );
  const tracksPerAlbum = checkTracksPerAlbum(
    values['whole-albums']
      ? 'all'
      : values['tracks-per-album'] !== undefined
        ? numberOption('tracks-per-album', values['tracks-per-album'])
        : journey
          ? 1
          : DEFAULT_TRACKS_PER_ALBUM,
  );
  const randomSeed = values['random-seed'] !== undefined ? seedOption(values['random-seed']) : freshSeed();
  const target = values.out !== undefined ? checkPlaylistTarget(values.out, values.force) : undefined;

  const db = openLibrary(ctx);
  try {
    const session = openCoverSession(db, libraryIndexDir(ctx), values.kind, (message) => ctx.stderr(`sleeve: ${message}\n`));
    let playlist: Playlist;
    let title: string;
    if (journey) {
      const from = await session.resolve(values.from as string);
      const to = await session.resolve(values.to as string);
      const tracks = (goal as { tracks: number }).tracks;
      playlist = buildJourney(db, session.space, from, to, { tracks, tracksPerAlbum: tracksPerAlbum as number, randomSeed });
      title = `From ${from.label} to ${to.label}`;
    } else {
      const resolved: Seed[] = [];
      for (const input of seeds) resolved.push(await session.resolve(input));
      playlist = buildPlaylist(db, session.space, resolved, {
        length: goal,
        tracksPerAlbum,
        seedTracks: !values['no-seed-tracks'],
        maxPerArtist: values['max-per-artist'] !== undefined ? numberOption('max-per-artist', values['max-per-artist']) : undefined,
        excludeSeedArtist: values['exclude-seed-artist'],
        lambda: values.lambda !== undefined ? numberOption('lambda', values.lambda) : DEFAULT_LAMBDA,
        randomSeed,
      });
      title = `Like ${resolved.map((seed) => seed.label).join(' + ')}`;
    }
    const written = target ? writePlaylist(target.path, playlist.tracks, { force: values.force, absolute: values.absolute, title }) : undefined;
    const kind = formatKindMix(session.mix);
    if (values.json) {
      ctx.stdout(
        `${JSON.stringify({
          file: written?.path ?? null,
          format: written?.format ?? null,
          title,
          kind,
          randomSeed,
          albums: playlist.albums.map(({ album, score, seed }) => ({
            albumId: album.id,
            artist: album.artist,
            album: album.album,
            score: Number(score.toFixed(6)),
            seed,
          })),
          tracks: playlist.tracks.map(({ path, title: name, artist, album, albumId, duration }) => ({
            path,
            title: name,
            artist,
            album,
            albumId,
            duration,
          })),
        })}\n`,
      );
    } else {
      ctx.stdout(summary(playlist, written?.path as string, title, kind, goal));
    }
    return 0;
  } finally {
    db.close();
  }
}

function summary(playlist: Playlist, path: string, title: string, kind: string, goal: LengthGoal): string {
  const seconds = playlist.tracks.reduce((sum, track) => sum + (track.duration ?? TYPICAL_TRACK_SECONDS), 0);
  const lines = [
    `Wrote ${playlist.tracks.length} tracks from ${playlist.albums.length} albums (${runningTime(seconds)}) to ${path}`,
    `  ${title} · ${kind} · random seed ${playlist.randomSeed}`,
  ];
  if ('tracks' in goal && playlist.tracks.length < goal.tracks) {
    lines.push(`  only ${playlist.tracks.length} of the ${goal.tracks} tracks asked for could be found`);
  }
  return `${lines.join('\n')}\n`;
}

function runningTime(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

function numberOption(name: string, text: string): number {
  const value = Number(text);
  if (text.trim().length === 0 || !Number.isFinite(value)) throw new UsageError(`--${name} must be a number (got "${text}")`);
  return value;
}

function seedOption(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value > MAX_RANDOM_SEED) {
    throw new UsageError(`--random-seed must be a whole number from 0 to ${MAX_RANDOM_SEED} (got "${text}")`);
  }
  return value;
}
