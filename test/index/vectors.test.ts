import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadVectors, readVector } from '../../src/main/index/vectors.js';
import { addDescriptors, tempLibrary, vectorBytes, type TempLibrary } from './library.js';

const kind = { name: 'color', version: 2, dim: 3 };

describe('loading vectors from the library', () => {
  let library: TempLibrary;
  beforeEach(() => {
    library = tempLibrary();
  });
  afterEach(() => library.dispose());

  it('loads the current version of a kind, normalised, in id order, and nothing else', () => {
    const { db } = library;
    const ids = addDescriptors(db, 'color', 2, new Float32Array([3, 0, 4, 0, 2, 0]), 3);
    addDescriptors(db, 'color', 1, new Float32Array([1, 1, 1]), 3);
    addDescriptors(db, 'tiny', 2, new Float32Array([1, 1, 1]), 3);
    const [malformed] = addDescriptors(db, 'color', 2, new Float32Array([1, 1, 1]), 3);
    db.prepare('UPDATE descriptors SET vector = ? WHERE artwork_id = ?').run(vectorBytes(new Float32Array([1, 1])), malformed);
    const later = addDescriptors(db, 'color', 2, new Float32Array([0, 0, 7]), 3);

    const loaded = loadVectors(db, kind);
    expect(Array.from(loaded.ids)).toEqual([...ids, ...later]);
    expect(Array.from(loaded.vectors)).toEqual([0.6, 0, 0.8, 0, 1, 0, 0, 0, 1].map((v) => Math.fround(v)));
    expect(loaded.dim).toBe(3);
    expect(loaded.malformed).toBe(1);
  });

  it('loads a kind that is a small share of the table (read through the index) the same way', () => {
    const { db } = library;
    addDescriptors(db, 'tiny', 2, new Float32Array(40 * 3).fill(1), 3);
    const first = addDescriptors(db, 'color', 2, new Float32Array([0, 3, 4]), 3);
    const [malformed] = addDescriptors(db, 'color', 2, new Float32Array([1, 1, 1]), 3);
    db.prepare('UPDATE descriptors SET vector = ? WHERE artwork_id = ?').run(vectorBytes(new Float32Array([1, 1])), malformed);
    addDescriptors(db, 'tiny', 2, new Float32Array(20 * 3).fill(1), 3);
    const later = addDescriptors(db, 'color', 2, new Float32Array([2, 0, 0]), 3);

    const loaded = loadVectors(db, kind);
    expect(Array.from(loaded.ids)).toEqual([...first, ...later]);
    expect(Array.from(loaded.vectors)).toEqual([0, 0.6, 0.8, 1, 0, 0].map((v) => Math.fround(v)));
    expect(loaded.malformed).toBe(1);
  });

  it('reads one vector, normalised, and nothing for a cover without one', () => {
    const [id] = addDescriptors(library.db, 'color', 2, new Float32Array([0, 0, 5]), 3);
    expect(Array.from(readVector(library.db, kind, id) ?? [])).toEqual([0, 0, 1]);
    expect(readVector(library.db, kind, id + 1)).toBeUndefined();
    expect(readVector(library.db, { ...kind, version: 3 }, id)).toBeUndefined();
  });
});
