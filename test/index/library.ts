import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src/main/store/db.js';
import { mulberry32 } from '../../src/shared/random.js';

/** A temporary library: a database in its own folder, index files beside it. */
export interface TempLibrary {
  readonly db: Db;
  readonly dir: string;
  /** Index files and anything else the index code left in the folder. */
  indexFiles(): string[];
  dispose(): void;
}

export function tempLibrary(): TempLibrary {
  const dir = mkdtempSync(join(tmpdir(), 'sleeve-index-test-'));
  const db = openDatabase(join(dir, 'library.db'));
  return {
    db,
    dir,
    indexFiles: () => readdirSync(dir).filter((name) => !name.startsWith('library.db')),
    dispose() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `count` vectors in tight, far-apart clusters of `perCluster` (a centre in
 * [-1, 1]^dim plus small noise), raw (not normalised): row-major.
 */
export function clusteredVectors(count: number, dim: number, seed: number, perCluster = 10): Float32Array {
  const random = mulberry32(seed);
  const out = new Float32Array(count * dim);
  const centre = new Float32Array(dim);
  for (let i = 0; i < count; i++) {
    if (i % perCluster === 0) for (let d = 0; d < dim; d++) centre[d] = 2 * random() - 1;
    const scale = 1 + random(); // cosine ignores length: vary it
    for (let d = 0; d < dim; d++) out[i * dim + d] = scale * (centre[d] + 0.05 * (2 * random() - 1));
  }
  return out;
}

export function vectorBytes(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

let nextArtwork = 0;

/** Adds artworks with one descriptor each; returns their ids in order. */
export function addDescriptors(db: Db, kind: string, version: number, vectors: Float32Array, dim: number): number[] {
  const insertArtwork = db.prepare(
    `INSERT INTO artworks (sha256, format, width, height, bytes, source, origin_path, created_at)
     VALUES (?, 'jpeg', 500, 500, 1000, 'embedded', ?, 0)`,
  );
  const insertDescriptor = db.prepare('INSERT INTO descriptors (artwork_id, kind, version, vector) VALUES (?, ?, ?, ?)');
  const ids: number[] = [];
  db.transaction(() => {
    for (let row = 0; row * dim < vectors.length; row++) {
      nextArtwork++;
      const id = Number(insertArtwork.run(`hash-${process.pid}-${nextArtwork}`, Buffer.from(`/music/${nextArtwork}.flac`)).lastInsertRowid);
      insertDescriptor.run(id, kind, version, vectorBytes(vectors.slice(row * dim, (row + 1) * dim)));
      ids.push(id);
    }
  })();
  return ids;
}

/** Replaces every descriptor of a kind with a new version of the same vectors. */
export function bumpVersion(db: Db, kind: string, version: number): void {
  db.prepare('UPDATE descriptors SET version = ? WHERE kind = ?').run(version, kind);
}

export function row(vectors: Float32Array, dim: number, index: number): Float32Array {
  return vectors.slice(index * dim, (index + 1) * dim);
}

/** A log that remembers its messages. */
export function recorder(): { log: (message: string) => void; messages: string[] } {
  const messages: string[] = [];
  return { log: (message) => messages.push(message), messages };
}
