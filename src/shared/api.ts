import { z } from 'zod';
import {
  AlbumDetail,
  AlbumListItem,
  AlbumSort,
  AppInfo,
  DescribedImage,
  DescriptorMix,
  EvalResult,
  Id,
  InsightLabel,
  Insights,
  KindName,
  LearnResult,
  LibraryStatus,
  Playlist,
  PlaylistFormat,
  ResolvedSeed,
  Root,
  ScanErrorEntry,
  ScanState,
  Settings,
  SimilarAlbum,
  TrackListItem,
} from './api-entities.js';
import { AtlasState, PlaylistRecipe, PlaylistWrite, SavedPlaylistDetail, SavedPlaylistSummary, WatchState } from './api-atlas.js';
import { ERROR_CODES } from './errors.js';

/**
 * The one API contract of Sleeve. Each method has a name, a schema for its
 * arguments (checked on every request, defaults filled in here and nowhere
 * else) and a schema for its result. The core implements it once
 * (src/main/api); the command line calls it in-process, and two transports
 * carry it to the window: Electron IPC and the local HTTP bridge of `sleeve
 * serve`. Desktop-only methods (native dialogs) answer `desktop_only`
 * elsewhere, where the UI shows path fields instead.
 */
export interface MethodSpec<A extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly summary: string;
  readonly args: A;
  readonly result: R;
  readonly desktopOnly?: boolean;
}

function method<A extends z.ZodType, R extends z.ZodType>(spec: MethodSpec<A, R>): MethodSpec<A, R> {
  return spec;
}

/** Every default a user meets, in one place: the CLI, the app and browser mode read them from here. */
export const DEFAULTS = {
  /**
   * "Looks like" when neither the request nor Settings say: mostly layout and
   * texture (GIST), some palette (colour), until the neural kind has described
   * every cover in the background; from then on the neural kind alone.
   */
  mix: { gist: 0.7, color: 0.3 } as DescriptorMix,
  similar: { limit: 12 },
  playlist: { length: 30, tracksPerAlbum: 2, perArtist: 2, diversity: 0.3 },
  journey: { length: 20, tracksPerAlbum: 1 },
  page: 100,
} as const;

export const LIMITS = {
  playlistTracks: 500,
  playlistMinutes: 24 * 60,
  tracksPerAlbum: 50,
  perArtist: 50,
  seeds: 20,
  similar: 100,
  page: 1000,
  /** Random seeds are 32-bit: the generator (mulberry32) takes no more. */
  randomSeed: 2 ** 32 - 1,
  describeImages: 100,
} as const;

const NoArgs = z.strictObject({});
const Paging = { offset: z.int().min(0).default(0), limit: z.int().min(1).max(LIMITS.page).default(DEFAULTS.page) };

/**
 * A path as the user gave it. Whether it is absolute is decided by the core,
 * for the platform it runs on (C:\\x is absolute on Windows only); here only
 * what is never a path is refused.
 */
export const PathText = z
  .string()
  .min(1, 'a path is required')
  .max(4096, 'the path is longer than 4096 characters')
  .refine((p) => !p.includes('\0'), 'the path contains a NUL character');

/**
 * What a playlist or "looks like" starts from: an album id, an album named
 * "Artist/Album" (case-insensitive), or the absolute path of a track of the
 * library or of any image file.
 */
export const SeedRef = z.union([Id, z.string().trim().min(1, 'an empty seed was given').max(4096)]);
export type SeedRef = z.infer<typeof SeedRef>;

const RandomSeed = z
  .int('the random seed must be a whole number')
  .min(0, `the random seed is a whole number from 0 to ${LIMITS.randomSeed}`)
  .max(LIMITS.randomSeed, `the random seed is a whole number from 0 to ${LIMITS.randomSeed}`);
const TrackCount = z
  .int('the length must be a whole number of tracks')
  .min(1, 'the length must be at least 1 track')
  .max(LIMITS.playlistTracks, `the length can be at most ${LIMITS.playlistTracks} tracks`);
const TracksPerAlbum = z.union(
  [z.int().min(1).max(LIMITS.tracksPerAlbum), z.literal('all')],
  `tracks per album must be a whole number from 1 to ${LIMITS.tracksPerAlbum}, or all`,
);

function exactlyOne(a: unknown, b: unknown): boolean {
  return (a === undefined) !== (b === undefined);
}

