import type { CoverStyle } from './covers.js';
import { COVER_STYLES } from './covers.js';
import { Rng } from './rng.js';

/**
 * A seeded, made-up music catalogue: artists with a genre, their albums and
 * track titles. Each genre has a cover style its albums usually (not always)
 * follow, so a library built from it has a real but imperfect link between
 * how covers look and what the music is tagged as.
 */

export const GENRE_STYLE: Record<string, CoverStyle> = {
  Synthwave: 'sunset',
  'Dream Pop': 'ocean',
  Techno: 'neon',
  Folk: 'forest',
  Minimal: 'mono',
  Jazz: 'pop',
  'Indie Pop': 'pastel',
  Metal: 'rust',
};
const GENRES = Object.keys(GENRE_STYLE);

/** Share of albums whose cover follows their genre's style; the rest pick any style. */
const STYLE_FIDELITY = 0.8;

export interface CatalogTrack {
  readonly title: string;
  readonly artist: string;
  readonly trackNo: number;
  readonly discNo: number;
}

export interface CatalogAlbum {
  readonly title: string;
  readonly albumArtist: string;
  readonly genre: string;
  readonly year: number;
  readonly style: CoverStyle;
  /** Seed for this album's cover. */
  readonly coverSeed: number;
  readonly discs: number;
  readonly compilation: boolean;
  readonly tracks: readonly CatalogTrack[];
}

export interface CatalogOptions {
  readonly albums: number;
  /** Fixed track count per album, or a [min, max] range drawn per album. */
  readonly tracksPerAlbum: number | readonly [number, number];
  readonly seed: number;
  /** Make album `compilationIndex` a Various Artists compilation. */
  readonly compilationIndex?: number;
  /** Make album `twoDiscIndex` span two discs. */
  readonly twoDiscIndex?: number;
}

export const VARIOUS_ARTISTS = 'Various Artists';

const ADJECTIVES = [
  'Velvet', 'Neon', 'Silent', 'Golden', 'Electric', 'Hollow', 'Crimson', 'Paper', 'Midnight', 'Glass',
  'Wild', 'Quiet', 'Lunar', 'Static', 'Northern', 'Burning', 'Faded', 'Tidal', 'Copper', 'Violet',
  'Distant', 'Broken', 'Endless', 'Secret', 'Frozen', 'Amber', 'Sleeping', 'Restless', 'Hidden', 'Île',
];
const NOUNS = [
  'Owls', 'Harbour', 'Tides', 'Engines', 'Gardens', 'Mirrors', 'Satellites', 'Foxes', 'Rivers', 'Signals',
  'Dunes', 'Lanterns', 'Orchards', 'Wolves', 'Comets', 'Waves', 'Pines', 'Circuits', 'Horizons', 'Ashes',
  'Sparrows', 'Cathedrals', 'Islands', 'Machines', 'Meadows', 'Storms', 'Echoes', 'Embers', 'Fjords', 'Cafés',
];
const FIRST_NAMES = ['Mira', 'Jonas', 'Elin', 'Tomás', 'Aiko', 'Noor', 'Felix', 'Ada', 'León', 'Inès', 'Søren', 'Zoë', 'Malik', 'Freya', 'Björk', 'Ravi'];
const LAST_NAMES = ['Sol', 'Hart', 'Lindqvist', 'Moreau', 'Okafor', 'Reyes', 'Kato', 'Brandt', 'Novak', 'Álvarez', 'Ferreira', 'Quinn'];
const VERBS = ['Drifting', 'Falling', 'Running', 'Waiting', 'Dreaming', 'Burning', 'Fading', 'Calling', 'Dancing', 'Sleeping'];
const PLACES = ['the Dark', 'the Sea', 'Glass', 'the Lights', 'Tomorrow', 'the Wire', 'Paris', 'the Edge', 'Stone', 'Noon'];

