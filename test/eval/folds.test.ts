import { describe, expect, it } from 'vitest';
import { nearDuplicateGroups } from '../../src/main/eval/duplicates.js';
import { groupedFolds } from '../../src/main/eval/folds.js';

describe('nearDuplicateGroups', () => {
  it('joins identical artwork and pairs above every threshold, transitively', () => {
    // Unit vectors in 2-d: 0 and 1 nearly equal, 1 and 2 nearly equal (0 and 2 less so), 3 apart; 4 apart too but shares 3’s artwork.
    const angle = [0, 5, 10, 90, 200].map((degrees) => (degrees * Math.PI) / 180);
    const rows = Float32Array.from(angle.flatMap((a) => [Math.cos(a), Math.sin(a)]));
    const groups = nearDuplicateGroups(5, {
      artworkKeys: ['a', 'b', 'c', 'd', 'd'],
      criteria: [{ embedding: { count: 5, dim: 2, rows }, threshold: Math.cos((6 * Math.PI) / 180) }],
    });
    expect(Array.from(groups)).toEqual([0, 0, 0, 3, 3]);
  });
});

describe('groupedFolds', () => {
  // 100 albums, 4 labels, groups of one to three albums.
  const labels = Int32Array.from({ length: 100 }, (_, i) => Math.floor(i / 3) % 4);
  const groups = Int32Array.from({ length: 100 }, (_, i) => (i % 7 === 0 ? i : i - (i % 3)));

  it('never splits a near-duplicate group across folds', () => {
    const fold = groupedFolds(labels, groups, 5, 11);
    const foldOfGroup = new Map<number, number>();
    for (let i = 0; i < labels.length; i++) {
      const seen = foldOfGroup.get(groups[i]);
      if (seen === undefined) foldOfGroup.set(groups[i], fold[i]);
      else expect(fold[i]).toBe(seen);
    }
  });

  it('balances folds and labels and repeats itself for a seed', () => {
    const fold = groupedFolds(labels, groups, 5, 11);
    const sizes = [0, 0, 0, 0, 0];
    for (const f of fold) sizes[f]++;
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(6);
    for (let label = 0; label < 4; label++) {
      const perFold = [0, 0, 0, 0, 0];
      fold.forEach((f, i) => labels[i] === label && perFold[f]++);
      expect(Math.min(...perFold)).toBeGreaterThan(0);
    }
    expect(Array.from(groupedFolds(labels, groups, 5, 11))).toEqual(Array.from(fold));
    expect(Array.from(groupedFolds(labels, groups, 5, 12))).not.toEqual(Array.from(fold));
  });
});
