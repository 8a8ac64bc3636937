import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlaylistError } from '../../src/main/playlists/errors.js';
import { resolveSeed, type SeedContext } from '../../src/main/playlists/seeds.js';
import { findSimilar } from '../../src/main/playlists/similar.js';
import { makeLibrary, onCircle, testSpace, type Library } from './fixture.js';

const GIST = { name: 'gist', weight: 1, dim: 4 };
const HALF_AND_HALF = [
  { name: 'gist', weight: 0.5, dim: 4 },
  { name: 'color', weight: 0.5, dim: 3 },
];

let library: Library;

beforeAll(() => {
  library = makeLibrary([
    { artist: 'Alpha', album: 'One', cover: { gist: onCircle(0), color: [1, 0, 0] }, coverKey: 'seed' },
    { artist: 'Beta', album: 'Two', cover: { gist: onCircle(0.1), color: [0, 1, 0] } },
    { artist: 'Gamma', album: 'Three', cover: { gist: onCircle(0.3), color: [1, 0.05, 0] } },
    { artist: 'Delta', album: 'Four', cover: { gist: onCircle(1), color: [2, 0, 0] } },
    { artist: 'Twin', album: 'Same Picture', cover: { gist: onCircle(0), color: [1, 0, 0] }, coverKey: 'seed' },
    { artist: 'Nobody', album: 'No Cover' },
    { artist: 'AC/DC', album: 'Back in Black', cover: { gist: onCircle(2.5), color: [0, 0, 1] } },
    { artist: 'Partial', album: 'Only Gist', cover: { gist: onCircle(0.2) } },
    { artist: 'Same', album: 'Name', cover: { gist: onCircle(3), color: [0, 1, 1] } },
    { artist: 'same', album: 'NAME', cover: { gist: onCircle(3), color: [0, 1, 1] } },
  ]);
});
afterAll(() => library.close());

function context(mix = [GIST], describeImage: SeedContext['describeImage'] = async () => [onCircle(0.3)]): SeedContext {
  return { db: library.db, space: testSpace(library.db, mix), describeImage };
}

const names = (results: { artist: string; album: string }[]) => results.map((r) => `${r.artist}/${r.album}`);

describe('similar covers', () => {
  it('lists the most alike covers best first, the seed album left out and an identical cover at 1', async () => {
    const ctx = context();
    const seed = await resolveSeed(String(library.ids[0]), ctx);
    const results = findSimilar(ctx.space, seed, 5);
    expect(names(results)).toEqual(['Twin/Same Picture', 'Beta/Two', 'Partial/Only Gist', 'Gamma/Three', 'Delta/Four']);
    expect(results[0].score).toBeCloseTo(1, 12);
    expect(results[1].score).toBeCloseTo(Math.cos(0.1), 6);
    expect(results.map((r) => r.albumId)).not.toContain(library.ids[0]);
  });

  it('skips albums without a cover and, in a mix, albums lacking one of its kinds', async () => {
    const ctx = context(HALF_AND_HALF);
    const results = findSimilar(ctx.space, await resolveSeed('Alpha/One', ctx), 20);
    expect(names(results)).not.toContain('Nobody/No Cover');
    expect(names(results)).not.toContain('Partial/Only Gist');
    expect(results).toHaveLength(7);
  });

  it('scores a mix as the weighted sum of the cosines of each kind', async () => {
    const ctx = context(HALF_AND_HALF);
    const results = findSimilar(ctx.space, await resolveSeed('Alpha/One', ctx), 4);
    expect(names(results)).toEqual(['Twin/Same Picture', 'Gamma/Three', 'Delta/Four', 'Beta/Two']);
    const gamma = 0.5 * Math.cos(0.3) + 0.5 * (1 / Math.hypot(1, 0.05));
    expect(results[1].score).toBeCloseTo(gamma, 6);
    expect(results[2].score).toBeCloseTo(0.5 * Math.cos(1) + 0.5, 6);
    expect(results[3].score).toBeCloseTo(0.5 * Math.cos(0.1), 6);
  });

  it('describes an image seed on the fly and excludes no album', async () => {
    const ctx = context();
    const image = join(library.dir, 'cover.png');
    writeFileSync(image, 'not read by the stand-in describer');
    const results = findSimilar(ctx.space, await resolveSeed(image, ctx), 2);
    expect(names(results)).toEqual(['Gamma/Three', 'Partial/Only Gist']);
    expect(results[0].score).toBeCloseTo(1, 6);
  });
});

