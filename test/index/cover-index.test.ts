import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoverIndex, EXACT_SEARCH_FLOATS, ensureIndex, rebuildIndex } from '../../src/main/index/cover-index.js';
import { exactSearch, normalised } from '../../src/main/index/exact.js';
import { readRecord } from '../../src/main/index/index-store.js';
import type { SearchHit } from '../../src/main/index/top-k.js';
import { VectorIndex } from '../../src/main/index/vector-index.js';
import { loadVectors } from '../../src/main/index/vectors.js';
import { addDescriptors, bumpVersion, clusteredVectors, recorder, row, tempLibrary, type TempLibrary } from './library.js';

const DIM = 32;
const COUNT = 300;
const K = 10;
const gist = { name: 'gist', version: 1, dim: DIM };

/** The answer brute force gives over what SQLite holds now. */
function expected(library: TempLibrary, kind: typeof gist, query: Float32Array, k: number, exclude?: ReadonlySet<number>): SearchHit[] {
  const { ids, vectors } = loadVectors(library.db, kind);
  return exactSearch(vectors, ids, normalised(query), k, exclude);
}

/**
 * Same covers, same scores (near-ties may swap places, so scores are compared
 * in order). The graph stores float16 vectors: its scores agree to 3 digits.
 */
function expectSameAnswer(actual: SearchHit[], wanted: SearchHit[], digits = 5): void {
  expect(new Set(actual.map((h) => h.id))).toEqual(new Set(wanted.map((h) => h.id)));
  expect(actual.map((h) => h.score)).toEqual(wanted.map((h) => expect.closeTo(h.score, digits)));
}

const GRAPH_DIGITS = 3;

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

