import { spawn } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoverIndex, rebuildIndex, rebuildReason, type CoverIndexOptions } from '../../src/main/index/cover-index.js';
import { exactSearch, normalised } from '../../src/main/index/exact.js';
import { readRecord } from '../../src/main/index/index-store.js';
import { KindIndexes } from '../../src/main/index/kind-indexes.js';
import { refreshIndexes } from '../../src/main/index/refresh.js';
import { loadVectors } from '../../src/main/index/vectors.js';
import { openDatabase } from '../../src/main/store/db.js';
import { addDescriptors, bumpVersion, clusteredVectors, recorder, row, tempLibrary, type TempLibrary } from './library.js';

const DIM = 24;
const K = 10;
const gist = { name: 'gist', version: 1, dim: DIM };
/** Always through the graph (these libraries are far below the exact-search threshold). */
const GRAPH: CoverIndexOptions = { exactFloats: 0 };
/** Recall@10 against exact search the incremental index must reach (the goal). */
const RECALL_GOAL = 0.97;

/** Share of the exact top k that the index found, over queries at every `step`-th current cover. */
function recallAgainstExact(library: TempLibrary, index: CoverIndex, step: number): number {
  const { ids, vectors } = loadVectors(library.db, gist);
  let found = 0;
  let wanted = 0;
  for (let at = 0; at < ids.length; at += step) {
    const query = row(vectors, DIM, at);
    const truth = new Set(exactSearch(vectors, ids, normalised(query), K).map((hit) => hit.id));
    for (const hit of index.search(query, K)) if (truth.has(hit.id)) found++;
    wanted += truth.size;
  }
  return found / wanted;
}

/** Current covers that are not their own best match. */
function unreachable(library: TempLibrary, index: CoverIndex): number[] {
  const { ids, vectors } = loadVectors(library.db, gist);
  return Array.from(ids).filter((id, at) => index.search(row(vectors, DIM, at), 1)[0]?.id !== id);
}

