import type Database from 'better-sqlite3';
import type { Db } from '../store/db.js';
import { normaliseRows } from './exact.js';

/** What the index needs to know of a descriptor kind (see artwork/kinds.ts). */
export interface IndexedKind {
  readonly name: string;
  readonly version: number;
  /** Number of float32 values in one vector. */
  readonly dim: number;
}

/** All current vectors of one kind, normalised, row i belonging to artwork ids[i]. */
export interface KindVectors {
  /** Artwork ids in ascending order. */
  readonly ids: Float64Array;
  /** Row-major, ids.length × dim, each row unit length (or all zeros). */
  readonly vectors: Float32Array;
  readonly dim: number;
}

/**
 * A descriptor row counts when it has the kind's current version and exactly
 * dim float32 values; anything else is stale or malformed and is left out of
 * every count and every index alike.
 */
const CURRENT = 'kind = ? AND version = ? AND length(vector) = ?';
/**
 * The same rows, lengths not checked. Scans use this: the index
 * descriptors_current (migration 6) answers it from the index alone, where
 * the length test reads every row (0.4 s for 10,000 covers on the 2-core
 * machine, against 2 ms).
 */
const AT_VERSION = 'kind = ? AND version = ?';

/** Prepared statements per database: readVector runs once per playlist step. */
const prepared = new WeakMap<Db, Map<string, Database.Statement>>();

function statement(db: Db, sql: string): Database.Statement {
  let cache = prepared.get(db);
  if (!cache) {
    cache = new Map();
    prepared.set(db, cache);
  }
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    cache.set(sql, stmt);
  }
  return stmt;
}

function currentArgs(kind: IndexedKind): [string, number, number] {
  return [kind.name, kind.version, kind.dim * Float32Array.BYTES_PER_ELEMENT];
}

export function countVectors(db: Db, kind: IndexedKind): number {
  const row = statement(db, `SELECT count(*) AS n FROM descriptors WHERE ${CURRENT}`).get(...currentArgs(kind)) as { n: number };
  return row.n;
}

/**
 * The artwork ids with a vector of the kind's version, ascending. A vector
 * of the wrong length (malformed) is among them, though no index holds it:
 * loadVectors and loadVectorsOf leave it out.
 */
export function vectorIds(db: Db, kind: IndexedKind): Float64Array {
  // Sorted here: SQLite's sorter takes longer (57–86 ms against 45 ms for all, at 100,000 covers).
  const ids = statement(db, `SELECT artwork_id FROM descriptors WHERE ${AT_VERSION}`).pluck().all(kind.name, kind.version) as number[];
  return Float64Array.from(ids).sort();
}

/**
 * The kind's descriptor generation (migration 9): raised by every change to
 * its descriptors, so an equal number means the same covers.
 */
export function descriptorGeneration(db: Db, kind: IndexedKind): number {
  return (statement(db, 'SELECT generation FROM descriptor_generations WHERE kind = ?').pluck().get(kind.name) as number | undefined) ?? 0;
}

/** vectorIds and the generation they are at, read together. */
export function vectorIdsAt(db: Db, kind: IndexedKind): { ids: Float64Array; generation: number } {
  return db.transaction(() => ({ ids: vectorIds(db, kind), generation: descriptorGeneration(db, kind) }))();
}

/** Share of the table's rows above which a kind is read straight through the table (see loadVectors). */
const THROUGH_TABLE_SHARE = 0.1;
const FROM_TABLE = 'SELECT artwork_id, vector FROM descriptors WHERE +kind = ? AND +version = ? ORDER BY artwork_id';
const FROM_INDEX = `SELECT artwork_id, vector FROM descriptors WHERE ${AT_VERSION} ORDER BY artwork_id`;

/**
 * Loads every current vector of a kind, normalised, in one matrix, from one
 * read transaction (so the count and the rows agree); vectors of the wrong
 * length are left out and counted in `malformed`. Vectors are stored as
 * little-endian float32 bytes, the byte order of every platform Sleeve runs
 * on, so the bytes are copied as they are.
 *
 * How the rows are read depends on the kind's share of the table. Through
 * descriptors_current every row costs a seek into the table: 3.3–3.9 s per
 * kind at 100,000 covers. Read straight through in its own order (artwork,
 * then kind; the unary + keeps SQLite off the index), passing over other
 * kinds' rows, the table gives a kind in 0.7–0.8 s when it holds three
 * kinds of as many covers. A kind with few vectors yet (the neural kind
 * while it is computed) is still read through the index.
 */
export function loadVectors(db: Db, kind: IndexedKind): KindVectors & { readonly malformed: number; readonly generation: number } {
  return db.transaction(() => {
    const atVersion = statement(db, `SELECT count(*) FROM descriptors WHERE ${AT_VERSION}`).pluck().get(kind.name, kind.version) as number;
    const ids = new Float64Array(atVersion);
    const vectors = new Float32Array(atVersion * kind.dim);
    const bytes = new Uint8Array(vectors.buffer);
    const rowBytes = kind.dim * Float32Array.BYTES_PER_ELEMENT;
    const all = statement(db, 'SELECT count(*) FROM descriptors').pluck().get() as number;
    const sql = atVersion >= all * THROUGH_TABLE_SHARE ? FROM_TABLE : FROM_INDEX;
    let row = 0;
    const rows = statement(db, sql).raw().iterate(kind.name, kind.version) as IterableIterator<[number, Uint8Array]>;
    for (const [id, blob] of rows) {
      if (blob.byteLength !== rowBytes) continue;
      ids[row] = id;
      bytes.set(blob, row * rowBytes);
      row++;
    }
    const used = row === atVersion ? vectors : vectors.slice(0, row * kind.dim);
    normaliseRows(used, kind.dim);
    const generation = descriptorGeneration(db, kind);
    return { ids: row === atVersion ? ids : ids.slice(0, row), vectors: used, dim: kind.dim, malformed: atVersion - row, generation };
  })();
}

/** One artwork's current vector of a kind, normalised; undefined when it has none. */
export function readVector(db: Db, kind: IndexedKind, id: number): Float32Array | undefined {
  const row = statement(db, `SELECT vector FROM descriptors WHERE artwork_id = ? AND ${CURRENT}`)
    .raw()
    .get(id, ...currentArgs(kind)) as [Uint8Array] | undefined;
  if (!row) return undefined;
  const vector = new Float32Array(kind.dim);
  new Uint8Array(vector.buffer).set(row[0]);
  normaliseRows(vector, kind.dim);
  return vector;
}

/** The current vectors of the given artworks (ascending ids), normalised; ids without one are left out. */
export function loadVectorsOf(db: Db, kind: IndexedKind, wanted: ArrayLike<number>): KindVectors {
  const ids: number[] = [];
  const vectors = new Float32Array(wanted.length * kind.dim);
  const bytes = new Uint8Array(vectors.buffer);
  const rowBytes = kind.dim * Float32Array.BYTES_PER_ELEMENT;
  const read = statement(db, `SELECT vector FROM descriptors WHERE artwork_id = ? AND ${CURRENT}`).raw();
  db.transaction(() => {
    for (let i = 0; i < wanted.length; i++) {
      const row = read.get(wanted[i], ...currentArgs(kind)) as [Uint8Array] | undefined;
      if (!row) continue;
      bytes.set(row[0], ids.length * rowBytes);
      ids.push(wanted[i]);
    }
  })();
  const used = vectors.subarray(0, ids.length * kind.dim);
  normaliseRows(used, kind.dim);
  return { ids: Float64Array.from(ids), vectors: used, dim: kind.dim };
}