describe('what ALBUM can be', () => {
  it('is an album id, "Artist/Album" in any case, or an audio file of the library', async () => {
    const ctx = context();
    const track = library.db.prepare('SELECT path FROM tracks WHERE album_id = ? LIMIT 1').get(library.ids[2]) as {
      path: string;
    };
    expect((await resolveSeed(String(library.ids[2]), ctx)).album?.id).toBe(library.ids[2]);
    expect((await resolveSeed('gamma/THREE', ctx)).album?.id).toBe(library.ids[2]);
    expect((await resolveSeed('ac/dc/back in black', ctx)).album?.id).toBe(library.ids[6]);
    expect((await resolveSeed(track.path, ctx)).album?.id).toBe(library.ids[2]);
  });

  it.each([
    ['Nobody/Nothing', /No album matches "Nobody\/Nothing"/],
    ['999999', /No album matches "999999"/],
    ['Same/Name', /names 2 albums \(ids \d+, \d+\); give an album id/],
    ['Nobody/No Cover', /has no cover/],
    ['  ', /empty/],
  ])('refuses %j', async (input, message) => {
    await expect(resolveSeed(input, context())).rejects.toThrow(message);
  });

  it('refuses an album whose cover lacks a kind of the mix', async () => {
    await expect(resolveSeed('Partial/Only Gist', context(HALF_AND_HALF))).rejects.toThrow(
      /has no descriptor of kind gist, color/,
    );
  });

  it('says so when a file is neither a library track nor a readable image', async () => {
    const file = join(library.dir, 'broken.jpg');
    writeFileSync(file, 'not an image');
    const ctx = context([GIST], async () => {
      throw new Error('Input file contains unsupported image format');
    });
    const attempt = resolveSeed(file, ctx);
    await expect(attempt).rejects.toBeInstanceOf(PlaylistError);
    await expect(attempt).rejects.toThrow(/neither a track of the library nor a readable image \(Input file contains/);
  });
});

describe('the rank of a similar cover in a library larger than the rank sample', () => {
  const ALBUMS = 1500;
  let large: Library;
  beforeAll(() => {
    large = makeLibrary(
      Array.from({ length: ALBUMS }, (_, i) => ({ artist: `Artist ${i}`, album: `Album ${i}`, cover: { gist: onCircle((i * 2.399) % (2 * Math.PI)) } })),
    );
  });
  afterAll(() => large.close());

  it('is close to the exact share of albums it beats, and the same when asked again', async () => {
    const space = testSpace(large.db, [GIST]);
    const ctx: SeedContext = { db: large.db, space, describeImage: async () => [] };
    for (const id of [large.ids[0], large.ids[700], large.ids[1499]]) {
      const seed = await resolveSeed(String(id), ctx);
      const first = findSimilar(space, seed, 5);
      expect(findSimilar(space, seed, 5)).toEqual(first);
      const others = large.ids.filter((other) => other !== id).map((other) => space.embedAlbum(other) as Float64Array);
      for (const hit of first) {
        const below = others.filter((embedding) => embedding.reduce((sum, v, i) => sum + v * seed.embedding[i], 0) < hit.score - 1e-5).length;
        // A sample of 1,024 of 1,500: within about three standard errors of the exact share.
        expect(Math.abs(hit.closerThan - below / others.length)).toBeLessThan(0.05);
        expect(hit.closerThan).toBeGreaterThan(0.9);
      }
    }
  });
});
