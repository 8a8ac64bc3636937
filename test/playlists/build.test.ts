import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlaylist, type PlaylistOptions } from '../../src/main/playlists/build.js';
import type { CoverSpace } from '../../src/main/playlists/cover-space.js';
import { mulberry32 } from '../../src/shared/random.js';
import { resolveSeed, type Seed } from '../../src/main/playlists/seeds.js';
import { pathLength } from '../../src/main/playlists/tour.js';
import type { Playlist } from '../../src/main/playlists/types.js';
import { normalized } from '../../src/main/playlists/vector-math.js';
import { makeLibrary, onCircle, testSpace, type FixtureAlbum, type Library } from './fixture.js';

const DIM = 6;

/** A point near `centre` (unit length), spread by `spread`: covers of one look. */
function near(centre: readonly number[], spread: number, random: () => number): number[] {
  return centre.map((value) => value + spread * (random() * 2 - 1));
}

function albumsFor(): FixtureAlbum[] {
  const random = mulberry32(7);
  const clusters = Array.from({ length: 6 }, () => near(new Array(DIM).fill(0), 1, random));
  const albums: FixtureAlbum[] = [
    { artist: 'Seed Artist', album: 'Origin', cover: { gist: clusters[0] }, tracks: 10 },
    { artist: 'Seed Artist', album: 'Sequel', cover: { gist: near(clusters[0], 0.05, random) }, tracks: 10 },
    { artist: 'Second Seed', album: 'Elsewhere', cover: { gist: clusters[3] }, tracks: 10 },
  ];
  for (let i = 0; i < 20; i++) {
    albums.push({ artist: 'Prolific', album: `Volume ${i}`, cover: { gist: near(clusters[0], 0.15, random) }, tracks: 10 });
  }
  for (let i = 0; i < 120; i++) {
    albums.push({
      artist: `Artist ${i % 40}`,
      album: `Album ${i}`,
      cover: { gist: near(clusters[i % clusters.length], 0.4, random) },
      tracks: 4 + (i % 9),
      duration: i % 17 === 0 ? null : 120 + (i % 5) * 40,
      trackArtist: i % 23 === 0 ? (n) => (n === 2 ? 'Seed Artist' : `Artist ${i % 40}`) : undefined,
    });
  }
  return albums;
}

let library: Library;
let space: CoverSpace;
let origin: Seed;

beforeAll(async () => {
  library = makeLibrary(albumsFor());
  space = testSpace(library.db, [{ name: 'gist', weight: 1, dim: DIM }]);
  origin = await seed('Seed Artist/Origin');
});
afterAll(() => library.close());

function seed(name: string): Promise<Seed> {
  return resolveSeed(name, { db: library.db, space, describeImage: async () => [] });
}

function build(options: Partial<PlaylistOptions> = {}, seeds: Seed[] = [origin]): Playlist {
  return buildPlaylist(library.db, space, seeds, { length: { tracks: 40 }, randomSeed: 1, ...options });
}

/** Track counts per album id, and whether each album's tracks sit together. */
function runs(playlist: Playlist): { counts: Map<number, number>; contiguous: boolean } {
  const counts = new Map<number, number>();
  let contiguous = true;
  playlist.tracks.forEach((track, i) => {
    if (counts.has(track.albumId) && playlist.tracks[i - 1].albumId !== track.albumId) contiguous = false;
    counts.set(track.albumId, (counts.get(track.albumId) ?? 0) + 1);
  });
  return { counts, contiguous };
}

const seconds = (playlist: Playlist) => playlist.tracks.reduce((sum, track) => sum + (track.duration ?? 240), 0);