describe('incremental index updates', () => {
  let library: TempLibrary;
  let ids: number[];
  beforeEach(() => {
    library = tempLibrary();
    ids = addDescriptors(library.db, 'gist', 1, clusteredVectors(1500, DIM, 21), DIM);
    rebuildIndex(library.db, library.dir, gist);
  });
  afterEach(() => library.dispose());

  it('answers after covers are added and removed as a rebuild does, without writing the file', () => {
    const record = readRecord(library.db, 'gist');
    const removed = ids.filter((_, i) => i % 10 === 3);
    const deleteArtwork = library.db.prepare('DELETE FROM artworks WHERE id = ?');
    for (const id of removed) deleteArtwork.run(id);
    const added = addDescriptors(library.db, 'gist', 1, clusteredVectors(150, DIM, 22), DIM);

    const { log, messages } = recorder();
    const incremental = CoverIndex.open(library.db, library.dir, gist, log, GRAPH);
    expect(messages).toEqual([]);
    expect(readRecord(library.db, 'gist')).toEqual(record);
    expect(incremental.mode).toBe('approximate');
    expect(incremental.pending).toBe(300);
    expect(incremental.size).toBe(1500);

    const incrementalRecall = recallAgainstExact(library, incremental, 5);
    expect(unreachable(library, incremental)).toEqual([]);
    for (const id of removed.slice(0, 20)) expect(incremental.vector(id)).toBeUndefined();
    expect(incremental.vector(added[0])).toBeDefined();
    // A removed cover is never an answer, even to a query that is that cover.
    const gone = new Set(removed);
    const removedVectors = clusteredVectors(1500, DIM, 21);
    for (let i = 3; i < 1500; i += 10) expect(incremental.search(row(removedVectors, DIM, i), K).some((hit) => gone.has(hit.id))).toBe(false);

    rebuildIndex(library.db, library.dir, gist);
    const rebuilt = CoverIndex.open(library.db, library.dir, gist, undefined, GRAPH);
    expect(rebuilt.pending).toBe(0);
    const rebuiltRecall = recallAgainstExact(library, rebuilt, 5);
    expect(incrementalRecall).toBeGreaterThanOrEqual(RECALL_GOAL);
    expect(incrementalRecall).toBeGreaterThanOrEqual(rebuiltRecall - 0.01);
  });

  it('saves the delta after a build and after a change for the opens that follow, and never answers from it once the covers changed again', () => {
    const savedAt = () => library.db.prepare("SELECT delta_generation FROM ann_indexes WHERE kind = 'gist'").pluck().get();
    const built = savedAt();
    expect(built).not.toBeNull();
    expect(CoverIndex.open(library.db, library.dir, gist, undefined, GRAPH).pending).toBe(0);
    const deleteArtwork = library.db.prepare('DELETE FROM artworks WHERE id = ?');
    const removed = ids.filter((_, i) => i % 10 === 7);
    for (const id of removed) deleteArtwork.run(id);
    const added = addDescriptors(library.db, 'gist', 1, clusteredVectors(100, DIM, 23), DIM);
    // The scan's own check after its changes (refresh.ts): no rebuild due, the delta saved.
    expect(rebuildReason(library.db, library.dir, gist)).toBeUndefined();
    const saved = savedAt();
    expect(saved).toBeGreaterThan(built as number);
    const reopened = CoverIndex.open(library.db, library.dir, gist, undefined, GRAPH);
    expect(reopened.pending).toBe(removed.length + added.length);
    expect(unreachable(library, reopened)).toEqual([]);

    // Each change after the save is seen by the next open: a new cover, a cover gone with its artwork, a cover moved to another version.
    const [late] = addDescriptors(library.db, 'gist', 1, clusteredVectors(1, DIM, 24), DIM);
    expect(CoverIndex.open(library.db, library.dir, gist, undefined, GRAPH).search(row(clusteredVectors(1, DIM, 24), DIM, 0), 1)[0].id).toBe(late);
    deleteArtwork.run(late);
    expect(CoverIndex.open(library.db, library.dir, gist, undefined, GRAPH).vector(late)).toBeUndefined();
    const moved = added[0];
    library.db
      .prepare('INSERT INTO descriptors (artwork_id, kind, version, vector) SELECT artwork_id, kind, 2, vector FROM descriptors WHERE artwork_id = ? AND kind = ? ON CONFLICT(artwork_id, kind) DO UPDATE SET version = excluded.version')
      .run(moved, 'gist');
    const afterMove = CoverIndex.open(library.db, library.dir, gist, undefined, GRAPH);
    expect(afterMove.vector(moved)).toBeUndefined();
    expect(afterMove.size).toBe(1500 - removed.length + added.length - 1);
    expect(savedAt()).toBe(saved);
  });

  it('merges the changes into a new file once they pass the limit', async () => {
    const options: CoverIndexOptions = { ...GRAPH, deltaFloats: 100 * DIM };
    addDescriptors(library.db, 'gist', 1, clusteredVectors(60, DIM, 23), DIM);
    const { log, messages } = recorder();
    await refreshIndexes(library.db, library.dir, log, [gist]);
    expect(messages).toEqual([]);
    expect(CoverIndex.open(library.db, library.dir, gist, log, options).pending).toBe(60);

    const added = addDescriptors(library.db, 'gist', 1, clusteredVectors(60, DIM, 24), DIM);
    const index = CoverIndex.open(library.db, library.dir, gist, log, options);
    expect(messages).toEqual([
      'index for gist had 120 covers added or removed since it was built (120 added, 0 removed); rebuilt from the library (1620 covers)',
    ]);
    expect(index.pending).toBe(0);
    expect(readRecord(library.db, 'gist')?.members).toContain(added[59]);
    expect(recallAgainstExact(library, index, 7)).toBeGreaterThanOrEqual(RECALL_GOAL);
  });

  it('rebuilds after a descriptor version bump, in a worker thread, when the library is refreshed', async () => {
    const before = readRecord(library.db, 'gist');
    bumpVersion(library.db, 'gist', 2);
    const { log, messages } = recorder();
    const progress: number[] = [];
    await refreshIndexes(library.db, library.dir, log, [{ ...gist, version: 2 }], (_kind, done) => progress.push(done));
    expect(messages).toEqual(['index for gist was stale (descriptor version 1, now 2); rebuilt from the library (1500 covers)']);
    expect(progress.at(-1)).toBe(1500);
    const after = readRecord(library.db, 'gist');
    expect(after?.version).toBe(2);
    expect(after?.file).not.toBe(before?.file);
    expect(library.indexFiles()).toEqual([after?.file]);
  });

  it('is the old file or the new one after a kill during an update, and the next open answers right', async () => {
    for (const delay of [150, 400, 700]) {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, 'rebuild-loop.ts'), join(library.dir, 'library.db'), library.dir, String(DIM), String(delay)],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('ready')) setTimeout(resolve, delay);
        });
        child.once('exit', (code) => reject(new Error(`the rebuild loop stopped by itself (exit code ${code})`)));
      });
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));

      const record = readRecord(library.db, 'gist');
      expect(statSync(join(library.dir, record?.file ?? 'none')).isFile()).toBe(true);
      const { log, messages } = recorder();
      const index = CoverIndex.open(library.db, library.dir, gist, log, GRAPH);
      expect(messages).toEqual([]);
      expect(index.size).toBe(loadVectors(library.db, gist).ids.length);
      expect(unreachable(library, index)).toEqual([]);
    }
    // The temporary files of the killed writers go with the next build.
    rebuildIndex(library.db, library.dir, gist);
    expect(library.indexFiles()).toEqual([readRecord(library.db, 'gist')?.file]);
  });
});

