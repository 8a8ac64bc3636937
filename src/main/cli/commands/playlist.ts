import { parseArgs } from 'node:util';
import { LIMITS, type ApiArgs } from '../../../shared/api.js';
import type { Playlist } from '../../../shared/api-entities.js';
import { UsageError, withService, type CliContext, type CliService, type Command } from '../context.js';
import { formatMix, mixArgument, numberOption, pathArgument, seedArgument, wholeNumberOption } from '../options.js';

/** A typical track, for the running time of tracks whose duration is unknown. */
const TYPICAL_TRACK_SECONDS = 240;
/** Options that shape a --seed playlist and mean nothing on a journey. */
const SEED_ONLY = ['minutes', 'whole-albums', 'no-seed-tracks', 'max-per-artist', 'no-artist-cap', 'exclude-seed-artist', 'lambda', 'diversity'] as const;

const OPTIONS = {
  seed: { type: 'string', multiple: true },
  from: { type: 'string' },
  to: { type: 'string' },
  length: { type: 'string' },
  minutes: { type: 'string' },
  out: { type: 'string', short: 'o' },
  kind: { type: 'string' },
  'random-seed': { type: 'string' },
  force: { type: 'boolean', default: false },
  absolute: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  'tracks-per-album': { type: 'string' },
  'whole-albums': { type: 'boolean', default: false },
  'no-seed-tracks': { type: 'boolean', default: false },
  'max-per-artist': { type: 'string' },
  'no-artist-cap': { type: 'boolean', default: false },
  'exclude-seed-artist': { type: 'boolean', default: false },
  lambda: { type: 'string' },
  diversity: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS }>>['values'];

/**
 * `sleeve playlist --seed ALBUM [--seed ALBUM…] [--out mix.m3u8] [options]`:
 * a sounds-like-it-looks playlist; `sleeve playlist --from A --to B`: a
 * journey. The flags become the contract's arguments (defaults are the
 * contract's, the same as the app's); the playlist is built by the service,
 * then written with playlists.export.
 */
export const playlistCommand: Command = async (args, ctx) => {
  const { values } = parseArgs({ args, options: OPTIONS, allowPositionals: false });
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
  if (values['whole-albums'] && values['tracks-per-album'] !== undefined) throw new UsageError('give --tracks-per-album or --whole-albums, not both');
  if (values['no-artist-cap'] && values['max-per-artist'] !== undefined) throw new UsageError('give --max-per-artist or --no-artist-cap, not both');
  if (values.lambda !== undefined && values.diversity !== undefined) throw new UsageError('give --lambda or --diversity, not both');
  if (values.out === undefined && !values.json) throw new UsageError('give --out FILE (.m3u8, .m3u or .xspf), or --json to print the tracks');

  const randomSeed = values['random-seed'] === undefined ? undefined : wholeNumberOption('random-seed', values['random-seed'], 0, LIMITS.randomSeed);
  const length = values.length === undefined ? undefined : numberOption('length', values.length);
  const tracksPerAlbum = values['whole-albums'] ? ('all' as const) : values['tracks-per-album'] === undefined ? undefined : numberOption('tracks-per-album', values['tracks-per-album']);

  return withService(ctx, 'look', async (service) => {
    const kinds = (await service.call('app.info', {})).kinds;
    const mix = values.kind === undefined ? undefined : mixArgument(values.kind, [...new Set([...kinds, 'learned'])]);
    const playlist = journey
      ? await service.call('playlists.journey', {
          from: seedArgument(values.from as string),
          to: seedArgument(values.to as string),
          length,
          tracksPerAlbum: tracksPerAlbum as number | undefined,
          seed: randomSeed,
          mix,
        })
      : await service.call('playlists.build', {
          seeds: seeds.map(seedArgument),
          length,
          minutes: values.minutes === undefined ? undefined : numberOption('minutes', values.minutes),
          tracksPerAlbum,
          perArtist: values['no-artist-cap'] ? null : values['max-per-artist'] === undefined ? undefined : numberOption('max-per-artist', values['max-per-artist']),
          excludeSeedArtist: values['exclude-seed-artist'],
          seedTracksFirst: !values['no-seed-tracks'],
          diversity: diversityOf(values),
          seed: randomSeed,
          mix,
        });
    const written = values.out === undefined ? undefined : await exportPlaylist(service, playlist, values);
    if (values.json) ctx.stdout(`${JSON.stringify(jsonPlaylist(playlist, written))}\n`);
    else report(ctx, playlist, written?.path as string, length);
    return 0;
  });
};

/** --diversity d, or --lambda λ (maximal marginal relevance: d = 1 − λ). */
function diversityOf(values: Values): number | undefined {
  if (values.diversity !== undefined) return numberOption('diversity', values.diversity);
  if (values.lambda !== undefined) return 1 - numberOption('lambda', values.lambda);
  return undefined;
}

function exportPlaylist(service: CliService, playlist: Playlist, values: Values) {
  const args: ApiArgs<'playlists.export'> = {
    trackIds: playlist.tracks.map((track) => track.trackId),
    path: pathArgument(values.out as string),
    overwrite: values.force,
    title: playlist.title,
    ...(values.absolute ? { relative: false } : {}),
  };
  return service.call('playlists.export', args);
}

function jsonPlaylist(playlist: Playlist, written: { path: string; format: string } | undefined): object {
  return {
    file: written?.path ?? null,
    format: written?.format ?? null,
    title: playlist.title,
    kind: formatMix(playlist.mix),
    randomSeed: playlist.seed,
    seeds: playlist.seeds,
    albums: playlist.albums.map(({ id, artist, album, score, seed }) => ({ albumId: id, artist, album, score: Number(score.toFixed(6)), seed })),
    tracks: playlist.tracks.map(({ trackId, path, title, artist, album, albumId, duration }) => ({ trackId, path, title, artist, album, albumId, duration })),
  };
}

function report(ctx: CliContext, playlist: Playlist, path: string, asked: number | undefined): void {
  const seconds = playlist.tracks.reduce((sum, track) => sum + (track.duration ?? TYPICAL_TRACK_SECONDS), 0);
  const lines = [
    `Wrote ${playlist.tracks.length} tracks from ${playlist.albums.length} albums (${runningTime(seconds)}) to ${path}`,
    `  ${playlist.title} · ${formatMix(playlist.mix)} · random seed ${playlist.seed}`,
  ];
  if (asked !== undefined && playlist.tracks.length < asked) lines.push(`  only ${playlist.tracks.length} of the ${asked} tracks asked for could be found`);
  ctx.stdout(`${lines.join('\n')}\n`);
}

function runningTime(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