describe('playlist length and shape', () => {
  it('has exactly the asked number of tracks, a few per album, each album together, the seed first', () => {
    const playlist = build();
    expect(playlist.tracks).toHaveLength(40);
    const { counts, contiguous } = runs(playlist);
    expect(contiguous).toBe(true);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(3);
    expect(playlist.tracks.slice(0, 3).every((track) => track.albumId === origin.album?.id)).toBe(true);
    expect(counts.get(origin.album!.id)).toBe(3);
    expect(new Set(playlist.tracks.map((track) => track.id)).size).toBe(40);
  });

  it('keeps each album’s tracks in running order', () => {
    const playlist = build();
    for (const album of playlist.albums) {
      const numbers = album.tracks.map((track) => Number(/^(\d+)/.exec(track.path.split('/').pop()!)![1]));
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    }
  });

  it('takes as many tracks per album as asked, or whole albums', () => {
    const five = runs(build({ tracksPerAlbum: 5 }));
    expect(Math.max(...five.counts.values())).toBe(5);
    const whole = build({ tracksPerAlbum: 'all', length: { tracks: 60 } });
    const sizes = library.db.prepare('SELECT album_id AS id, COUNT(*) AS n FROM tracks GROUP BY album_id').all() as {
      id: number;
      n: number;
    }[];
    const size = new Map(sizes.map((row) => [row.id, row.n]));
    const partial = whole.albums.filter((album) => album.tracks.length !== size.get(album.album.id));
    expect(whole.tracks).toHaveLength(60);
    expect(partial.length).toBeLessThanOrEqual(1);
  });

  it('fills a running time: reaches it, and would without its last track not', () => {
    const playlist = build({ length: { seconds: 30 * 60 } });
    expect(seconds(playlist)).toBeGreaterThanOrEqual(30 * 60);
    const shortest = Math.min(...playlist.tracks.map((track) => track.duration ?? 240));
    expect(seconds(playlist) - shortest).toBeLessThan(30 * 60 + 1e-9);
  });

  it('leaves the seed’s tracks out on request', () => {
    const playlist = build({ seedTracks: false });
    expect(playlist.tracks).toHaveLength(40);
    expect(playlist.tracks.some((track) => track.albumId === origin.album?.id)).toBe(false);
  });

  it('starts with each seed’s tracks, in the order given, with several seeds', async () => {
    const second = await seed('Second Seed/Elsewhere');
    const playlist = build({}, [origin, second]);
    expect(playlist.tracks.slice(0, 6).map((track) => track.albumId)).toEqual([
      ...Array(3).fill(origin.album!.id),
      ...Array(3).fill(second.album!.id),
    ]);
  });
});

describe('artists', () => {
  it('caps the tracks of any one artist, and still fills the length from farther albums', () => {
    const playlist = build({ maxPerArtist: 2 });
    expect(playlist.tracks).toHaveLength(40);
    const perArtist = new Map<string, number>();
    for (const track of playlist.tracks) perArtist.set(track.artist, (perArtist.get(track.artist) ?? 0) + 1);
    expect(Math.max(...perArtist.values())).toBe(2);
  });

  it('leaves out other albums and tracks by the seed artist on request', () => {
    const playlist = build({ excludeSeedArtist: true });
    const others = playlist.tracks.filter((track) => track.albumId !== origin.album?.id);
    expect(others).toHaveLength(37);
    expect(others.some((track) => track.artist === 'Seed Artist')).toBe(false);
    const withSeedArtist = build({ excludeSeedArtist: false, length: { tracks: 200 } });
    expect(withSeedArtist.tracks.filter((t) => t.artist === 'Seed Artist' && t.albumId !== origin.album?.id).length).toBeGreaterThan(0);
  });
});

