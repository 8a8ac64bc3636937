import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAtlas, updateAtlas, type AtlasMap, type LayoutRunner } from '../../src/main/atlas/atlas.js';
import { loadAtlasInputs, resolveAtlasKinds } from '../../src/main/atlas/inputs.js';
import { computeLayout, type LayoutProgress } from '../../src/main/atlas/layout.js';
import { posterCoverSize, posterPlacement, renderPoster } from '../../src/main/atlas/poster.js';
import { atlasRows } from '../../src/main/atlas/rows.js';
import { trustworthiness } from '../../src/main/atlas/trustworthiness.js';
import { parseKindMix } from '../../src/shared/mix.js';
import type { Library } from '../playlists/fixture.js';
import { addAlbums, familyCovers, familyLibrary, type FamilyCover } from './families.js';

/** The playlists' default mix: mostly layout and texture, some palette. */
const MIX = parseKindMix('gist:0.7,color:0.3', ['gist', 'color', 'tiny']);
const PER_STYLE = 24;

/** The layout on this thread: the worker itself is exercised by the first test. */
const inThread: LayoutRunner = (vectors, n, dim, settings, options) => Promise.resolve(computeLayout(vectors, n, dim, settings, options.onProgress));

function points(map: AtlasMap): Float64Array {
  return Float64Array.from(map.points.flatMap((p) => [p.x, p.y]));
}

/** Share of each album's k nearest on the map that are of its own visual family. */
function familyShare(map: AtlasMap, styleOf: Map<number, string>, k: number): number {
  let same = 0;
  for (const p of map.points) {
    const nearest = map.points
      .filter((q) => q !== p)
      .map((q) => ({ q, d: (q.x - p.x) ** 2 + (q.y - p.y) ** 2 }))
      .sort((a, b) => a.d - b.d)
      .slice(0, k);
    same += nearest.filter(({ q }) => styleOf.get(q.albumId) === styleOf.get(p.albumId)).length;
  }
  return same / (map.points.length * k);
}

