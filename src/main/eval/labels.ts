import type { Db } from '../store/db.js';

/** What "sounds alike" means in an evaluation: sharing this tag. */
export const LABEL_NAMES = ['genre', 'artist', 'decade'] as const;
export type LabelName = (typeof LABEL_NAMES)[number];

export function isLabelName(name: string): name is LabelName {
  return (LABEL_NAMES as readonly string[]).includes(name);
}

/** Years outside this range are tagging mistakes, not decades. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2099;
/** Album artists that name no artist (compilations). */
const NO_ARTIST = new Set(['various artists', 'various', 'va', 'unknown artist', '']);

/** Case, Unicode form and runs of white space do not make two labels differ. */
export function normaliseLabel(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

export function decadeOf(year: number | null | undefined): string | null {
  if (year === null || year === undefined || !Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) return null;
  return `${Math.floor(year / 10) * 10}s`;
}

/** One album with a cover and a label. */
export interface LabelledAlbum {
  readonly albumId: number;
  readonly artworkId: number;
  readonly label: string;
}

export interface LibraryLabels {
  readonly albums: readonly LabelledAlbum[];
  /** Albums with a cover but without this label. */
  readonly unlabelled: number;
}

interface AlbumRow {
  id: number;
  artist: string;
  compilation: number;
  year: number | null;
  genre: string | null;
  artwork_id: number;
}

/**
 * The label of every album that has a cover: `genre` is the album's genre,
 * else the most common genre of its tracks; `decade` comes from the album's
 * year, else its tracks' most common year; `artist` is the album artist
 * (compilations have none). Ties between track values go to the first in
 * alphabetical order, so the result does not depend on row order.
 */
export function libraryLabels(db: Db, label: LabelName): LibraryLabels {
  const rows = db
    .prepare('SELECT id, artist, compilation, year, genre, artwork_id FROM albums WHERE artwork_id IS NOT NULL ORDER BY id')
    .all() as AlbumRow[];
  const fromTracks = label === 'genre' ? trackMajority(db, 'genre') : label === 'decade' ? trackMajority(db, 'year') : new Map();
  const albums: LabelledAlbum[] = [];
  for (const row of rows) {
    const value = albumLabel(label, row, fromTracks.get(row.id));
    if (value !== null) albums.push({ albumId: row.id, artworkId: row.artwork_id, label: value });
  }
  return { albums, unlabelled: rows.length - albums.length };
}

function albumLabel(label: LabelName, row: AlbumRow, trackValue: string | undefined): string | null {
  switch (label) {
    case 'genre': {
      const own = row.genre === null ? '' : normaliseLabel(row.genre);
      if (own.length > 0) return own;
      return trackValue ?? null;
    }
    case 'artist': {
      const artist = normaliseLabel(row.artist);
      return row.compilation || NO_ARTIST.has(artist) ? null : artist;
    }
    case 'decade':
      return decadeOf(row.year) ?? (trackValue === undefined ? null : decadeOf(Number(trackValue)));
  }
}

/** Per album, the most common non-empty value of a track column (normalised). */
function trackMajority(db: Db, column: 'genre' | 'year'): Map<number, string> {
  const rows = db
    .prepare(`SELECT album_id AS albumId, ${column} AS value FROM tracks WHERE album_id IS NOT NULL AND ${column} IS NOT NULL`)
    .raw()
    .all() as [number, string | number][];
  const counts = new Map<number, Map<string, number>>();
  for (const [albumId, raw] of rows) {
    const value = normaliseLabel(String(raw));
    if (value.length === 0) continue;
    let albumCounts = counts.get(albumId);
    if (!albumCounts) counts.set(albumId, (albumCounts = new Map()));
    albumCounts.set(value, (albumCounts.get(value) ?? 0) + 1);
  }
  const majority = new Map<number, string>();
  for (const [albumId, albumCounts] of counts) {
    let best = '';
    let bestCount = 0;
    for (const [value, count] of albumCounts) {
      if (count > bestCount || (count === bestCount && value < best)) {
        best = value;
        bestCount = count;
      }
    }
    majority.set(albumId, best);
  }
  return majority;
}
