import { z } from 'zod';

/**
 * The shapes that cross the API boundary (IPC or HTTP), as zod schemas.
 * Types are inferred from them so that the runtime check and the static
 * type can never disagree.
 */

export const Id = z.int().positive().max(Number.MAX_SAFE_INTEGER);

/** A descriptor kind's name, e.g. `gist`, `color`, `tiny`, `learned`. */
export const KindName = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'a descriptor kind is a short lower-case name like "gist"');

/** How much each descriptor kind counts in "looks like": weights >= 0, at least one > 0. */
export const DescriptorMix = z
  .record(KindName, z.number().min(0).max(1))
  .refine((mix) => Object.values(mix).some((w) => w > 0), 'the descriptor mix needs at least one kind with a weight above 0');
export type DescriptorMix = z.infer<typeof DescriptorMix>;

export const CoverSource = z.enum(['embedded', 'folder']);
export type CoverSource = z.infer<typeof CoverSource>;

export const Root = z.object({
  path: z.string(),
  tracks: z.number().int(),
});
export type Root = z.infer<typeof Root>;

export const LibraryStatus = z.object({
  roots: z.number().int(),
  tracks: z.number().int(),
  albums: z.number().int(),
  artworks: z.number().int(),
  errors: z.number().int(),
  /** When a track was last scanned (ms since the epoch), null for an empty library. */
  lastScan: z.number().nullable(),
  scanning: z.boolean(),
});
export type LibraryStatus = z.infer<typeof LibraryStatus>;

export const ScanPhase = z.enum(['walking', 'reading', 'describing', 'indexing', 'done']);

export const ScanProgress = z.object({
  phase: ScanPhase,
  filesTotal: z.number(),
  filesDone: z.number(),
  tracks: z.number(),
  covers: z.number(),
  errors: z.number(),
  described: z.number(),
  toDescribe: z.number(),
  elapsedSeconds: z.number(),
  filesPerSecond: z.number(),
  coversPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
});
export type ScanProgress = z.infer<typeof ScanProgress>;

export const ScanSummary = z.object({
  tracks: z.number(),
  albums: z.number(),
  artworks: z.number(),
  errors: z.number(),
  seconds: z.number(),
  cancelled: z.boolean(),
});
export type ScanSummary = z.infer<typeof ScanSummary>;

export const ScanState = z.object({
  running: z.boolean(),
  /** Latest progress of the running (or last) scan; null before the first scan of this session. */
  progress: ScanProgress.nullable(),
  /** Summary of the last finished scan of this session. */
  summary: ScanSummary.nullable(),
  /** Why the last scan failed, when it did. */
  error: z.string().nullable(),
});
export type ScanState = z.infer<typeof ScanState>;

export const AlbumSort = z.enum(['artist', 'album', 'year', 'added']);
export type AlbumSort = z.infer<typeof AlbumSort>;

export const AlbumSummary = z.object({
  id: Id,
  artist: z.string(),
  album: z.string(),
  year: z.number().int().nullable(),
  artworkId: Id.nullable(),
});
export type AlbumSummary = z.infer<typeof AlbumSummary>;

export const Track = z.object({
  id: Id,
  title: z.string(),
  artist: z.string().nullable(),
  trackNo: z.number().int().nullable(),
  discNo: z.number().int().nullable(),
  duration: z.number().nullable(),
  path: z.string(),
});
export type Track = z.infer<typeof Track>;

export const Cover = z.object({
  artworkId: Id,
  /** Where the picture came from: embedded in a track's tags, or an image file in the folder. */
  source: CoverSource,
  /** The file the picture was read from (the track for embedded covers). */
  originPath: z.string(),
  format: z.string(),
  width: z.number().int(),
  height: z.number().int(),
});
export type Cover = z.infer<typeof Cover>;

export const AlbumDetail = AlbumSummary.extend({
  genre: z.string().nullable(),
  compilation: z.boolean(),
  cover: Cover.nullable(),
  tracks: z.array(Track),
});
export type AlbumDetail = z.infer<typeof AlbumDetail>;

