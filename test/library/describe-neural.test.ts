import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NEURAL_KIND } from '../../src/main/artwork/kinds.js';
import { NeuralPool } from '../../src/main/artwork/neural-pool.js';
import { describeNeural, neuralCoverage, type NeuralProgress } from '../../src/main/library/describe-neural.js';
import { NeuralBackground } from '../../src/main/library/neural-background.js';
import { saveLearnedModel } from '../../src/main/index/learned-vectors.js';
import { openDatabase, type Db } from '../../src/main/store/db.js';
import { ScanStore } from '../../src/main/store/scan-store.js';
import { temporaryFolders } from '../support/temp-dirs.js';

/**
 * Background neural describing over a small library of folder covers
 * (copies of the fixture pictures, stored as a scan stores them): it fills
 * in exactly the covers lacking a vector, reports progress, stops on cancel,
 * and a process killed at any of its points (SLEEVE_FAULT_AT) loses nothing:
 * the next run describes only what was not stored, and the result is the
 * one an uninterrupted run gives.
 */

const tempDir = temporaryFolders();
const FIXTURES = 'test/fixtures/gist';
const COVERS = readdirSync(FIXTURES).filter((f) => /^p\d+_.*\.png$/.test(f)).sort().slice(0, 9);
const pool = new NeuralPool({ threads: 1 });
afterAll(() => pool.close());

/** A library database whose artworks are the fixture pictures, as folder covers, with no neural vector yet. */
function makeLibrary(): { dir: string; dbPath: string; db: Db } {
  const dir = tempDir('sleeve-neural-');
  const dbPath = join(dir, 'library.db');
  const db = openDatabase(dbPath);
  const store = new ScanStore(db);
  for (const [i, file] of COVERS.entries()) {
    const path = join(dir, `cover-${i}.png`);
    copyFileSync(join(FIXTURES, file), path);
    const bytes = readFileSync(path);
    store.addArtwork(
      {
        sha256: createHash('sha256').update(bytes).digest('hex'), format: 'png', width: 1, height: 1, bytes: bytes.length,
        source: 'folder', originPath: Buffer.from(path), originPicture: null, thumbnail: null, thumbnailFormat: null,
      },
      [{ kind: 'tiny', version: 1, vector: new Float32Array(256) }],
    );
  }
  return { dir, dbPath, db };
}

/** Every stored neural vector, by the cover's content hash. */
function neuralVectors(db: Db): Map<string, Buffer> {
  const rows = db
    .prepare('SELECT a.sha256, d.vector FROM descriptors d JOIN artworks a ON a.id = d.artwork_id WHERE d.kind = ? AND d.version = ?')
    .all(NEURAL_KIND.name, NEURAL_KIND.version) as { sha256: string; vector: Buffer }[];
  return new Map(rows.map((r) => [r.sha256, r.vector]));
}

function childRun(dbPath: string, indexDir: string, faultAt: string) {
  const args = ['--import', 'tsx', resolve('test/library/describe-neural-child.ts'), dbPath, indexDir];
  return new Promise<{ signal: NodeJS.Signals | null; code: number | null; lines: unknown[]; stderr: string }>((done, fail) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, SLEEVE_FAULT_AT: faultAt }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code, signal) =>
      done({ code, signal, stderr, lines: stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as unknown) }),
    );
  });
}

let reference: Map<string, Buffer> | undefined;

/** Stored float32 bytes against a vector: the network's batch size may change the last bits only. */
function expectClose(stored: Buffer | undefined, vector: Float32Array | Buffer): void {
  expect(stored).toBeDefined();
  const a = new Float32Array(stored!.buffer.slice(stored!.byteOffset, stored!.byteOffset + stored!.byteLength));
  const b = vector instanceof Float32Array ? vector : new Float32Array(vector.buffer.slice(vector.byteOffset, vector.byteOffset + vector.byteLength));
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  expect(max).toBeLessThanOrEqual(1e-6);
}

