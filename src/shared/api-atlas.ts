import { z } from 'zod';
import { Id, PlaylistFormat } from './api-entities.js';

/** The cover atlas and saved playlists in the API contract (api.ts). */

export const AtlasPoint = z.object({
  albumId: Id,
  artist: z.string(),
  album: z.string(),
  year: z.number().int().nullable(),
  genre: z.string().nullable(),
  /** The cover, served at /media/cover/<artworkId>. */
  artworkId: Id,
  /** Its place on the map, each in [0, 1]; y grows downwards. */
  x: z.number(),
  y: z.number(),
});
export type AtlasPoint = z.infer<typeof AtlasPoint>;

export const AtlasMapView = z.object({
  /** The descriptor mix it was laid out in, e.g. `color:0.3,gist:0.7`. */
  mix: z.string(),
  /** The width (in map units) a cover is drawn at so that none covers another. */
  separation: z.number(),
  seed: z.number().int(),
  laidOutAt: z.number(),
  updatedAt: z.number(),
  points: z.array(AtlasPoint),
  /** Albums left off the map: no cover, or a cover not described by every kind of the mix. */
  unplaced: z.number().int(),
});
export type AtlasMapView = z.infer<typeof AtlasMapView>;

export const AtlasState = z.object({
  /** The map as stored (null before the first layout). */
  map: AtlasMapView.nullable(),
  /** A layout or an update runs in the background: ask again for the new map. */
  running: z.boolean(),
  progress: z.object({ phase: z.enum(['neighbours', 'layout']), done: z.number().int(), total: z.number().int() }).nullable(),
  /** Why the last layout failed, worded for a person. */
  error: z.string().nullable(),
});
export type AtlasState = z.infer<typeof AtlasState>;

/** How a saved playlist is built again: the method and the arguments it was built with (its random seed included, for the same playlist). */
export const PlaylistRecipe = z.object({
  method: z.enum(['playlists.build', 'playlists.journey']),
  args: z.record(z.string(), z.unknown()),
});
export type PlaylistRecipe = z.infer<typeof PlaylistRecipe>;

export const SavedPlaylistSummary = z.object({
  id: Id,
  name: z.string(),
  recipe: PlaylistRecipe.nullable(),
  /** Where it was last written, or null. */
  file: z.string().nullable(),
  format: PlaylistFormat.nullable(),
  relative: z.boolean().nullable(),
  tracks: z.number().int(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type SavedPlaylistSummary = z.infer<typeof SavedPlaylistSummary>;

export const SavedPlaylistDetail = SavedPlaylistSummary.extend({
  items: z.array(
    z.object({
      /** Null when the library no longer has the track. */
      trackId: Id.nullable(),
      path: z.string(),
      title: z.string().nullable(),
      artist: z.string().nullable(),
      album: z.string().nullable(),
      duration: z.number().nullable(),
    }),
  ),
  /** Tracks the library no longer has (a rebuild replaces them). */
  missing: z.number().int(),
});
export type SavedPlaylistDetail = z.infer<typeof SavedPlaylistDetail>;

export const PlaylistWrite = z.strictObject({
  /** The file; default: a name suggested from the playlist's name in the playlist folder. */
  path: z.string().min(1).max(4096).optional(),
  format: PlaylistFormat.default('m3u8'),
  /** Entry paths relative to the playlist file; default: the setting. */
  relative: z.boolean().optional(),
  overwrite: z.boolean().default(false),
});

/** Watching the music folders while the app runs. */
export const WatchState = z.object({
  /** The setting: watch the music folders for changes. */
  enabled: z.boolean(),
  /** Seconds between light rescans of folders that cannot be watched. */
  pollSeconds: z.number().int(),
  folders: z.array(
    z.object({
      root: z.string(),
      mode: z.enum(['watching', 'polling']),
      /** Why a folder is checked periodically instead of watched, worded for a person. */
      reason: z.string().nullable(),
    }),
  ),
  /** When the last change noticed was scanned (milliseconds since the epoch), or null. */
  lastRescanAt: z.number().nullable(),
});
export type WatchState = z.infer<typeof WatchState>;