export const SimilarAlbum = z.object({
  album: AlbumSummary,
  /** Cosine similarity under the mix, 1 = the same picture. */
  similarity: z.number(),
});
export type SimilarAlbum = z.infer<typeof SimilarAlbum>;

export const PlaylistTrack = z.object({
  trackId: Id,
  albumId: Id,
  artworkId: Id.nullable(),
  title: z.string(),
  artist: z.string(),
  album: z.string(),
  duration: z.number().nullable(),
});
export type PlaylistTrack = z.infer<typeof PlaylistTrack>;

export const Playlist = z.object({
  /** The albums in playing order (the strip of covers). */
  albums: z.array(AlbumSummary),
  tracks: z.array(PlaylistTrack),
  /** The descriptor mix the playlist was built with. */
  mix: DescriptorMix,
});
export type Playlist = z.infer<typeof Playlist>;

export const PlaylistFormat = z.enum(['m3u8', 'm3u', 'xspf']);
export type PlaylistFormat = z.infer<typeof PlaylistFormat>;

export const ScanErrorEntry = z.object({
  id: Id,
  path: z.string(),
  reason: z.string(),
  at: z.number(),
});
export type ScanErrorEntry = z.infer<typeof ScanErrorEntry>;

export const Theme = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof Theme>;

export const Settings = z.object({
  /** Which cover wins when a track has both an embedded picture and a folder image. */
  coverSource: CoverSource,
  /** Default descriptor mix for "looks like" and playlists. */
  descriptorWeights: DescriptorMix,
  theme: Theme,
  /** Export playlists with paths relative to the playlist file. */
  exportRelative: z.boolean(),
});
export type Settings = z.infer<typeof Settings>;

/** What "sounds alike" means when measuring: two albums share this tag. */
export const InsightLabel = z.enum(['genre', 'artist', 'decade']);
export type InsightLabel = z.infer<typeof InsightLabel>;

export const KindInsight = z.object({
  /** A descriptor kind (`gist`), a mix (`gist:0.7,color:0.3`) or `learned`. */
  kind: z.string(),
  /** Area under the ROC curve of "cover similarity predicts a shared label" over album pairs: 0.5 is chance. */
  auc: z.number(),
  /** The same with near-duplicate covers left out (they flatter every kind); null when no pair is left. */
  aucWithoutDuplicates: z.number().nullable(),
  /** Share of the 10 nearest covers that carry the same label; null when it could not be measured. */
  precisionAt10: z.number().nullable(),
  albums: z.number().int(),
  positives: z.number().int(),
  negatives: z.number().int(),
  /** True for `learned`: measured on held-out folds. */
  crossValidated: z.boolean(),
});
export type KindInsight = z.infer<typeof KindInsight>;

export const Insights = z.object({
  label: InsightLabel,
  /** False when the library is too small, unlabelled or not described yet. */
  available: z.boolean(),
  /** Why the figures are unavailable, when they are. */
  note: z.string().nullable(),
  /** One sentence: how well cover similarity predicts the label here. */
  reading: z.string(),
  labelled: z.number().int(),
  classes: z.number().int(),
  /** Albums whose cover nearly duplicates another's, and the rule used. */
  duplicates: z.object({ albums: z.number().int(), rule: z.string() }),
  kinds: z.array(KindInsight),
  /** Why `learned` is not among the kinds, when it is not. */
  learnedUnavailable: z.string().nullable(),
  /** The mix playlists use now (from the settings). */
  playlistMix: DescriptorMix,
  /** Its row among the kinds (`gist:0.7,color:0.3`, or a single kind's name), when it could be measured. */
  playlistKind: z.string().nullable(),
});
export type Insights = z.infer<typeof Insights>;

export const AppInfo = z.object({
  mode: z.enum(['desktop', 'browser']),
  version: z.string(),
  databasePath: z.string(),
  /** The descriptor kinds this version computes, in a stable order. */
  kinds: z.array(KindName),
});
export type AppInfo = z.infer<typeof AppInfo>;