describe('background neural describing', () => {
  it('describes every cover lacking a vector, with progress, then nothing more on the next run', async () => {
    const { db, dir } = makeLibrary();
    const progress: NeuralProgress[] = [];
    const first = await describeNeural(db, pool, { batchSize: 2, indexDir: dir, onProgress: (p) => progress.push(p) });
    expect(first).toEqual({ described: COVERS.length, failed: 0, remaining: 0, cancelled: false });
    expect(progress[0]).toEqual({ done: 0, total: COVERS.length, described: 0, covers: COVERS.length });
    expect(progress.at(-1)).toEqual({ done: COVERS.length, total: COVERS.length, described: COVERS.length, covers: COVERS.length });
    expect(neuralCoverage(db)).toEqual({ described: COVERS.length, covers: COVERS.length });
    // The stored vector is the pool's vector of the cover's bytes.
    reference = neuralVectors(db);
    const bytes = readFileSync(join(dir, 'cover-0.png'));
    const [direct] = await pool.describe([bytes]);
    if (!direct.ok) throw new Error(direct.reason);
    expectClose(reference.get(createHash('sha256').update(bytes).digest('hex')), direct.vector);
    // The neural index is built.
    expect(db.prepare('SELECT count FROM ann_indexes WHERE kind = ?').pluck().get(NEURAL_KIND.name)).toBe(COVERS.length);

    const again = await describeNeural(db, pool, { indexDir: dir });
    expect(again).toEqual({ described: 0, failed: 0, remaining: 0, cancelled: false });
    db.close();
  });

  it('stops between batches when cancelled, says what remains, and the next run finishes the rest', async () => {
    const { db, dir } = makeLibrary();
    const controller = new AbortController();
    const cancelled = await describeNeural(db, pool, {
      batchSize: 2,
      signal: controller.signal,
      onProgress: (p) => (p.done >= 2 ? controller.abort() : undefined),
    });
    expect(cancelled.cancelled).toBe(true);
    expect(cancelled.described).toBe(2);
    expect(cancelled.remaining).toBe(COVERS.length - 2);
    // A cover whose file has gone is reported and left for later; the others are described.
    rmSync(join(dir, 'cover-8.png'));
    const log: string[] = [];
    const rest = await describeNeural(db, pool, { batchSize: 2, log: (m) => log.push(m) });
    expect(rest).toEqual({ described: COVERS.length - 3, failed: 1, remaining: 1, cancelled: false });
    expect(log).toEqual([expect.stringMatching(/cover-8\.png\) has no neural vector: it no longer exists$/)]);
    db.close();
  });

  it('gives the covers it describes their learned vector when the learned kind was fitted on neural vectors', async () => {
    const { db, dir } = makeLibrary();
    const width = 256 + NEURAL_KIND.dim;
    const projection = new Float32Array(width * 2).map((_, i) => ((i * 7919) % 13) / 13 - 0.5);
    saveLearnedModel(
      db,
      {
        inputs: [
          { name: 'tiny', version: 1, dim: 256 },
          { name: NEURAL_KIND.name, version: NEURAL_KIND.version, dim: NEURAL_KIND.dim },
        ],
        classes: ['a', 'b', 'c'],
        shrinkage: 0.5,
        dim: 2,
        center: new Float32Array(width),
        projection,
      },
      'genre',
      [],
    );
    const learnedCount = () => db.prepare("SELECT count(*) FROM descriptors WHERE kind = 'learned'").pluck().get();
    expect(learnedCount()).toBe(0);
    await describeNeural(db, pool, { batchSize: 4, indexDir: dir });
    expect(learnedCount()).toBe(COVERS.length);
    expect(db.prepare("SELECT count FROM ann_indexes WHERE kind = 'learned'").pluck().get()).toBe(COVERS.length);
    db.close();
  });

  it('runs in the background as a service runs it: progress, one more run when asked during one, a cancel that keeps what was written', async () => {
    const { db, dir } = makeLibrary();
    let changed = 0;
    const background = new NeuralBackground(db, { indexDir: dir, threads: 1, onChanged: () => changed++ });
    expect(background.state()).toEqual({ running: false, progress: null, error: null });
    background.start();
    expect(background.state().running).toBe(true);
    background.start(); // asked again during the run: one more run follows, which finds nothing left
    await background.idle();
    expect(background.state()).toEqual({
      running: false,
      progress: { done: 0, total: 0, described: COVERS.length, covers: COVERS.length },
      error: null,
    });
    expect(changed).toBe(1);
    expect(neuralCoverage(db).described).toBe(COVERS.length);

    // A cancel right after a start (model still loading) stops at once and writes nothing half-done.
    db.prepare('DELETE FROM descriptors WHERE kind = ?').run(NEURAL_KIND.name);
    background.start();
    background.cancel();
    await background.idle();
    expect(background.state().error).toBeNull();
    expect(neuralCoverage(db).described).toBeLessThan(COVERS.length);
    await background.close();
    background.start(); // closed: nothing starts
    expect(background.state().running).toBe(false);
    db.close();
  });

  it.each(['neural-described:1', 'neural-batch:2', 'neural-indexing:1'])(
    'loses nothing when killed at %s: the next run does only what was not stored',
    async (faultAt) => {
      const { db, dbPath, dir } = makeLibrary();
      db.close();
      const killed = await childRun(dbPath, dir, faultAt);
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      const reopened = openDatabase(dbPath);
      const stored = neuralVectors(reopened);
      const storedBefore = { 'neural-described:1': 0, 'neural-batch:2': 4, 'neural-indexing:1': COVERS.length }[faultAt];
      expect(stored.size).toBe(storedBefore);
      const progress: NeuralProgress[] = [];
      const resumed = await describeNeural(reopened, pool, { batchSize: 2, indexDir: dir, onProgress: (p) => progress.push(p) });
      // Only the covers without a vector were planned and described.
      expect(progress[0].total).toBe(COVERS.length - stored.size);
      expect(resumed).toEqual({ described: COVERS.length - stored.size, failed: 0, remaining: 0, cancelled: false });
      const after = neuralVectors(reopened);
      for (const [sha, vector] of stored) expect(after.get(sha)).toEqual(vector);
      // The same library an uninterrupted run gives, index included.
      if (reference) {
        expect([...after.keys()].sort()).toEqual([...reference.keys()].sort());
        for (const [sha, vector] of after) expectClose(reference.get(sha), vector);
      }
      expect(reopened.prepare('SELECT count FROM ann_indexes WHERE kind = ?').pluck().get(NEURAL_KIND.name)).toBe(COVERS.length);
      expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
      reopened.close();
    },
    120_000,
  );
});
