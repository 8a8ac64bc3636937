import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoverSpace } from '../../src/main/playlists/cover-space.js';
import { buildJourney } from '../../src/main/playlists/journey.js';
import { resolveSeed, type Seed } from '../../src/main/playlists/seeds.js';
import type { Playlist } from '../../src/main/playlists/types.js';
import { makeLibrary, onCircle, testSpace, type FixtureAlbum, type Library } from './fixture.js';

/** Covers at these angles lie on the arc from A (0) to B (2); the rest lie off it. */
const ON_ARC = Array.from({ length: 19 }, (_, i) => Number((0.1 * (i + 1)).toFixed(1)));
const OFF_ARC = [3, 4, -1];

function lifted(angle: number, lift: number): number[] {
  const vector = onCircle(angle);
  vector[2] = lift;
  return vector;
}

let library: Library;
let space: CoverSpace;
let a: Seed;
let b: Seed;

beforeAll(async () => {
  // Albums listed out of order so that the journey cannot follow insertion order.
  const arc: FixtureAlbum[] = [...ON_ARC]
    .reverse()
    .map((angle, i) => ({ artist: `Arc ${i}`, album: `At ${angle}`, cover: { gist: lifted(angle, 0.05 * ((i % 3) - 1)) } }));
  library = makeLibrary([
    { artist: 'Start', album: 'A', cover: { gist: onCircle(0) }, tracks: 6 },
    ...arc,
    ...OFF_ARC.map((angle) => ({ artist: 'Off', album: `At ${angle}`, cover: { gist: onCircle(angle) } })),
    { artist: 'Off', album: 'Above', cover: { gist: [0, 0, 0, 1] } },
    { artist: 'End', album: 'B', cover: { gist: onCircle(2) }, tracks: 6 },
  ]);
  space = testSpace(library.db, [{ name: 'gist', weight: 1, dim: 4 }]);
  const context = { db: library.db, space, describeImage: async () => [onCircle(1)] };
  a = await resolveSeed('Start/A', context);
  b = await resolveSeed('End/B', context);
});
afterAll(() => library.close());

const angleOf = (album: { album: string }) => Number(album.album.replace(/^At /, ''));
const stops = (playlist: Playlist) => playlist.albums.map((stop) => stop.album.album);

describe('journey from A to B', () => {
  it('starts at A, ends at B, and steps evenly along the way without stepping back', () => {
    const journey = buildJourney(library.db, space, a, b, { tracks: 10, randomSeed: 1 });
    expect(journey.tracks).toHaveLength(10);
    expect(stops(journey)[0]).toBe('A');
    expect(stops(journey).at(-1)).toBe('B');
    const between = journey.albums.slice(1, -1).map((stop) => angleOf(stop.album));
    // Eight steps between: targets at 2i/9 radians, and an arc cover every 0.1 radian.
    expect(between).toHaveLength(8);
    between.forEach((angle, i) => expect(Math.abs(angle - (2 * (i + 1)) / 9)).toBeLessThan(0.07));
    expect(between).toEqual([...between].sort((x, y) => x - y));
    expect(journey.tracks[0].albumId).toBe(a.album!.id);
    expect(journey.tracks.at(-1)!.albumId).toBe(b.album!.id);
  });

  it('never visits an album twice, even when it needs more stops than the library has', () => {
    const journey = buildJourney(library.db, space, a, b, { tracks: 40, randomSeed: 1 });
    const ids = journey.albums.map((stop) => stop.album.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(library.ids.length);
    expect(stops(journey)[0]).toBe('A');
    expect(stops(journey).at(-1)).toBe('B');
    const arcAngles = journey.albums.slice(1, -1).map((stop) => angleOf(stop.album)).filter((angle) => ON_ARC.includes(angle));
    expect(arcAngles).toEqual(ON_ARC);
  });

  it('keeps the stops in order of progress where the library is sparse', async () => {
    const sparse = makeLibrary(
      [0, 0.31, 0.32, 1.5, 2].map((angle) => ({ artist: 'S', album: `At ${angle}`, cover: { gist: onCircle(angle) } })),
    );
    try {
      const sparseSpace = testSpace(sparse.db, [{ name: 'gist', weight: 1, dim: 4 }]);
      const context = { db: sparse.db, space: sparseSpace, describeImage: async () => [] };
      const from = await resolveSeed('S/At 0', context);
      const to = await resolveSeed('S/At 2', context);
      // Targets at 0.5, 1 and 1.5 radians pick 0.32 before 0.31: the journey must not step back.
      const journey = buildJourney(sparse.db, sparseSpace, from, to, { tracks: 5, randomSeed: 1 });
      expect(journey.albums.map((stop) => angleOf(stop.album))).toEqual([0, 0.31, 0.32, 1.5, 2]);
    } finally {
      sparse.close();
    }
  });

  it('takes a few tracks per stop and trims the last ones before B to the exact length', () => {
    const journey = buildJourney(library.db, space, a, b, { tracks: 7, tracksPerAlbum: 2, randomSeed: 1 });
    expect(journey.tracks).toHaveLength(7);
    expect(journey.albums.map((stop) => stop.tracks.length)).toEqual([2, 2, 1, 2]);
    expect(journey.albums.map((stop) => stop.tracks.every((track) => track.albumId === stop.album.id))).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });

  it('is the same for the same random seed', () => {
    const ids = (seed: number) =>
      buildJourney(library.db, space, a, b, { tracks: 8, tracksPerAlbum: 3, randomSeed: seed }).tracks.map((t) => t.id);
    expect(ids(9)).toEqual(ids(9));
    expect(ids(9)).not.toEqual(ids(10));
  });

  it('refuses a journey to itself, of fewer than 2 tracks, or from an image', async () => {
    expect(() => buildJourney(library.db, space, a, a, { tracks: 10, randomSeed: 1 })).toThrow(/two different albums/);
    expect(() => buildJourney(library.db, space, a, b, { tracks: 1, randomSeed: 1 })).toThrow(/at least 2 tracks/);
    expect(() => buildJourney(library.db, space, a, b, { tracks: 0, randomSeed: 1 })).toThrow(/at least 2 tracks/);
    const image = { label: 'cover.png', embedding: a.embedding };
    expect(() => buildJourney(library.db, space, image, b, { tracks: 10, randomSeed: 1 })).toThrow(
      /The start of a journey must be an album of the library, not an image/,
    );
  });
});