describe('choice and order', () => {
  it('gives the same playlist for the same random seed, another for another seed', () => {
    const ids = (playlist: Playlist) => playlist.tracks.map((track) => track.id);
    expect(ids(build({ randomSeed: 42 }))).toEqual(ids(build({ randomSeed: 42 })));
    expect(ids(build({ randomSeed: 42 }))).not.toEqual(ids(build({ randomSeed: 43 })));
    expect(build({ randomSeed: 42 }).randomSeed).toBe(42);
  });

  it('orders the albums so consecutive covers look alike: a shorter path than by score or at random', () => {
    const playlist = build({ tracksPerAlbum: 1, seedTracks: false, lambda: 0.5 });
    const embeddings = playlist.albums.map((album) => space.embedAlbum(album.album.id)!);
    const start = normalized(origin.embedding);
    const ordered = pathLength(start, embeddings);
    const byScore = [...playlist.albums]
      .sort((a, b) => b.score - a.score)
      .map((album) => space.embedAlbum(album.album.id)!);
    expect(ordered).toBeLessThan(pathLength(start, byScore));
    const random = mulberry32(3);
    for (let trial = 0; trial < 5; trial++) {
      const shuffled = [...embeddings].sort(() => random() - 0.5);
      expect(ordered).toBeLessThan(pathLength(start, shuffled));
    }
  });

  it('trades closeness for variety as lambda falls (maximal marginal relevance)', () => {
    const spread = (playlist: Playlist) => {
      const albums = playlist.albums.filter((album) => !album.seed).map((album) => space.embedAlbum(album.album.id)!);
      let sum = 0;
      for (const a of albums) for (const b of albums) sum += 1 - a.reduce((s, v, i) => s + v * b[i], 0);
      return sum / (albums.length * albums.length);
    };
    const meanScore = (playlist: Playlist) =>
      playlist.albums.filter((album) => !album.seed).reduce((sum, album) => sum + album.score, 0) / (playlist.albums.length - 1);
    const close = build({ lambda: 1, length: { tracks: 30 } });
    const varied = build({ lambda: 0.3, length: { tracks: 30 } });
    expect(spread(varied)).toBeGreaterThan(spread(close));
    expect(meanScore(close)).toBeGreaterThan(meanScore(varied));
    const prolific = (playlist: Playlist) => playlist.albums.filter((album) => album.album.artist === 'Prolific').length;
    expect(prolific(close)).toBeGreaterThan(prolific(varied));
  });

  it('with several seeds, prefers the albums that look like all of them', () => {
    const between = makeLibrary([
      { artist: 'A', album: 'Left', cover: { gist: onCircle(0) } },
      { artist: 'B', album: 'Right', cover: { gist: onCircle(1) } },
      { artist: 'C', album: 'Middle', cover: { gist: onCircle(0.5) } },
      { artist: 'D', album: 'Beyond Left', cover: { gist: onCircle(-0.3) } },
      { artist: 'E', album: 'Beyond Right', cover: { gist: onCircle(1.3) } },
    ]);
    try {
      const betweenSpace = testSpace(between.db, [{ name: 'gist', weight: 1, dim: 4 }]);
      const seeds = [0, 1].map((i) => ({
        label: String(i),
        album: betweenSpace.album(between.ids[i]),
        embedding: betweenSpace.embedAlbum(between.ids[i])!,
      }));
      const playlist = buildPlaylist(between.db, betweenSpace, seeds, {
        length: { tracks: 1 },
        tracksPerAlbum: 1,
        seedTracks: false,
        randomSeed: 1,
      });
      expect(playlist.albums.map((album) => album.album.album)).toEqual(['Middle']);
      expect(playlist.albums[0].score).toBeCloseTo(Math.cos(0.5), 6);
    } finally {
      between.close();
    }
  });
});

describe('bad options', () => {
  it.each([
    [{ length: { tracks: 0 } }, /The length must be a whole number of tracks of at least 1 \(got 0\)/],
    [{ length: { tracks: -5 } }, /at least 1 \(got -5\)/],
    [{ length: { tracks: 2.5 } }, /whole number/],
    [{ length: { seconds: 0 } }, /The running time must be a positive number of minutes/],
    [{ tracksPerAlbum: 0 }, /Tracks per album must be a whole number/],
    [{ lambda: 1.5 }, /Diversity must lie between 0 and 1 \(got -0\.5\)/],
    [{ maxPerArtist: 0 }, /cap per artist/],
  ] as [Partial<PlaylistOptions>, RegExp][])('refuses %j', (options, message) => {
    expect(() => build(options)).toThrow(message);
  });

  it('says so when nothing fits the restrictions', () => {
    const lonely = makeLibrary([{ artist: 'Solo', album: 'Only', cover: { gist: onCircle(0) } }]);
    try {
      const lonelySpace = testSpace(lonely.db, [{ name: 'gist', weight: 1, dim: 4 }]);
      const only = { label: 'Solo/Only', album: lonelySpace.album(lonely.ids[0]), embedding: lonelySpace.embedAlbum(lonely.ids[0])! };
      expect(() =>
        buildPlaylist(lonely.db, lonelySpace, [only], { length: { tracks: 10 }, seedTracks: false, randomSeed: 1 }),
      ).toThrow(/No tracks fit these options/);
    } finally {
      lonely.close();
    }
  });
});