describe('CoverIndex', () => {
  let library: TempLibrary;
  let vectors: Float32Array;
  let ids: number[];
  beforeEach(() => {
    library = tempLibrary();
    vectors = clusteredVectors(COUNT, DIM, 7);
    ids = addDescriptors(library.db, 'gist', 1, vectors, DIM);
  });
  afterEach(() => library.dispose());

  function indexPath(): string {
    const record = readRecord(library.db, 'gist');
    if (!record) throw new Error('no index recorded');
    return join(library.dir, record.file);
  }

  /** Opens the index and checks it answers like brute force on a few covers. */
  function openAndCheck(log?: (m: string) => void): CoverIndex {
    const index = CoverIndex.open(library.db, library.dir, gist, log);
    for (const at of [0, 57, 123, 299]) {
      const query = row(vectors, DIM, at);
      expectSameAnswer(index.search(query, K), expected(library, gist, query, K));
    }
    return index;
  }

  it('builds an index on first use and finds a cover and its cluster', () => {
    const { log, messages } = recorder();
    const index = CoverIndex.open(library.db, library.dir, gist, log);
    expect(messages).toEqual(['index for gist was not built yet; built from the library (300 covers)']);
    expect(index.size).toBe(COUNT);

    const hits = index.search(row(vectors, DIM, 42), K);
    expect(index.mode).toBe('exact');
    expect(hits[0]).toEqual({ id: ids[42], score: expect.closeTo(1, 5) });
    // Clusters of ten: the ten best are the cover's own cluster.
    expect(hits.map((h) => h.id).sort((a, b) => a - b)).toEqual(ids.slice(40, 50));
    for (let i = 1; i < hits.length; i++) expect(hits[i].score).toBeLessThanOrEqual(hits[i - 1].score);
  });

  it('leaves out excluded covers and still returns k', () => {
    const index = CoverIndex.open(library.db, library.dir, gist);
    const exclude = new Set([ids[42], ids[43]]);
    const hits = index.search(row(vectors, DIM, 42), K, exclude);
    expect(hits).toHaveLength(K);
    expect(hits.some((h) => exclude.has(h.id))).toBe(false);
    expectSameAnswer(hits, expected(library, gist, row(vectors, DIM, 42), K, exclude));
  });

  it('records the file it wrote and reopens it without rebuilding', () => {
    openAndCheck().close();
    const record = readRecord(library.db, 'gist');
    expect(record).toMatchObject({ kind: 'gist', count: COUNT, dim: DIM, version: 1 });
    expect(record?.checksum).toBe(sha256(indexPath()));
    expect(library.indexFiles()).toEqual([record?.file]);

    const { log, messages } = recorder();
    openAndCheck(log);
    expect(messages).toEqual([]);
    expect(readRecord(library.db, 'gist')).toEqual(record);
  });

  it('returns stored vectors normalised, and nothing for unknown covers', () => {
    const index = CoverIndex.open(library.db, library.dir, gist);
    expect(Array.from(index.vector(ids[5]) ?? [])).toEqual(Array.from(normalised(row(vectors, DIM, 5))));
    expect(index.vector(ids[COUNT - 1] + 1000)).toBeUndefined();
  });

  it('refuses a query of the wrong dimension and use after close', () => {
    const index = CoverIndex.open(library.db, library.dir, gist);
    expect(() => index.search(new Float32Array(DIM + 1), K)).toThrow(RangeError);
    index.close();
    expect(() => index.search(row(vectors, DIM, 0), K)).toThrow(/closed/);
  });

  describe('rebuilds from the library, with a message, when the index', () => {
    beforeEach(() => {
      CoverIndex.open(library.db, library.dir, gist).close();
    });

    it('was truncated', () => {
      truncateSync(indexPath(), statSync(indexPath()).size >> 1);
      const { log, messages } = recorder();
      openAndCheck(log);
      expect(messages).toEqual(['index for gist was damaged (checksum mismatch); rebuilt from the library (300 covers)']);
    });

    it('has flipped bytes', () => {
      const bytes = readFileSync(indexPath());
      for (const at of [10, bytes.length >> 1, bytes.length - 10]) bytes[at] ^= 0xff;
      writeFileSync(indexPath(), bytes);
      const { log, messages } = recorder();
      openAndCheck(log);
      expect(messages).toEqual(['index for gist was damaged (checksum mismatch); rebuilt from the library (300 covers)']);
    });

    it('has flipped bytes and its modification time set back', () => {
      const path = indexPath();
      const before = statSync(path);
      CoverIndex.open(library.db, library.dir, gist).close();
      const bytes = readFileSync(path);
      bytes[bytes.length >> 1] ^= 0xff;
      writeFileSync(path, bytes);
      utimesSync(path, before.atime, before.mtime);
      const { log, messages } = recorder();
      openAndCheck(log);
      expect(messages).toEqual(['index for gist was damaged (checksum mismatch); rebuilt from the library (300 covers)']);
    });

    it('does not match its recorded checksum', () => {
      library.db.prepare("UPDATE ann_indexes SET checksum = ? WHERE kind = 'gist'").run('0'.repeat(64));
      const { log, messages } = recorder();
      openAndCheck(log);
      expect(messages).toEqual(['index for gist was damaged (checksum mismatch); rebuilt from the library (300 covers)']);
    });

    it('was deleted', () => {
      const file = readRecord(library.db, 'gist')?.file;
      rmSync(indexPath());
      const { log, messages } = recorder();
      openAndCheck(log);
      expect(messages).toEqual([`index for gist was missing (${file}); rebuilt from the library (300 covers)`]);
    });

    it('holds vectors of another dimension, though its checksum matches', () => {
      // A well-formed index of 16-d vectors, recorded as if it were the gist index.
      const wrong = VectorIndex.build([1, 2], new Float32Array(32).fill(0.25), 16);
      wrong.save(indexPath());
      library.db.prepare("UPDATE ann_indexes SET checksum = ?, count = ? WHERE kind = 'gist'").run(sha256(indexPath()), COUNT);
      const { log, messages } = recorder();
      openAndCheck(log);
      expect(messages).toEqual([
        'index for gist had the wrong dimension (the index holds 16-d vectors, 32-d expected); rebuilt from the library (300 covers)',
      ]);
    });

    it('was recorded for another dimension', () => {
      library.db.prepare("UPDATE ann_indexes SET dim = 16 WHERE kind = 'gist'").run();
      const { log, messages } = recorder();
      openAndCheck(log);
      expect(messages).toEqual(['index for gist had the wrong dimension (16, expected 32); rebuilt from the library (300 covers)']);
    });

    it('was recorded without the covers it holds (before incremental updates)', () => {
      library.db.prepare("UPDATE ann_indexes SET members = NULL WHERE kind = 'gist'").run();
      const { log, messages } = recorder();
      openAndCheck(log);
      expect(messages).toEqual(['index for gist was recorded without the covers it holds; rebuilt from the library (300 covers)']);
    });

    it('was built for an older descriptor version, and removes the old file', () => {
      const oldFile = readRecord(library.db, 'gist')?.file;
      bumpVersion(library.db, 'gist', 2);
      const { log, messages } = recorder();
      const index = CoverIndex.open(library.db, library.dir, { ...gist, version: 2 }, log);
      expect(messages).toEqual(['index for gist was stale (descriptor version 1, now 2); rebuilt from the library (300 covers)']);
      expectSameAnswer(index.search(row(vectors, DIM, 3), K), expected(library, { ...gist, version: 2 }, row(vectors, DIM, 3), K));
      const record = readRecord(library.db, 'gist');
      expect(record?.version).toBe(2);
      expect(library.indexFiles()).toEqual([record?.file]);
      expect(record?.file).not.toBe(oldFile);
    });
  });

  it('brings the index up to date after a scan without opening it for search, rebuilding only when it must', () => {
    const { log, messages } = recorder();
    ensureIndex(library.db, library.dir, gist, log);
    const built = readRecord(library.db, 'gist');
    ensureIndex(library.db, library.dir, gist, log);
    addDescriptors(library.db, 'gist', 1, clusteredVectors(5, DIM, 10), DIM);
    ensureIndex(library.db, library.dir, gist, log);
    expect(messages).toEqual(['index for gist was not built yet; built from the library (300 covers)']);
    expect(readRecord(library.db, 'gist')).toEqual(built);
    ensureIndex(library.db, library.dir, gist, log, { deltaFloats: 4 * DIM });
    expect(messages[1]).toBe(
      'index for gist had 5 covers added or removed since it was built (5 added, 0 removed); rebuilt from the library (305 covers)',
    );
    expect(readRecord(library.db, 'gist')?.count).toBe(305);
  });

  it('leaves no temporary files behind and clears those of writers that died', () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(library.dir, `.index-gist.${dead}.0badf00d.tmp`), 'half-written');
    writeFileSync(join(library.dir, `.index-gist.${process.pid}.feedbeef.tmp`), 'being written');
    rebuildIndex(library.db, library.dir, gist);
    rebuildIndex(library.db, library.dir, gist);
    const file = readRecord(library.db, 'gist')?.file;
    expect(library.indexFiles().sort()).toEqual([`.index-gist.${process.pid}.feedbeef.tmp`, file].sort());
  });

  it('indexes an empty library', () => {
    const empty = tempLibrary();
    try {
      const index = CoverIndex.open(empty.db, empty.dir, gist);
      expect(index.size).toBe(0);
      expect(index.search(row(vectors, DIM, 0), K)).toEqual([]);
      const { log, messages } = recorder();
      CoverIndex.open(empty.db, empty.dir, gist, log, { exactFloats: 0 });
      expect(messages).toEqual([]);
    } finally {
      empty.dispose();
    }
  });

  it('answers the same through the graph as by brute force', () => {
    const exact = CoverIndex.open(library.db, library.dir, gist);
    const graph = CoverIndex.open(library.db, library.dir, gist, undefined, { exactFloats: 0 });
    expect([exact.mode, graph.mode]).toEqual(['exact', 'approximate']);
    for (let at = 0; at < COUNT; at += 7) {
      const query = row(vectors, DIM, at);
      const exclude = new Set([ids[at]]);
      expectSameAnswer(exact.search(query, K), expected(library, gist, query, K));
      expectSameAnswer(graph.search(query, K), exact.search(query, K), GRAPH_DIGITS);
      expectSameAnswer(graph.search(query, K, exclude), exact.search(query, K, exclude), GRAPH_DIGITS);
    }
    expect(Array.from(graph.vector(ids[9]) ?? [])).toEqual(Array.from(exact.vector(ids[9]) ?? []));
  });
});

describe('CoverIndex above the exact-search threshold', () => {
  it('searches exactly below EXACT_SEARCH_FLOATS and through the graph above, agreeing with brute force', () => {
    const library = tempLibrary();
    try {
      const count = 1200;
      const vectors = clusteredVectors(count, DIM, 11);
      addDescriptors(library.db, 'gist', 1, vectors, DIM);
      expect(CoverIndex.open(library.db, library.dir, gist).mode).toBe(count * DIM < EXACT_SEARCH_FLOATS ? 'exact' : 'approximate');
      const index = CoverIndex.open(library.db, library.dir, gist, undefined, { exactFloats: (count - 1) * DIM });
      expect(index.mode).toBe('approximate');
      expect(index.size).toBe(count);
      for (let at = 0; at < count; at += 37) {
        const query = row(vectors, DIM, at);
        expectSameAnswer(index.search(query, K), expected(library, gist, query, K), GRAPH_DIGITS);
      }
      // Every cover can be reached: each is its own best match.
      const ids = loadVectors(library.db, gist).ids;
      const missed = ids.filter((id, at) => index.search(row(vectors, DIM, at), 1)[0]?.id !== id);
      expect(missed).toEqual(new Float64Array(0));
    } finally {
      library.dispose();
    }
  });
});