/** Builds the catalogue; identical options give an identical catalogue. */
export function makeCatalog(options: CatalogOptions): CatalogAlbum[] {
  const rng = new Rng(options.seed);
  const albums: CatalogAlbum[] = [];
  const usedAlbumKeys = new Set<string>();
  // Artists take genres in turn from a seeded shuffle, so every genre is about equally present.
  const genreOrder = [...GENRES];
  for (let i = genreOrder.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [genreOrder[i], genreOrder[j]] = [genreOrder[j], genreOrder[i]];
  }
  let artists = 0;
  let artist = '';
  let genre = genreOrder[0];
  let albumsLeftForArtist = 0;
  for (let a = 0; a < options.albums; a++) {
    if (albumsLeftForArtist === 0) {
      artist = artistName(rng);
      genre = genreOrder[artists++ % genreOrder.length];
      albumsLeftForArtist = rng.int(1, 3);
    }
    albumsLeftForArtist--;
    const compilation = a === options.compilationIndex;
    const albumGenre = compilation ? rng.pick(GENRES) : genre;
    const style = rng.chance(STYLE_FIDELITY) ? GENRE_STYLE[albumGenre] : rng.pick(COVER_STYLES);
    const albumArtist = compilation ? VARIOUS_ARTISTS : artist;
    let title = compilation ? `${rng.pick(ADJECTIVES)} Sounds, Vol. ${rng.int(1, 9)}` : albumTitle(rng);
    while (usedAlbumKeys.has(`${albumArtist}\n${title}`)) title = `${title} II`;
    usedAlbumKeys.add(`${albumArtist}\n${title}`);
    const count = typeof options.tracksPerAlbum === 'number' ? options.tracksPerAlbum : rng.int(options.tracksPerAlbum[0], options.tracksPerAlbum[1]);
    const discs = a === options.twoDiscIndex && count >= 2 ? 2 : 1;
    const perDisc = Math.ceil(count / discs);
    const tracks: CatalogTrack[] = [];
    for (let t = 0; t < count; t++) {
      tracks.push({
        title: trackTitle(rng),
        artist: compilation ? artistName(rng) : artist,
        trackNo: (t % perDisc) + 1,
        discNo: Math.floor(t / perDisc) + 1,
      });
    }
    albums.push({
      title,
      albumArtist,
      genre: albumGenre,
      year: rng.int(1968, 2024),
      style,
      coverSeed: rng.int(1, 0x7fffffff),
      discs,
      compilation,
      tracks,
    });
  }
  return albums;
}

/** A band ("The Velvet Owls", "Copper Fjords") or a person ("Søren Quinn"). */
function artistName(rng: Rng): string {
  return rng.chance(0.4)
    ? `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`
    : `${rng.chance(0.5) ? 'The ' : ''}${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`;
}

function albumTitle(rng: Rng): string {
  switch (rng.int(0, 3)) {
    case 0:
      return `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`;
    case 1: {
      const first = rng.pick(NOUNS);
      const second = rng.pick(NOUNS.filter((noun) => noun !== first));
      return `${first} of ${second}`;
    }
    case 2:
      return `The ${rng.pick(NOUNS)}`;
    default:
      return rng.pick(ADJECTIVES);
  }
}

function trackTitle(rng: Rng): string {
  switch (rng.int(0, 2)) {
    case 0:
      return `${rng.pick(VERBS)} ${rng.pick(['in', 'into', 'through', 'over', 'under'])} ${rng.pick(PLACES)}`;
    case 1:
      return `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`;
    default:
      return `${rng.pick(NOUNS)} (${rng.pick(['Part', 'Reprise', 'Interlude', 'Coda'])}${rng.chance(0.5) ? ` ${rng.int(1, 3)}` : ''})`;
  }
}

/** A file-system-safe name component: no separators or characters Windows refuses, no trailing dots or spaces. */
export function safeName(name: string): string {
  const cleaned = name.replace(/[/\\:*?"<>|\u0000-\u001f]/g, '_').replace(/[. ]+$/, '');
  return cleaned === '' ? '_' : cleaned;
}
