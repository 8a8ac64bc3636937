import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lacking } from '../../src/main/library/describe-pending.js';
import { addDescriptors, tempLibrary, type TempLibrary } from '../index/library.js';

const gist = { name: 'gist', version: 3 };
const DIM = 4;

describe('finding the covers that lack a kind', () => {
  let library: TempLibrary;
  let described: number[];
  beforeEach(() => {
    library = tempLibrary();
    described = addDescriptors(library.db, 'gist', 3, new Float32Array(200 * DIM).fill(1), DIM);
  });
  afterEach(() => library.dispose());

  const lackingIds = () => lacking(library.db, gist).map((artwork) => artwork.id).sort((a, b) => a - b);
  const addBare = (count: number) => {
    const ids = addDescriptors(library.db, 'tiny', 1, new Float32Array(count * DIM).fill(1), DIM);
    library.db.prepare("DELETE FROM descriptors WHERE kind = 'tiny'").run();
    return ids;
  };

  it('finds none when every cover has the kind at its version', () => {
    expect(lackingIds()).toEqual([]);
  });

  it('finds the covers a scan just added (the newest)', () => {
    const added = addBare(3);
    expect(lackingIds()).toEqual(added);
  });

  it('finds an old cover that lost the kind, or has it at another version, beside new ones', () => {
    const added = addBare(2);
    library.db.prepare("DELETE FROM descriptors WHERE kind = 'gist' AND artwork_id = ?").run(described[4]);
    library.db.prepare("UPDATE descriptors SET version = 2 WHERE kind = 'gist' AND artwork_id = ?").run(described[150]);
    expect(lackingIds()).toEqual([described[4], described[150], ...added]);
  });

  it('finds every cover after a version bump', () => {
    expect(lacking(library.db, { ...gist, version: 4 })).toHaveLength(200);
  });
});