export const api = {
  'app.info': method({
    summary: 'Which mode the app runs in, its version and the descriptor kinds in the library.',
    args: NoArgs,
    result: AppInfo,
  }),
  'library.status': method({
    summary: 'Counts of folders, tracks, albums, covers and errors.',
    args: NoArgs,
    result: LibraryStatus,
  }),
  'library.roots.list': method({
    summary: 'The music folders.',
    args: NoArgs,
    result: z.array(Root),
  }),
  'library.roots.add': method({
    summary: 'Adds a music folder (it must exist and be readable).',
    args: z.strictObject({ path: PathText }),
    result: z.array(Root),
  }),
  'library.roots.remove': method({
    summary: 'Removes a music folder and forgets its tracks (the files are untouched).',
    args: z.strictObject({ path: PathText }),
    result: z.array(Root),
  }),
  'scan.start': method({
    summary: 'Starts scanning every music folder in the background (a scan asked for while one runs follows it).',
    args: z.strictObject({
      /** Music folders to add first (each must exist and be readable). */
      roots: z.array(PathText).max(100).optional(),
      /** Describe new covers (false: tags and pictures only). */
      describe: z.boolean().default(true),
    }),
    result: ScanState,
  }),
  'scan.progress': method({
    summary: 'The running (or last) scan: phase, counts, rate, time left.',
    args: NoArgs,
    result: ScanState,
  }),
  'scan.cancel': method({
    summary: 'Cancels the running scan and the describing that follows it; what was done so far is kept.',
    args: NoArgs,
    result: ScanState,
  }),
  'albums.list': method({
    summary: 'Albums matching a search on artist and album title, sorted and paged.',
    args: z.strictObject({ query: z.string().max(200).default(''), sort: AlbumSort.default('artist'), ...Paging }),
    result: z.object({ total: z.number().int(), items: z.array(AlbumListItem) }),
  }),
  'albums.get': method({
    summary: 'One album: its cover and where it came from, and its tracks.',
    args: z.strictObject({ id: Id }),
    result: AlbumDetail,
  }),
  'albums.similar': method({
    summary: 'The albums whose covers look most like an album of the library (id) or any seed (an album named, a track, an image).',
    args: z
      .strictObject({
        id: Id.optional(),
        seed: SeedRef.optional(),
        limit: z.int().min(1).max(LIMITS.similar).default(DEFAULTS.similar.limit),
        mix: DescriptorMix.optional(),
      })
      .refine((a) => exactlyOne(a.id, a.seed), 'give either id or seed'),
    result: z.array(SimilarAlbum),
  }),
  'albums.resolve': method({
    summary: 'What a seed names: an album of the library, or an image described on the fly.',
    args: z.strictObject({ seed: SeedRef }),
    result: ResolvedSeed,
  }),
  'playlists.build': method({
    summary: 'A sounds-like-it-looks playlist grown from one album (albumId) or several seeds.',
    args: z
      .strictObject({
        albumId: Id.optional(),
        seeds: z.array(SeedRef).min(1, 'give at least one seed').max(LIMITS.seeds).optional(),
        /** Tracks; when neither length nor minutes is given, DEFAULTS.playlist.length tracks. */
        length: TrackCount.optional(),
        minutes: z
          .number()
          .positive('the running time must be a positive number of minutes')
          .max(LIMITS.playlistMinutes, `the running time can be at most ${LIMITS.playlistMinutes} minutes`)
          .optional(),
        diversity: z.number().min(0, 'diversity lies between 0 and 1').max(1, 'diversity lies between 0 and 1').default(DEFAULTS.playlist.diversity),
        tracksPerAlbum: TracksPerAlbum.default(DEFAULTS.playlist.tracksPerAlbum),
        /** At most this many tracks by one artist; null: no cap. */
        perArtist: z
          .int('the cap per artist must be a whole number')
          .min(1, 'the cap per artist must be at least 1')
          .max(LIMITS.perArtist)
          .nullable()
          .default(DEFAULTS.playlist.perArtist),
        /** Leave out other albums by the seeds' artists. */
        excludeSeedArtist: z.boolean().default(false),
        /** Start with the seed albums' own tracks. */
        seedTracksFirst: z.boolean().default(true),
        seed: RandomSeed.optional(),
        mix: DescriptorMix.optional(),
      })
      .refine((a) => exactlyOne(a.albumId, a.seeds), 'give either albumId or seeds')
      .refine((a) => a.length === undefined || a.minutes === undefined, 'give a length in tracks or in minutes, not both'),
    result: Playlist,
  }),
  'playlists.journey': method({
    summary: 'A playlist whose covers morph from one album (or image) to another.',
    args: z
      .strictObject({
        fromAlbumId: Id.optional(),
        toAlbumId: Id.optional(),
        from: SeedRef.optional(),
        to: SeedRef.optional(),
        length: z
          .int('the length must be a whole number of tracks')
          .min(2, 'a journey needs at least 2 tracks, the start first and the end last')
          .max(LIMITS.playlistTracks)
          .default(DEFAULTS.journey.length),
        tracksPerAlbum: z
          .int('tracks per album must be a whole number')
          .min(1, 'tracks per album must be at least 1')
          .max(LIMITS.tracksPerAlbum)
          .default(DEFAULTS.journey.tracksPerAlbum),
        seed: RandomSeed.optional(),
        mix: DescriptorMix.optional(),
      })
      .refine((a) => exactlyOne(a.fromAlbumId, a.from), 'give the start as either fromAlbumId or from')
      .refine((a) => exactlyOne(a.toAlbumId, a.to), 'give the end as either toAlbumId or to')
      .refine((a) => (a.fromAlbumId ?? a.from) !== (a.toAlbumId ?? a.to), 'a journey needs two different albums'),
    result: Playlist,
  }),
  'playlists.export': method({
    summary: 'Writes a playlist file (M3U8, M3U or XSPF) where the user asked; never over a file unless overwrite is set.',
    args: z.strictObject({
      trackIds: z.array(Id).min(1, 'the playlist is empty').max(100_000),
      /** Default: from the file name's extension, else M3U8. */
      format: PlaylistFormat.optional(),
      path: PathText,
      /** Entry paths relative to the playlist file; default: the setting. */
      relative: z.boolean().optional(),
      overwrite: z.boolean().default(false),
      title: z.string().max(200).optional(),
    }),
    result: z.object({ path: z.string(), entries: z.number().int(), format: PlaylistFormat }),
  }),
  'atlas.get': method({
    summary: 'The map of the library\'s covers in a descriptor mix (default: the playlists\' mix), brought up to date in the background when the library changed.',
    args: z.strictObject({ mix: DescriptorMix.optional() }),
    result: AtlasState,
  }),
  'atlas.relayout': method({
    summary: 'Lays the whole map out again (in the background), with another random seed if given.',
    args: z.strictObject({ mix: DescriptorMix.optional(), seed: RandomSeed.optional() }),
    result: AtlasState,
  }),
  'atlas.poster': method({
    summary: 'Writes a PNG poster of the map: every cover at its place (never over a file unless overwrite is set).',
    args: z.strictObject({
      mix: DescriptorMix.optional(),
      path: PathText,
      size: z.int('the size is a whole number of pixels').min(256, 'a poster is at least 256 pixels wide').max(16384, 'a poster is at most 16384 pixels wide').default(4096),
      overwrite: z.boolean().default(false),
    }),
    result: z.object({ path: z.string(), covers: z.number().int(), size: z.number().int() }),
  }),
  'watch.get': method({
    summary: 'Whether the music folders are watched for changes, and which are checked periodically instead (and why).',
    args: NoArgs,
    result: WatchState,
  }),
  'watch.set': method({
    summary: 'Turns watching on or off, or sets how often folders that cannot be watched are checked.',
    args: z.strictObject({
      enabled: z.boolean().optional(),
      pollSeconds: z.int('the interval is a whole number of seconds').min(10, 'folders are checked at most every 10 seconds').max(86_400, 'folders are checked at least once a day').optional(),
    }),
    result: WatchState,
  }),
  'playlists.saved.list': method({
    summary: 'The saved playlists, most recently changed first.',
    args: NoArgs,
    result: z.array(SavedPlaylistSummary),
  }),
  'playlists.saved.get': method({
    summary: 'One saved playlist with its tracks.',
    args: z.strictObject({ id: Id }),
    result: SavedPlaylistDetail,
  }),
  'playlists.saved.save': method({
    summary: 'Remembers a playlist (and writes its file when asked; never over a file unless overwrite is set).',
    args: z.strictObject({
      name: z.string().trim().min(1, 'a saved playlist needs a name').max(200),
      recipe: PlaylistRecipe.optional(),
      trackIds: z.array(Id).min(1, 'the playlist is empty').max(LIMITS.playlistTracks * 10),
      write: PlaylistWrite.optional(),
    }),
    result: SavedPlaylistDetail,
  }),
  'playlists.saved.write': method({
    summary: 'Writes a saved playlist\'s file (again).',
    args: PlaylistWrite.extend({ id: Id }),
    result: SavedPlaylistDetail,
  }),
  'playlists.saved.rebuild': method({
    summary: 'Builds a saved playlist again from its seed and settings, on the library as it is now.',
    args: z.strictObject({ id: Id }),
    result: SavedPlaylistDetail,
  }),
  'playlists.saved.delete': method({
    summary: 'Forgets a saved playlist; with deleteFile, also removes the file it was written to.',
    args: z.strictObject({ id: Id, deleteFile: z.boolean().default(false) }),
    result: z.object({ removedFile: z.string().nullable() }),
  }),
  'playlists.folder.get': method({
    summary: 'The playlist folder, and a free file name there for a title ("Looks like Signals.m3u8").',
    args: z.strictObject({ title: z.string().max(200).optional(), format: PlaylistFormat.default('m3u8') }),
    result: z.object({ path: z.string().nullable(), suggested: z.string().nullable() }),
  }),
  'playlists.folder.set': method({
    summary: 'Sets the folder exports go to by default (null: none).',
    args: z.strictObject({ path: PathText.nullable() }),
    result: z.object({ path: z.string().nullable(), suggested: z.string().nullable() }),
  }),
  'tracks.list': method({
    summary: 'Tracks of the library (or of one album), by path, paged.',
    args: z.strictObject({ albumId: Id.optional(), ...Paging }),
    result: z.object({ total: z.number().int(), items: z.array(TrackListItem) }),
  }),
  'errors.list': method({
    summary: 'Files that could not be read in the last scans, and why.',
    args: z.strictObject(Paging),
    result: z.object({ total: z.number().int(), items: z.array(ScanErrorEntry) }),
  }),
  'settings.get': method({
    summary: 'Cover-source preference, descriptor weights, theme, export defaults.',
    args: NoArgs,
    result: Settings,
  }),
  'settings.set': method({
    summary: 'Changes some settings; returns all of them.',
    args: Settings.partial().strict(),
    result: Settings,
  }),
  'images.describe': method({
    summary: 'Describes image files with one descriptor kind, exactly as a scan would (or at their own size).',
    args: z.strictObject({
      paths: z.array(PathText).min(1, 'give at least one image').max(LIMITS.describeImages),
      kind: KindName,
      rawSize: z.boolean().default(false),
    }),
    result: z.object({ items: z.array(DescribedImage) }),
  }),
  'eval.run': method({
    summary: 'How well cover similarity predicts a shared label: on the library, or on a labelled folder of images.',
    args: z.strictObject({
      /** genre, artist or decade on the library; any column of the labels file for images (genre, look…). */
      label: z.string().min(1).max(64).default('genre'),
      images: z.strictObject({ dir: PathText, labels: PathText.optional() }).optional(),
      /** Mixes measured besides the single kinds and the useful default mixes. */
      mixes: z.array(DescriptorMix).max(20).default([]),
      learned: z.boolean().default(true),
      seed: z.int().min(0).max(LIMITS.randomSeed).default(1),
    }),
    result: EvalResult,
  }),
  'learned.fit': method({
    summary: "Fits the 'learned' descriptor kind to the library's own labels and describes every cover with it.",
    args: z.strictObject({ label: InsightLabel.default('genre'), seed: z.int().min(0).max(LIMITS.randomSeed).default(1) }),
    result: LearnResult,
  }),
  'insights.get': method({
    summary: 'How well each descriptor kind predicts related music in this library (AUC, precision@10).',
    args: z.strictObject({ label: InsightLabel.default('genre') }),
    result: Insights,
  }),
  'dialog.openFolder': method({
    summary: 'Native folder picker (desktop only).',
    args: z.strictObject({ title: z.string().max(200).optional() }),
    result: z.object({ path: z.string().nullable() }),
    desktopOnly: true,
  }),
  'dialog.saveFile': method({
    summary: 'Native save dialog (desktop only).',
    args: z.strictObject({ defaultName: z.string().max(255).optional(), format: PlaylistFormat.optional() }),
    result: z.object({ path: z.string().nullable() }),
    desktopOnly: true,
  }),
} as const;

