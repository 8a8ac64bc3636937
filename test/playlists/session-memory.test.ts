import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoverSessions } from '../../src/main/api/cover-sessions.js';
import { getKind } from '../../src/main/artwork/kinds.js';
import { indexDirectory } from '../../src/main/store/paths.js';
import { mulberry32 } from '../../src/shared/random.js';
import { makeLibrary, type FixtureAlbum, type Library } from './fixture.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const ALBUMS = 100;
const MIXES = 1000;
/**
 * The stated bound: the sessions kept (4) times each one's embedding budget
 * (16 MiB, playlists/cover-space.ts), which 100 albums (13 KB each in a
 * gist+color mix) do not even fill. Before sessions shared their indexes and
 * were bounded, each mix kept every kind's vectors and every album it had
 * embedded: about 2 MB a mix here, 2 GB for the thousand.
 */
const GROWTH_BOUND_BYTES = 64 * 2 ** 20;

/** Memory the program holds on to: the JavaScript heap and array buffers, after collecting garbage. */
function retainedBytes(): number {
  collectGarbage();
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

function randomCover(random: () => number): Record<string, number[]> {
  const cover: Record<string, number[]> = {};
  for (const name of ['gist', 'color']) cover[name] = Array.from({ length: getKind(name).dim }, () => random() - 0.5);
  return cover;
}

describe('cover sessions under many descriptor mixes', () => {
  let library: Library;
  let sessions: CoverSessions;
  beforeAll(() => {
    const random = mulberry32(5);
    const albums: FixtureAlbum[] = Array.from({ length: ALBUMS }, (_, i) => ({
      artist: `Artist ${i % 40}`,
      album: `Album ${i}`,
      cover: randomCover(random),
      tracks: 1,
    }));
    library = makeLibrary(albums);
    sessions = new CoverSessions(library.db, indexDirectory(library.dbPath), ['tiny', 'gist', 'color'], () => {});
  });
  afterAll(() => library.close());

  /** What albums.similar answers for an album in a mix of gist (weight w) and color. */
  function similar(w: number, albumAt: number): { id: number; score: number }[] {
    const session = sessions.session(sessions.normalise({ gist: w, color: 1 - w }));
    const id = library.ids[albumAt];
    const embedding = session.space.embedAlbum(id);
    if (!embedding) throw new Error('the album has no cover in the mix');
    return session.space.nearest(embedding, 12, (album) => album.id !== id).map((hit) => ({ id: hit.album.id, score: hit.score }));
  }

  it(`stays within ${GROWTH_BOUND_BYTES / 2 ** 20} MiB over ${MIXES} distinct mixes, with the same answers`, () => {
    const first = similar(0.5, 0);
    for (let i = 0; i < 10; i++) similar(0.25 + i / 1000, i);
    const before = retainedBytes();
    for (let i = 0; i < MIXES; i++) {
      similar((i + 1) / (MIXES + 2), (7 * i + 3) % ALBUMS);
    }
    const growth = retainedBytes() - before;
    expect(growth).toBeLessThan(GROWTH_BOUND_BYTES);
    // The first mix's session was dropped long ago: opened again, it answers the same.
    expect(similar(0.5, 0)).toEqual(first);
  });
});