describe('shared indexes (KindIndexes)', () => {
  let library: TempLibrary;
  beforeEach(() => {
    library = tempLibrary();
    addDescriptors(library.db, 'gist', 1, clusteredVectors(3000, DIM, 31), DIM);
  });
  afterEach(() => library.dispose());

  it('keep answering, exactly, while the file is rebuilt in a worker thread, then use it', async () => {
    const { log, messages } = recorder();
    const indexes = new KindIndexes(library.db, library.dir, log, { ...GRAPH, background: true });
    const index = indexes.index(gist);
    expect(indexes.index(gist)).toBe(index);
    const { ids, vectors } = loadVectors(library.db, gist);
    // Same covers and scores as brute force (near-ties may swap places).
    const check = (at: number) => {
      const query = row(vectors, DIM, at);
      const hits = index.search(query, K);
      const truth = exactSearch(vectors, ids, normalised(query), K);
      expect(new Set(hits.map((hit) => hit.id))).toEqual(new Set(truth.map((hit) => hit.id)));
      expect(hits.map((hit) => hit.score)).toEqual(truth.map((hit) => expect.closeTo(hit.score, 5)));
    };

    check(0);
    expect(index.mode).toBe('exact');
    expect(indexes.progress().map((entry) => entry.kind)).toEqual(['gist']);
    let answeredDuringBuild = 0;
    while (indexes.progress().length > 0) {
      check(answeredDuringBuild % ids.length);
      answeredDuringBuild++;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await indexes.idle();
    expect(answeredDuringBuild).toBeGreaterThan(0);
    expect(messages).toEqual([
      'index for gist was not built yet; rebuilding it in the background',
      'index for gist rebuilt from the library (3000 covers)',
    ]);
    expect(index.mode).toBe('approximate');
    expect(index.search(row(vectors, DIM, 17), 1)[0].id).toBe(ids[17]);
  });

  it('answer from a read-only library as its files allow, writing nothing', () => {
    rebuildIndex(library.db, library.dir, gist);
    const [added] = addDescriptors(library.db, 'gist', 1, clusteredVectors(1, DIM, 32), DIM);
    const readOnly = openDatabase(join(library.dir, 'library.db'), { readonly: true });
    try {
      const { log, messages } = recorder();
      const fromFile = new KindIndexes(readOnly, library.dir, log, GRAPH).index(gist);
      expect([fromFile.mode, fromFile.size]).toEqual(['approximate', 3001]);
      expect(fromFile.search(clusteredVectors(1, DIM, 32), 1)[0].id).toBe(added);
      rmSync(join(library.dir, readRecord(library.db, 'gist')?.file ?? 'none'));
      const exact = new KindIndexes(readOnly, library.dir, log, GRAPH).index(gist);
      expect([exact.mode, exact.size]).toEqual(['exact', 3001]);
      expect(exact.search(clusteredVectors(1, DIM, 32), 1)[0].id).toBe(added);
      expect(messages).toEqual([]);
      expect(library.indexFiles()).toEqual([]);
    } finally {
      readOnly.close();
    }
  });

  it('rebuild on the calling thread unless asked to work in the background', () => {
    const { log, messages } = recorder();
    const index = new KindIndexes(library.db, library.dir, log, GRAPH).index(gist);
    expect(index.size).toBe(3000);
    expect(index.mode).toBe('approximate');
    expect(messages).toEqual(['index for gist was not built yet; built from the library (3000 covers)']);
  });
});