describe('the cover atlas', () => {
  let covers: FamilyCover[];
  let library: Library;
  let styleOf: Map<number, string>;
  let first: AtlasMap;
  const progress: LayoutProgress[] = [];

  beforeAll(async () => {
    covers = familyCovers(PER_STYLE);
    library = await familyLibrary(covers);
    styleOf = new Map(library.ids.map((id, i) => [id, covers[i].style]));
    first = (await updateAtlas(library.db, MIX, { onProgress: (p) => progress.push(p) })).map;
  });
  afterAll(() => library.close());

  it('keeps the descriptor space\'s neighbours: trustworthiness at k = 10 is at least 0.90', () => {
    const inputs = loadAtlasInputs(library.db, resolveAtlasKinds(library.db, MIX));
    expect(first.points.map((p) => p.albumId)).toEqual(inputs.albumIds);
    const t = trustworthiness(inputs.vectors, inputs.dim, points(first), 2, 10);
    expect(t).toBeGreaterThanOrEqual(0.9);
  });

  it('lays covers of one visual family out together', () => {
    // Chance would be 1/8 with eight styles.
    expect(familyShare(first, styleOf, 5)).toBeGreaterThan(0.7);
  });

  it('reports progress from the worker through the neighbours and the layout', () => {
    expect(progress.some((p) => p.phase === 'neighbours')).toBe(true);
    const last = progress[progress.length - 1];
    expect(last).toMatchObject({ phase: 'layout' });
    expect(last.done).toBe(last.total);
  });

  it('places every cover in the unit square, none covering another', () => {
    expect(first.points).toHaveLength(covers.length);
    let closest = Infinity;
    for (const p of first.points) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.x).toBeLessThanOrEqual(1);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeLessThanOrEqual(1);
      for (const q of first.points) if (q !== p) closest = Math.min(closest, Math.hypot(p.x - q.x, p.y - q.y));
    }
    expect(closest).toBeGreaterThanOrEqual(first.separation * 0.999);
  });

  it('draws the same map again for the same library and seed, and another for another seed', async () => {
    const again = await updateAtlas(library.db, MIX, { relayout: true, runLayout: inThread });
    expect(again.action).toBe('laid-out');
    expect(points(again.map)).toEqual(points(first));
    const other = await updateAtlas(library.db, MIX, { settings: { seed: 7 }, runLayout: inThread });
    expect(other.action).toBe('laid-out');
    expect(points(other.map)).not.toEqual(points(first));
  });

  it('answers from the store when nothing changed', async () => {
    const update = await updateAtlas(library.db, MIX, { runLayout: () => Promise.reject(new Error('no layout expected')) });
    expect(update.action).toBe('unchanged');
    expect(readAtlas(library.db, MIX)?.points).toEqual(update.map.points);
  });

  it('places new albums near their own family without moving anyone, and drops removed ones', async () => {
    const before = readAtlas(library.db, MIX) as AtlasMap;
    // Four new covers of two styles, drawn with seeds not used yet.
    const fresh = [...familyCovers(2, 500, ['ocean']), ...familyCovers(2, 500, ['neon'])];
    const freshIds = addAlbums(library, fresh);
    fresh.forEach((cover, i) => styleOf.set(freshIds[i], cover.style));
    const gone = before.points[0].albumId;
    library.db.prepare('DELETE FROM tracks WHERE album_id = ?').run(gone);
    library.db.prepare('DELETE FROM albums WHERE id = ?').run(gone);

    const update = await updateAtlas(library.db, MIX, { runLayout: () => Promise.reject(new Error('no layout expected')) });
    expect(update).toMatchObject({ action: 'placed', added: 4, removed: 1 });
    const after = new Map(update.map.points.map((p) => [p.albumId, p]));
    expect(after.has(gone)).toBe(false);
    for (const p of before.points.slice(1)) expect(after.get(p.albumId)).toMatchObject({ x: p.x, y: p.y });
    for (const id of freshIds) {
      const p = after.get(id)!;
      const nearest = update.map.points
        .filter((q) => q.albumId !== id && !freshIds.includes(q.albumId))
        .sort((a, b) => Math.hypot(a.x - p.x, a.y - p.y) - Math.hypot(b.x - p.x, b.y - p.y))
        .slice(0, 5);
      expect(nearest.filter((q) => styleOf.get(q.albumId) === styleOf.get(id)).length).toBeGreaterThanOrEqual(3);
      for (const q of update.map.points) if (q.albumId !== id) expect(Math.hypot(q.x - p.x, q.y - p.y)).toBeGreaterThanOrEqual(update.map.separation * 0.999);
    }
  });

  it('lays the whole map out again once much of the library changed', async () => {
    const many = familyCovers(8, 600);
    addAlbums(library, many);
    let laidOut = 0;
    const update = await updateAtlas(library.db, MIX, {
      runLayout: (...args) => {
        laidOut++;
        return inThread(...args);
      },
    });
    expect(update.action).toBe('laid-out');
    expect(laidOut).toBe(1);
    expect(update.map.points.every((p) => p.x >= 0 && p.x <= 1 && p.y >= 0 && p.y <= 1)).toBe(true);
  });

  it('lays out again when a kind of the mix has changed version since the map was made', async () => {
    const stored = library.db.prepare('SELECT kinds FROM atlas_maps').pluck().get() as string;
    const older = (JSON.parse(stored) as { version: number }[]).map((kind) => ({ ...kind, version: kind.version - 1 }));
    library.db.prepare('UPDATE atlas_maps SET kinds = ?').run(JSON.stringify(older));
    let laidOut = 0;
    const update = await updateAtlas(library.db, MIX, {
      runLayout: (...args) => {
        laidOut++;
        return inThread(...args);
      },
    });
    expect([update.action, laidOut]).toEqual(['laid-out', 1]);
    expect(library.db.prepare('SELECT kinds FROM atlas_maps').pluck().get()).toBe(stored);
  });

  it('says so when no cover is described by a kind of the mix', async () => {
    library.db.prepare("UPDATE descriptors SET version = 99 WHERE kind = 'color'").run();
    try {
      await expect(updateAtlas(library.db, MIX, { runLayout: inThread })).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/described/) });
    } finally {
      library.db.prepare("UPDATE descriptors SET version = 1 WHERE kind = 'color'").run();
    }
  });

  it('prints rows of album, artist and place in [0, 1] (the JSON of the map)', () => {
    const map = readAtlas(library.db, MIX) as AtlasMap;
    const rows = atlasRows(map);
    expect(rows).toHaveLength(map.points.length);
    const album = library.db.prepare('SELECT id, artist, album FROM albums WHERE id = ?').get(rows[3].albumId) as { artist: string; album: string };
    expect(rows[3]).toMatchObject({ artist: album.artist, album: album.album });
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(['album', 'albumId', 'artist', 'x', 'y']);
      expect(row.x).toBeGreaterThanOrEqual(0);
      expect(row.y).toBeLessThanOrEqual(1);
    }
    expect(JSON.parse(JSON.stringify(rows))).toEqual(rows);
  });

  it('counts albums without a described cover as left off the map', async () => {
    library.db.prepare("INSERT INTO albums (key, artist, album, folder) VALUES ('bare', 'Bare', 'No Cover', '/music')").run();
    const update = await updateAtlas(library.db, MIX, { runLayout: inThread });
    expect(update.map.unplaced).toBe(1);
    expect(update.map.points.some((p) => p.album === 'No Cover')).toBe(false);
  });

  it('renders a poster with each cover at its place', async () => {
    const map = readAtlas(library.db, MIX) as AtlasMap;
    const size = 1024;
    const png = await renderPoster(library.db, map, { size });
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.format]).toEqual([size, size, 'raw']);
    const cover = posterCoverSize(map, size);
    // The first family cover's colours at the centre of its square on the poster.
    const p = map.points.find((q) => q.albumId === library.ids[1])!;
    const [left, top] = posterPlacement(p.x, p.y, size, cover);
    const expected = await sharp(covers[1].pixels, { raw: { width: 80, height: 80, channels: 3 } })
      .resize(cover, cover, { fit: 'cover' })
      .raw()
      .toBuffer();
    const c = Math.floor(cover / 2);
    const at = ((top + c) * size + (left + c)) * info.channels;
    const want = (c * cover + c) * 3;
    for (let ch = 0; ch < 3; ch++) expect(Math.abs(data[at + ch] - expected[want + ch])).toBeLessThan(24);
  });

  it('refuses a poster size out of range with a clear error', async () => {
    const map = readAtlas(library.db, MIX) as AtlasMap;
    await expect(renderPoster(library.db, map, { size: 10 })).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/whole number of pixels from 256/) });
  });

  it('gives the same rows for the same library in a fresh database', async () => {
    const twin = await familyLibrary(covers);
    try {
      const map = (await updateAtlas(twin.db, MIX, { runLayout: inThread })).map;
      expect(points(map)).toEqual(points(first));
    } finally {
      twin.close();
    }
  });
});

describe('trustworthiness', () => {
  it('is 1 for an embedding that keeps every neighbour', () => {
    const line = [0, 1, 2, 3, 4, 5, 6, 7];
    expect(trustworthiness(line, 1, line.map((v) => 3 * v), 1, 2)).toBe(1);
  });

  it('charges an intruder by how far down the original ranking it was', () => {
    // Points 0..5 on a line; the map swaps 4 and 5. From 3, the map's two nearest
    // are 2 and 5, and 5 ranks 4th from 3 originally: 2 past k = 2.
    // T = 1 − 2/(n·k·(2n − 3k − 1))·2 = 1 − 4/60.
    const t = trustworthiness([0, 1, 2, 3, 4, 5], 1, [0, 1, 2, 3, 5, 4], 1, 2);
    expect(t).toBeCloseTo(1 - 4 / 60, 12);
  });
});
