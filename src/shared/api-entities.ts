import { z } from 'zod';
import { ERROR_CODES } from './errors.js';

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

/** A scan of this library running in another process (the CLI, or another window). */
export const ScanElsewhere = z.object({ pid: z.number().int(), host: z.string(), since: z.number() });
export type ScanElsewhere = z.infer<typeof ScanElsewhere>;

export const DescriptorCount = z.object({ kind: z.string(), version: z.number().int(), count: z.number().int() });
export type DescriptorCount = z.infer<typeof DescriptorCount>;

export const LibraryStatus = z.object({
  /** Where the library lives. */
  databasePath: z.string(),
  /** The music folders. */
  rootPaths: z.array(z.string()),
  /** Covers described per kind (current versions only). */
  descriptors: z.array(DescriptorCount),
  /** A scan running in another process, when there is one. */
  scanningElsewhere: ScanElsewhere.nullable(),
  /**
   * A descriptor kind still being computed in the background after a scan
   * ("refining…"): covers described so far, and whether it runs now. Null
   * once every cover has it; "looks like" then defaults to it.
   */
  refining: z.object({ kind: z.string(), described: z.number().int(), covers: z.number().int(), running: z.boolean() }).nullable(),
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
  /** Files read this time (new or changed since the last scan). */
  filesRead: z.number(),
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
  /** The kind of failure (busy: another process is scanning; disk_full…), when it failed. */
  errorCode: z.enum(ERROR_CODES).nullable(),
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

/** An album as listed: its summary, label and counts, and its cover's picture. */
export const AlbumListItem = AlbumSummary.extend({
  genre: z.string().nullable(),
  compilation: z.boolean(),
  tracks: z.number().int(),
  cover: z
    .object({ sha256: z.string(), source: z.enum(['embedded', 'folder']), format: z.string(), width: z.number().int(), height: z.number().int() })
    .nullable(),
});
export type AlbumListItem = z.infer<typeof AlbumListItem>;

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
  /** Its rank in the library: the share of the other albums whose covers are less like the seed (0.99: closer than 99% of them). */
  closerThan: z.number().min(0).max(1),
});

/** What a seed turned out to be: an album of the library, or an image described on the fly. */
export const ResolvedSeed = z.object({
  /** How the seed is shown: "Artist/Album", or the image's path. */
  label: z.string(),
  albumId: Id.nullable(),
});
export type ResolvedSeed = z.infer<typeof ResolvedSeed>;

/** A track of the library as listed. */
export const TrackListItem = z.object({
  id: Id,
  path: z.string(),
  albumId: Id.nullable(),
  title: z.string(),
  artist: z.string().nullable(),
  album: z.string().nullable(),
  trackNo: z.number().int().nullable(),
  discNo: z.number().int().nullable(),
  duration: z.number().nullable(),
  /** SHA-256 of the cover picture chosen for the track. */
  artwork: z.string().nullable(),
  artworkSource: z.enum(['embedded', 'folder']).nullable(),
});
export type TrackListItem = z.infer<typeof TrackListItem>;
export type SimilarAlbum = z.infer<typeof SimilarAlbum>;

export const PlaylistTrack = z.object({
  trackId: Id,
  /** The audio file. */
  path: z.string(),
  albumId: Id,
  artworkId: Id.nullable(),
  title: z.string(),
  artist: z.string(),
  album: z.string(),
  duration: z.number().nullable(),
});
export type PlaylistTrack = z.infer<typeof PlaylistTrack>;

export const PlaylistAlbum = AlbumSummary.extend({
  /** Similarity of the album's cover to the seeds (to the journey's step target for journeys). */
  score: z.number(),
  /** True for the seed albums themselves. */
  seed: z.boolean(),
});
export type PlaylistAlbum = z.infer<typeof PlaylistAlbum>;

export const Playlist = z.object({
  /** A title for the playlist file ("Like Artist/Album", "From A to B"). */
  title: z.string(),
  /** The albums in playing order (the strip of covers). */
  albums: z.array(PlaylistAlbum),
  tracks: z.array(PlaylistTrack),
  /** The descriptor mix the playlist was built with. */
  mix: DescriptorMix,
  /** The random seed it was built with: the same seed and settings on the same library give the same playlist. */
  seed: z.number().int(),
  /** What it was grown from (journeys: the start, then the end). */
  seeds: z.array(ResolvedSeed),
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
  /** The front end: the desktop app, browser mode, or the command line. */
  mode: z.enum(['desktop', 'browser', 'cli']),
  version: z.string(),
  databasePath: z.string(),
  /** The descriptor kinds a mix may use here: those this version computes, and `learned` once it has been fitted. */
  kinds: z.array(KindName),
});

export const DescribedImage = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    path: z.string(),
    kind: KindName,
    version: z.number().int(),
    /** The size the descriptor was computed at. */
    width: z.number().int(),
    height: z.number().int(),
    vector: z.array(z.number()),
  }),
  z.object({ ok: z.literal(false), path: z.string(), error: z.string() }),
]);
export type DescribedImage = z.infer<typeof DescribedImage>;

export const EvalKindScore = z.object({
  auc: z.number().nullable(),
  aucWithoutDuplicates: z.number().nullable(),
  precisionAt10: z.number().nullable(),
  precisionAt10WithoutDuplicates: z.number().nullable(),
  albums: z.number().int(),
  positives: z.number().int(),
  negatives: z.number().int(),
  sampledPairs: z.boolean(),
  /** Scored on held-out folds (the learned kind). */
  crossValidated: z.looseObject({ folds: z.number().int(), foldAuc: z.array(z.number()) }).nullable(),
});
export type EvalKindScore = z.infer<typeof EvalKindScore>;

/** "Does it look like it sounds": the full measurement, on the library or on a labelled folder of images. */
export const EvalResult = z.object({
  source: z.enum(['library', 'images']),
  label: z.string(),
  labelled: z.number().int(),
  unlabelled: z.number().int(),
  classes: z.number().int(),
  duplicates: z.object({ albums: z.number().int(), rule: z.string() }),
  /** Kinds and mixes in the order they are shown. */
  kinds: z.array(EvalKindScore.extend({ kind: z.string() })),
  learned: z.object({ offered: z.boolean(), reason: z.string().nullable() }),
  missing: z.array(z.string()),
  unreadable: z.array(z.object({ file: z.string(), reason: z.string() })),
  /** Notes on what was left out. */
  notes: z.array(z.string()),
  /** One sentence: how well cover similarity predicts the label. */
  reading: z.string(),
  /** The whole measurement as a plain-text table, for a terminal or a report. */
  text: z.string(),
});
export type EvalResult = z.infer<typeof EvalResult>;

export const LearnResult = z.object({
  kind: z.string(),
  version: z.number().int(),
  dim: z.number().int(),
  label: z.string(),
  classes: z.array(z.string()),
  albums: z.number().int(),
  inputs: z.array(z.object({ name: z.string(), version: z.number().int() })),
  shrinkage: z.number(),
  written: z.number().int(),
});
export type LearnResult = z.infer<typeof LearnResult>;
export type AppInfo = z.infer<typeof AppInfo>;