export type Api = typeof api;
export type ApiMethod = keyof Api;
/** Arguments as a caller writes them (defaults may be left out). */
export type ApiArgs<M extends ApiMethod> = z.input<Api[M]['args']>;
/** Arguments as a handler receives them (validated, defaults filled in). */
export type ApiParsedArgs<M extends ApiMethod> = z.output<Api[M]['args']>;
export type ApiResult<M extends ApiMethod> = z.output<Api[M]['result']>;

export const API_METHODS = Object.keys(api) as ApiMethod[];

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.hasOwn(api, name);
}

export const ApiErrorCode = z.enum(ERROR_CODES);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

export interface ApiErrorBody {
  readonly code: ApiErrorCode;
  readonly message: string;
}

/** Every answer, on both transports: a result or a clear error, never a crash. */
export type ApiResponse<M extends ApiMethod = ApiMethod> =
  | { readonly ok: true; readonly result: ApiResult<M> }
  | { readonly ok: false; readonly error: ApiErrorBody };

/** The HTTP status the browser-mode bridge answers for each error code. */
export const HTTP_STATUS: Readonly<Record<ApiErrorCode, number>> = {
  bad_request: 400,
  unknown_method: 404,
  not_found: 404,
  conflict: 409,
  busy: 423,
  unavailable: 503,
  read_only: 403,
  disk_full: 507,
  corrupt: 500,
  newer_version: 409,
  desktop_only: 501,
  unauthorized: 401,
  too_large: 413,
  internal: 500,
};

/** The single IPC channel that carries `{ method, args }` in the desktop app. */
export const IPC_CHANNEL = 'sleeve:api';
