import { z } from 'zod';
import {
  AlbumDetail,
  AlbumSort,
  AlbumSummary,
  AppInfo,
  DescriptorMix,
  Id,
  InsightLabel,
  Insights,
  LibraryStatus,
  Playlist,
  PlaylistFormat,
  Root,
  ScanErrorEntry,
  ScanState,
  Settings,
  SimilarAlbum,
} from './api-entities.js';

/**
 * The one API contract between the renderer and the core. Each method has a
 * name, a schema for its arguments (checked in the main process on every
 * request) and a schema for its result. Two transports carry it: Electron IPC
 * and the local HTTP bridge of `sleeve serve`. Desktop-only methods (native
 * dialogs) answer `desktop_only` in browser mode, where the UI shows path
 * fields instead.
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

const NoArgs = z.strictObject({});
const Paging = { offset: z.int().min(0).default(0), limit: z.int().min(1).max(1000).default(100) };
const AbsolutePath = z
  .string()
  .min(1, 'a path is required')
  .max(4096)
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'the path must be absolute (start with / or a drive letter)');
const PlaylistLength = z.int().min(1).max(500);

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
    args: z.strictObject({ path: AbsolutePath }),
    result: z.array(Root),
  }),
  'library.roots.remove': method({
    summary: 'Removes a music folder and forgets its tracks (the files are untouched).',
    args: z.strictObject({ path: AbsolutePath }),
    result: z.array(Root),
  }),
  'scan.start': method({
    summary: 'Starts scanning every music folder in the background (no-op while a scan runs).',
    args: NoArgs,
    result: ScanState,
  }),
  'scan.progress': method({
    summary: 'The running (or last) scan: phase, counts, rate, time left.',
    args: NoArgs,
    result: ScanState,
  }),
  'scan.cancel': method({
    summary: 'Cancels the running scan; what was read so far is kept.',
    args: NoArgs,
    result: ScanState,
  }),
  'albums.list': method({
    summary: 'Albums matching a search on artist and album title, sorted and paged.',
    args: z.strictObject({ query: z.string().max(200).default(''), sort: AlbumSort.default('artist'), ...Paging }),
    result: z.object({ total: z.number().int(), items: z.array(AlbumSummary) }),
  }),
  'albums.get': method({
    summary: 'One album: its cover and where it came from, and its tracks.',
    args: z.strictObject({ id: Id }),
    result: AlbumDetail,
  }),
  'albums.similar': method({
    summary: 'The albums whose covers look most like this one.',
    args: z.strictObject({ id: Id, limit: z.int().min(1).max(100).default(12), mix: DescriptorMix.optional() }),
    result: z.array(SimilarAlbum),
  }),
  'playlists.build': method({
    summary: 'A sounds-like-it-looks playlist grown from one album.',
    args: z.strictObject({
      albumId: Id,
      length: PlaylistLength.default(30),
      diversity: z.number().min(0).max(1).default(0.3),
      tracksPerAlbum: z.int().min(1).max(50).default(2),
      perArtist: z.int().min(1).max(50).default(2),
      seed: z.int().min(0).max(2 ** 31 - 1).optional(),
      mix: DescriptorMix.optional(),
    }),
    result: Playlist,
  }),
  'playlists.journey': method({
    summary: 'A playlist whose covers morph from one album to another.',
    args: z
      .strictObject({
        fromAlbumId: Id,
        toAlbumId: Id,
        length: PlaylistLength.default(20),
        tracksPerAlbum: z.int().min(1).max(50).default(1),
        mix: DescriptorMix.optional(),
      })
      .refine((a) => a.fromAlbumId !== a.toAlbumId, 'a journey needs two different albums'),
    result: Playlist,
  }),
  'playlists.export': method({
    summary: 'Writes a playlist file (M3U8, M3U or XSPF) where the user asked.',
    args: z.strictObject({
      trackIds: z.array(Id).min(1, 'the playlist is empty').max(100_000),
      format: PlaylistFormat.default('m3u8'),
      path: AbsolutePath,
      relative: z.boolean().default(true),
      overwrite: z.boolean().default(false),
      title: z.string().max(200).optional(),
    }),
    result: z.object({ path: z.string(), entries: z.number().int(), format: PlaylistFormat }),
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

export const ApiErrorCode = z.enum([
  'bad_request',
  'unknown_method',
  'not_found',
  'conflict',
  'desktop_only',
  'unavailable',
  'unauthorized',
  'internal',
]);
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
  desktop_only: 501,
  unavailable: 503,
  unauthorized: 401,
  internal: 500,
};

/** The single IPC channel that carries `{ method, args }` in the desktop app. */
export const IPC_CHANNEL = 'sleeve:api';
