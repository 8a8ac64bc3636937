/** The map as plain rows, for `--json` and for sharing: one per album, x and y in [0, 1]. */
import type { AtlasMap } from './atlas.js';

export interface AtlasRow {
  readonly albumId: number;
  readonly artist: string;
  readonly album: string;
  readonly x: number;
  readonly y: number;
}

/** Places are rounded to 6 decimals: a millionth of the map is far below a pixel of any poster. */
const DECIMALS = 1e6;

export function atlasRows(map: AtlasMap): AtlasRow[] {
  return map.points.map((p) => ({
    albumId: p.albumId,
    artist: p.artist,
    album: p.album,
    x: Math.round(p.x * DECIMALS) / DECIMALS,
    y: Math.round(p.y * DECIMALS) / DECIMALS,
  }));
}
