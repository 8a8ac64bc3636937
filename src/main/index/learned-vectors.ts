import { DESCRIPTOR_KINDS } from '../artwork/kinds.js';
import { loadVectors, type IndexedKind } from './vectors.js';
import type { Db } from '../store/db.js';
import { applyProjection, LEARNED_KIND, type InputKind, type LearnedProjection } from '../artwork/learned-projection.js';

/**
 * Learned models in SQLite (table learned_models, migration 2) and their
 * vectors in `descriptors` under kind `learned`, version = the model's
 * version, so the index and playlists treat them like any other kind.
 */
export interface StoredLearnedModel extends LearnedProjection {
  readonly version: number;
  readonly label: string;
  readonly fittedAt: number;
  readonly albumIds: readonly number[];
}

interface ModelRow {
  version: number;
  label: string;
  fitted_at: number;
  classes: string;
  album_ids: string;
  inputs: string;
  dim: number;
  shrinkage: number;
  model: Uint8Array;
}

/** Stores a fitted model as the next version of the learned kind; returns that version. */
export function saveLearnedModel(db: Db, model: LearnedProjection, label: string, albumIds: readonly number[], fittedAt = Date.now()): number {
  const width = model.center.length;
  const blob = new Float32Array(width + width * model.dim);
  blob.set(model.center, 0);
  blob.set(model.projection, width);
  return db.transaction(() => {
    const { next } = db.prepare('SELECT coalesce(max(version), 0) + 1 AS next FROM learned_models WHERE kind = ?').get(LEARNED_KIND) as {
      next: number;
    };
    db.prepare(
      `INSERT INTO learned_models (kind, version, label, fitted_at, classes, album_ids, inputs, dim, shrinkage, model)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      LEARNED_KIND,
      next,
      label,
      fittedAt,
      JSON.stringify(model.classes),
      JSON.stringify(albumIds),
      JSON.stringify(model.inputs.map(({ name, version, dim }) => ({ name, version, dim }))),
      model.dim,
      model.shrinkage,
      Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength),
    );
    return next;
  })();
}

/** The latest learned model, or null when `sleeve learn` never ran. */
export function loadLearnedModel(db: Db): StoredLearnedModel | null {
  const row = db.prepare('SELECT * FROM learned_models WHERE kind = ? ORDER BY version DESC LIMIT 1').get(LEARNED_KIND) as ModelRow | undefined;
  if (!row) return null;
  const inputs = JSON.parse(row.inputs) as InputKind[];
  const width = inputs.reduce((sum, input) => sum + input.dim, 0);
  const values = new Float32Array(width + width * row.dim);
  new Uint8Array(values.buffer).set(row.model);
  return {
    version: row.version,
    label: row.label,
    fittedAt: row.fitted_at,
    albumIds: JSON.parse(row.album_ids) as number[],
    classes: JSON.parse(row.classes) as string[],
    inputs,
    shrinkage: row.shrinkage,
    dim: row.dim,
    center: values.slice(0, width),
    projection: values.slice(width),
  };
}

/** Why a stored model no longer applies: one of its input kinds has another version now, or is gone. */
export function staleInputs(model: StoredLearnedModel, current: readonly InputKind[] = DESCRIPTOR_KINDS): string[] {
  return model.inputs
    .filter((input) => !current.some((kind) => kind.name === input.name && kind.version === input.version && kind.dim === input.dim))
    .map((input) => input.name);
}

/**
 * The learned kind as the index and playlists need it ({name: 'learned',
 * version, dim}), or null when no model was fitted or its inputs changed
 * since (their vectors would not match the model any more).
 */
export function currentLearnedKind(db: Db, current: readonly InputKind[] = DESCRIPTOR_KINDS): IndexedKind | null {
  const model = loadLearnedModel(db);
  if (!model || staleInputs(model, current).length > 0) return null;
  return { name: LEARNED_KIND, version: model.version, dim: model.dim };
}

/**
 * Writes the model's vector for every artwork that has all its input kinds
 * (replacing older learned vectors) and removes learned vectors of artworks
 * that no longer qualify. Returns how many were written.
 */
export function writeLearnedVectors(db: Db, model: StoredLearnedModel): number {
  const loaded = model.inputs.map((input) => {
    const vectors = loadVectors(db, input);
    const rowOf = new Map<number, number>();
    vectors.ids.forEach((id, row) => rowOf.set(id, row));
    return { vectors, rowOf };
  });
  const ids = [...loaded[0].rowOf.keys()].filter((id) => loaded.every(({ rowOf }) => rowOf.has(id)));
  const insert = db.prepare('INSERT OR REPLACE INTO descriptors (artwork_id, kind, version, vector) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    db.prepare('DELETE FROM descriptors WHERE kind = ?').run(LEARNED_KIND);
    for (const id of ids) {
      const inputs = loaded.map(({ vectors, rowOf }) => {
        const row = rowOf.get(id)!;
        return vectors.vectors.subarray(row * vectors.dim, (row + 1) * vectors.dim);
      });
      const vector = applyProjection(model, inputs);
      insert.run(id, LEARNED_KIND, model.version, Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
    }
  })();
  return ids.length;
}

/**
 * After a scan: brings the learned vectors up to date with the current model
 * (covers added since `sleeve learn` get theirs). Returns how many artworks
 * have one, or null when there is no usable model.
 */
export function refreshLearnedVectors(db: Db, current: readonly InputKind[] = DESCRIPTOR_KINDS): number | null {
  const model = loadLearnedModel(db);
  if (!model || staleInputs(model, current).length > 0) return null;
  return writeLearnedVectors(db, model);
}
